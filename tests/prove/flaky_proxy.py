"""A fault-injecting HTTP proxy in front of the search engine, for platform/prove.

Every request is forwarded to the engine, except a random share (``--fail``, e.g. 0.3) that is
rejected: half of those with ``503 Service Unavailable`` (an overloaded node), half by closing
the connection without an answer (a node that dies mid-request). The platform must lose no
index work because of it.

    python -m tests.prove.flaky_proxy --listen 9290 --upstream http://127.0.0.1:9257 --fail 0.3

With ``--fail-file PATH`` the share is read from that file at every request instead, so a
proof can let the site start (and build its index) before the faults begin.

It prints one line when it listens, and counts on SIGTERM/exit (forwarded, 503, dropped).
"""

import argparse
import http.client
import random
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}
COUNTS = {"forwarded": 0, "rejected_503": 0, "dropped": 0}
LOCK = threading.Lock()


def _count(what):
    with LOCK:
        COUNTS[what] += 1


class FlakyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = None
    fail = 0.0
    fail_file = None
    random = random.Random(0)

    def log_message(self, format, *args):  # the engine's traffic would drown the proof's output
        pass

    def _relay(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with LOCK:
            roll = self.random.random()
        fail = self._share_to_fail()
        if roll < fail / 2:
            _count("rejected_503")
            self._answer(503, b'{"error":"injected fault"}')
            return
        if roll < fail:
            _count("dropped")
            self.close_connection = True
            self.connection.close()
            return
        target = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        target.request(self.command, self.path, body=body, headers=headers)
        answer = target.getresponse()
        payload = answer.read()
        target.close()
        _count("forwarded")
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _share_to_fail(self):
        if self.fail_file is None:
            return self.fail
        try:
            with open(self.fail_file) as file:
                return float(file.read().strip() or 0)
        except (OSError, ValueError):
            return 0.0

    def _answer(self, status, payload):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _relay


class FlakyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A connection this proxy dropped on purpose ends in a reset: that is the fault, not news.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--fail", type=float, default=0.3)
    parser.add_argument("--fail-file", default=None)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    FlakyHandler.upstream = urlsplit(options.upstream)
    FlakyHandler.fail = options.fail
    FlakyHandler.fail_file = options.fail_file
    FlakyHandler.random = random.Random(options.seed)
    server = FlakyServer(("127.0.0.1", options.listen), FlakyHandler)

    def stop(*_):
        print("flaky proxy:", COUNTS, flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    print(f"flaky proxy on http://127.0.0.1:{options.listen} → {options.upstream}", flush=True)
    try:
        server.serve_forever()
    finally:
        print("flaky proxy:", COUNTS, flush=True)


if __name__ == "__main__":
    main()
