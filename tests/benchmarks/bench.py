"""The benchmark behind platform/bench: index build, API and page latency, throughput, memory.

Run it through ``platform/bench``, which prepares a throwaway database (migrated, with the
taxonomy) and, for the engine, a search node. This module then

1. adds generated municipalities, factors and tags (search.facets reads its values from them),
2. generates N practices as ``SearchDocument`` objects (no Wagtail pages: the benchmark
   measures the search layer and the API, not page saving or page rendering),
3. times the full index build on the configured backend,
4. serves the site with gunicorn on 127.0.0.1 and sends the fixed query mix of
   ``tests.benchmarks.queries`` to GET /api/v1/practices/: sequential latency after a
   warm-up, then requests per second with C concurrent clients for S seconds; and the same
   text queries to the HTML finder page GET /zoeken/?q=... (sequential latency),
5. reads the peak RSS (VmHWM) of the server processes and of the engine's JVM,
6. prints a table and, as its very last line, one machine-readable summary line.

Targets are reported, never asserted.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SEED = 2013

# (backend, practices, p95 limit in ms); the index target is for the engine at 100,000.
LATENCY_TARGETS = {"elasticsearch": (100_000, 30.0), "database": (10_000, 60.0)}
INDEX_TARGET = ("elasticsearch", 100_000, 120.0)


# -- Output ---------------------------------------------------------------------------------
class Progress:
    """A tiny progress bar on stderr; on a non-terminal, one line per tenth."""

    WIDTH = 30

    def __init__(self, label, total):
        self.label, self.total = label, max(total, 1)
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.last_draw, self.last_tenth = 0.0, -1

    def update(self, done):
        now = time.perf_counter()
        fraction = min(done / self.total, 1.0)
        if self.tty:
            if now - self.last_draw < 0.1 and done < self.total:
                return
            self.last_draw = now
            filled = int(fraction * self.WIDTH)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            sys.stderr.write(
                f"\r  {self.label:<22} [{bar}] {fraction:6.1%} {done:>9,}/{self.total:,}"
                f" {now - self.start:7.1f}s"
            )
            sys.stderr.flush()
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            sys.stderr.write(
                f"  {self.label:<22} {fraction:6.1%} {done:>9,}/{self.total:,}"
                f" {now - self.start:7.1f}s\n"
            )

    def close(self):
        if self.tty:
            sys.stderr.write("\n")
        return time.perf_counter() - self.start


def say(message):
    sys.stderr.write(f"==> {message}\n")
    sys.stderr.flush()


def ms(seconds):
    return seconds * 1000.0


def percentiles(samples):
    """p50, p95, p99 in ms (linear interpolation), and the maximum."""
    if not samples:
        return float("nan"), float("nan"), float("nan"), float("nan")
    if len(samples) == 1:
        value = ms(samples[0])
        return value, value, value, value
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return ms(cuts[49]), ms(cuts[94]), ms(cuts[98]), ms(max(samples))


# -- Processes and memory ---------------------------------------------------------------------
def vm_hwm_mib(pid):
    """Peak resident set size (VmHWM) of a process in MiB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def child_pids(parent):
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may contain spaces, so split after the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.append(int(entry.name))
    return found


def listening_pid(port):
    """The pid of the process listening on a local TCP port, found through /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    targets = {f"socket:[{inode}]" for inode in inodes}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in targets:
                    return int(entry.name)
        except OSError:
            continue
    return None


def load_average():
    """The 1-minute load average: other work on the machine skews every figure."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- HTTP ---------------------------------------------------------------------------------------
JSON, HTML = "application/json", "text/html"


def fetch(port, path, timeout=300, accept=JSON):
    """(status, body, seconds) of one GET on a fresh connection to 127.0.0.1."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        start = time.perf_counter()
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - start
    finally:
        connection.close()


DEGRADED_PAGE = b"De zoekmachine is even niet bereikbaar"


def is_degraded(body):
    return b'"degraded": true' in body or b'"degraded":true' in body or DEGRADED_PAGE in body


class Server:
    """gunicorn serving config.wsgi on 127.0.0.1, with its pid left for platform/bench's trap."""

    def __init__(self, workers, var_dir):
        self.workers = workers
        self.port = free_port()
        self.log_path = Path(var_dir) / "gunicorn.log"
        self.pid_path = Path(var_dir) / "server.pid"
        self.process = None

    def start(self):
        import gunicorn

        self.version = gunicorn.__version__
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=600",
            "--backlog=2048",
            "--log-level=warning",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        self.pid_path.write_text(str(self.process.pid))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _, _ = fetch(self.port, "/api/v1/practices/?page=1", timeout=60)
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer; its log:\n{self.log_path.read_text()[-3000:]}")

    def peak_rss(self):
        """(master MiB, [worker MiB, ...]) peak RSS, read while the server still runs."""
        master = vm_hwm_mib(self.process.pid)
        workers = [vm_hwm_mib(pid) for pid in child_pids(self.process.pid)]
        return master, [w for w in workers if w is not None]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.pid_path.unlink(missing_ok=True)


# -- Load -----------------------------------------------------------------------------------------
class Samples:
    def __init__(self):
        self.latencies = []
        self.by_kind = defaultdict(list)
        self.by_path = defaultdict(list)
        self.errors = 0
        self.degraded = 0
        self.lock = threading.Lock()

    def add(self, kind, path, status, body, seconds):
        with self.lock:
            if status != 200:
                self.errors += 1
                return
            if is_degraded(body):
                self.degraded += 1
            self.latencies.append(seconds)
            self.by_kind[kind].append(seconds)
            self.by_path[path].append(seconds)


def warm_up(port, queries):
    """Every query twice; checks each answer and returns {path: number of results}."""
    from search.facets import FACETS

    expected = {facet.name for facet in FACETS}
    totals, degraded = {}, 0
    for _ in range(2):
        for _kind, path in queries:
            status, body, _ = fetch(port, path)
            if status != 200:
                raise SystemExit(f"GET {path} answered {status}: {body[:500]!r}")
            answer = json.loads(body)
            if set(answer["facets"]) != expected:
                raise SystemExit(f"GET {path}: facets {sorted(answer['facets'])} != {expected}")
            totals[path] = answer["count"]
            degraded += answer["degraded"]
    return totals, degraded


def warm_up_pages(port, pages):
    """Every finder page twice; checks that each is the finder's HTML page."""
    degraded = 0
    for _ in range(2):
        for _kind, path in pages:
            status, body, _ = fetch(port, path, accept=HTML)
            if status != 200 or b'id="results-heading"' not in body:
                raise SystemExit(f"GET {path} answered {status}: {body[:500]!r}")
            degraded += is_degraded(body)
    return degraded


def sequential(port, queries, rounds, time_cap, label="latency, 1 client", accept=JSON):
    samples = Samples()
    start = time.monotonic()
    progress = Progress(label, rounds * len(queries))
    done = 0
    for _ in range(rounds):
        for kind, path in queries:
            status, body, seconds = fetch(port, path, accept=accept)
            samples.add(kind, path, status, body, seconds)
            done += 1
            progress.update(done)
        if time.monotonic() - start > time_cap:
            break
    progress.close()
    return samples, done // len(queries)


def concurrent(port, queries, clients, seconds):
    samples = Samples()
    deadline = time.monotonic() + seconds
    progress = Progress(f"load, {clients} clients", int(seconds))

    def client(offset):
        position = offset
        while time.monotonic() < deadline:
            kind, path = queries[position % len(queries)]
            position += 1
            try:
                status, body, elapsed = fetch(port, path, timeout=max(seconds, 60))
            except OSError:
                with samples.lock:
                    samples.errors += 1
                continue
            samples.add(kind, path, status, body, elapsed)

    threads = [
        threading.Thread(target=client, args=(i * len(queries) // clients,), daemon=True)
        for i in range(clients)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        progress.update(int(min(time.monotonic() - start, seconds)))
        time.sleep(0.2)
    for thread in threads:
        thread.join()
    progress.close()
    return samples, time.monotonic() - start


# -- Index build ------------------------------------------------------------------------------
def build_database_index(documents, chunk, mode):
    """The full database index from empty; returns seconds."""
    from django.db import transaction

    from search.backends.database import DatabaseBackend, entry_fields
    from search.models import IndexEntry

    IndexEntry.objects.all().delete()
    backend = DatabaseBackend()
    progress = Progress(f"index ({mode})", len(documents))
    start = time.perf_counter()
    for first in range(0, len(documents), chunk):
        part = documents[first : first + chunk]
        if mode == "bulk":
            with transaction.atomic():
                IndexEntry.objects.bulk_create(
                    [IndexEntry(key=doc.key, **entry_fields(doc)) for doc in part], batch_size=500
                )
        else:
            backend.index(part)  # one transaction per call (DatabaseBackend.index is atomic)
        progress.update(first + len(part))
    seconds = time.perf_counter() - start
    progress.close()
    indexed = IndexEntry.objects.count()
    if indexed != len(documents):
        raise SystemExit(f"the database index holds {indexed} entries, not {len(documents)}")
    return seconds


def build_engine_index(documents):
    """A full rebuild through EngineBackend.rebuild (bulk into a new index, alias swap)."""
    from search.backends.engine import EngineBackend
    from search.backends.engine.management import alias_name

    backend = EngineBackend()
    progress = Progress("index (engine rebuild)", len(documents))
    start = time.perf_counter()
    written = backend.rebuild(iter(documents), progress=progress.update)
    seconds = time.perf_counter() - start
    progress.close()
    count = backend.client.count(alias_name())
    if written != len(documents) or count != len(documents):
        raise SystemExit(
            f"the engine holds {count} documents (wrote {written}), not {len(documents)}"
        )
    return seconds


def drop_engine_indices():
    from search.backends.engine import EngineBackend
    from search.backends.engine.management import drop

    drop(EngineBackend().client)


# -- Profile -----------------------------------------------------------------------------------
PROFILED = (
    "/api/v1/practices/",
    "/api/v1/practices/?q=wijkbudget",
    "/api/v1/practices/?q=zwembad",
    "/zoeken/?q=zwembad",
    "/zoeken/?q=bibliotheek+vrijwilligers",
)


def profile_requests(paths=PROFILED, limit=25):
    """cProfile of single API requests, in-process through Django's test client (after warm-up).

    Prints the functions with the most cumulative and the most own time per request.
    """
    import cProfile
    import io
    import pstats

    from django.test import Client

    client = Client()
    lines = ["", "Profiles (cProfile, one request each, in-process, after one warm-up request)"]
    for path in paths:
        client.get(path)
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        response = client.get(path)
        profiler.disable()
        elapsed = time.perf_counter() - start
        lines.append("")
        lines.append(f"== GET {path}: {response.status_code}, {ms(elapsed):.0f} ms (with profiler)")
        for order in ("cumulative", "tottime"):
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream)
            stats.strip_dirs().sort_stats(order).print_stats(limit)
            text = stream.getvalue()
            lines.append(f"-- by {order}")
            lines.extend(line for line in text[text.index("   ncalls") :].splitlines() if line)
    print("\n".join(lines), flush=True)


# -- Report -------------------------------------------------------------------------------------
def verdict(value, limit):
    return "met" if value <= limit else "MISSED"


def report(run):
    a = run
    lines = []
    add = lines.append
    add("")
    add(f"Praktijkbank search benchmark: {a['backend']}, {a['practices']:,} practices")
    add("  What is measured: the search layer and the JSON API (SearchDocument -> backend index")
    add("  -> GET /api/v1/practices/ with every facet count), and the HTML finder page")
    add("  GET /zoeken/?q=... for the text queries. The practices are generated SearchDocuments,")
    add("  not Wagtail pages: page saving and the practice pages themselves are NOT measured.")
    add("")
    rows = [
        ("backend", a["backend_detail"]),
        ("database", a["database"]),
        ("practices", f"{a['practices']:,} generated (seed {a['seed']}), {a['reference']}"),
        ("server", a["server_detail"]),
        ("machine", a["machine"]),
        ("generate documents", f"{a['generate_s']:.1f} s"),
        (
            "index build (full)",
            f"{a['index_s']:.1f} s  ({a['practices'] / a['index_s']:,.0f} docs/s, "
            f"{a['index_how']})",
        ),
    ]
    p50, p95, p99, top = a["latency"]
    rows.append(
        (
            f"latency, 1 client (n={a['sequential_n']})",
            f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  max {top:.1f} ms",
        )
    )
    g50, g95, g99, gtop = a["page_latency"]
    rows.append(
        (
            f"finder page, 1 client (n={a['page_n']})",
            f"p50 {g50:.1f} ms  p95 {g95:.1f} ms  p99 {g99:.1f} ms  max {gtop:.1f} ms "
            f"({a['page_queries']} text queries on /zoeken/)",
        )
    )
    c50, c95, c99, _ = a["load_latency"]
    rows.append(
        (
            f"throughput, {a['clients']} clients, {a['seconds']:.0f} s",
            f"{a['rps']:.1f} req/s  ({a['load_n']:,} ok, {a['load_errors']} errors; "
            f"p50 {c50:.0f} ms  p95 {c95:.0f} ms  p99 {c99:.0f} ms under load)",
        )
    )
    master, workers = a["server_rss"]
    rows.append(
        (
            "server peak RSS (VmHWM)",
            f"workers {', '.join(f'{w:.0f}' for w in workers)} MiB; master {master:.0f} MiB; "
            f"total {master + sum(workers):.0f} MiB",
        )
    )
    if a["backend"] == "elasticsearch":
        jvm = a["engine_rss"]
        rows.append(
            ("engine JVM peak RSS", f"{jvm:.0f} MiB" if jvm else "unknown (process not found)")
        )
    if a["degraded"]:
        rows.append(("DEGRADED answers", f"{a['degraded']} (served by the database fallback!)"))
    width = max(len(name) for name, _ in rows) + 2
    lines += [f"  {name:<{width}}{value}" for name, value in rows]

    add("")
    add(
        f"  {'query kind (1 client)':<22}{'queries':>8}{'n':>6}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    )
    for kind in a["kinds"]:
        samples = a["by_kind"].get(kind, [])
        k50, k95, _, kmax = percentiles(samples)
        add(
            f"  {kind:<22}{a['kind_counts'][kind]:>8}{len(samples):>6}"
            f"{k50:>9.1f}{k95:>9.1f}{kmax:>9.1f}"
        )
    if a["per_query"]:
        add("")
        add(f"  {'query':<86}{'results':>8}{'p50 ms':>9}")
        for path, samples in a["by_path"].items():
            add(f"  {path[:86]:<86}{a['totals'][path]:>8,}{percentiles(samples)[0]:>9.1f}")
        for path, samples in a["page_by_path"].items():
            add(f"  {path[:86]:<86}{'page':>8}{percentiles(samples)[0]:>9.1f}")
    empty = sum(1 for total in a["totals"].values() if total == 0)
    add(f"  {len(a['totals'])} distinct queries; {empty} with no results (1 is meant to be empty)")

    add("")
    add("  targets (reported, never asserted)")
    for backend, (practices, limit) in LATENCY_TARGETS.items():
        text = f"{backend} p95 <= {limit:.0f} ms at {practices:,}"
        if backend == a["backend"]:
            scale = "" if practices == a["practices"] else f" (this run: {a['practices']:,})"
            add(f"    {text:<42} p95 {p95:.1f} ms: {verdict(p95, limit)}{scale}")
        else:
            add(f"    {text:<42} not this run")
    backend, practices, limit = INDEX_TARGET
    text = f"engine reindex of {practices:,} <= {limit:.0f} s"
    if backend == a["backend"]:
        scale = "" if practices == a["practices"] else f" (this run: {a['practices']:,})"
        add(f"    {text:<42} {a['index_s']:.1f} s: {verdict(a['index_s'], limit)}{scale}")
    else:
        add(f"    {text:<42} not this run")
    add("")
    add(
        f"backend={a['backend']} practices={a['practices']} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"p99_ms={p99:.1f} rps={a['rps']:.1f} index_s={a['index_s']:.1f} "
        f"page_p50_ms={g50:.1f} page_p95_ms={g95:.1f} page_p99_ms={g99:.1f}"
    )
    print("\n".join(lines), flush=True)


# -- Main -----------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(prog="platform/bench", description=__doc__.split("\n")[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--backend", choices=["database", "elasticsearch"], default="database")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=5, help="sequential rounds of the query mix")
    parser.add_argument(
        "--db-index",
        choices=["backend", "bulk"],
        default="backend",
        help="database index build: DatabaseBackend.index (default) or bulk_create",
    )
    parser.add_argument("--chunk", type=int, default=1000, help="documents per index call")
    parser.add_argument("--per-query", action="store_true", help="print every query's p50")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile single requests before the load test"
    )
    parser.add_argument(
        "--exports",
        action="store_true",
        help="measure the CSV and JSON export instead (tests/benchmarks/exports.py)",
    )
    args = parser.parse_args(argv)
    if args.practices < 1 or args.clients < 1 or args.seconds <= 0 or args.workers < 1:
        parser.error("--practices, --clients, --seconds and --workers must be positive")
    return args


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # runs the finally blocks: server stopped, indices dropped


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from tests.benchmarks import generate, queries

    if args.exports:
        from tests.benchmarks import exports

        exports.main(args)
        return
    engine = args.backend == "elasticsearch"
    configured = settings.PRAKTIJKBANK_SEARCH_BACKEND
    if engine != configured.endswith("EngineBackend"):
        raise SystemExit(f"--backend {args.backend}, but the settings use {configured}")
    var_dir = settings.VAR_DIR
    run = {
        "load_before": load_average(),
        "backend": args.backend,
        "practices": args.practices,
        "seed": args.seed,
        "clients": args.clients,
        "seconds": args.seconds,
        "per_query": args.per_query,
        "kinds": queries.KINDS,
    }
    db = settings.DATABASES["default"]
    run["database"] = (
        f"SQLite {db['NAME']}"
        if db["ENGINE"].endswith("sqlite3")
        else f"PostgreSQL {db['NAME']} on {db.get('HOST') or 'local socket'}"
    ) + f" (CONN_MAX_AGE {db.get('CONN_MAX_AGE', 0)})"

    try:
        say("Reference data: municipalities, factors, tags")
        counts = generate.load_reference_data(args.seed)
        run["reference"] = (
            f"{counts['municipalities']} municipalities, {counts['factors']} factors, "
            f"{counts['tags']} tags"
        )
        vocab = generate.vocabulary()
        say(f"Generating {args.practices:,} practice documents (no Wagtail pages)")
        generator = generate.PracticeGenerator(args.seed, vocab)
        progress = Progress("generate", args.practices)
        documents = []
        for document in generator.documents(args.practices):
            documents.append(document)
            if len(documents) % 500 == 0:
                progress.update(len(documents))
        progress.update(len(documents))
        run["generate_s"] = progress.close()

        say("Building the full index")
        if engine:
            run["index_s"] = build_engine_index(documents)
            run["index_how"] = "EngineBackend.rebuild: streaming bulk of 500, new index + alias"
            url = settings.ELASTICSEARCH_URL
            run["backend_detail"] = f"engine (OpenSearch) at {url}, index prefix "
            run["backend_detail"] += settings.SEARCH_INDEX_PREFIX
        else:
            run["index_s"] = build_database_index(documents, args.chunk, args.db_index)
            run["index_how"] = (
                f"DatabaseBackend.index, {args.chunk:,} per transaction"
                if args.db_index == "backend"
                else f"bulk_create of entry_fields, {args.chunk:,} per transaction"
            )
            run["backend_detail"] = "database (search.backends.database.DatabaseBackend)"
        del documents
        if args.profile:
            profile_requests()
        connection.close()

        server = Server(args.workers, var_dir)
        say(f"Serving with gunicorn ({args.workers} sync workers) on 127.0.0.1:{server.port}")
        server.start()
        try:
            paths = queries.paths()
            say(f"Warm-up: {len(paths)} queries, twice")
            totals, warm_degraded = warm_up(server.port, paths)
            say("Sequential latency")
            seq, rounds = sequential(server.port, paths, args.rounds, time_cap=300)
            pages = queries.page_paths()
            say(f"Finder page: {len(pages)} text queries, warm-up twice, then sequential latency")
            page_degraded = warm_up_pages(server.port, pages)
            page_seq, _ = sequential(
                server.port, pages, args.rounds, 300, label="page, 1 client", accept=HTML
            )
            say(f"Throughput: {args.clients} clients for {args.seconds:.0f} s")
            load, elapsed = concurrent(server.port, paths, args.clients, args.seconds)
            run["server_rss"] = server.peak_rss()
        finally:
            server.stop()
        run["server_detail"] = (
            f"gunicorn {server.version}, {args.workers} sync workers, 127.0.0.1:{server.port}, "
            "a new connection per request"
        )
        run["engine_rss"] = None
        if engine:
            pid = os.environ.get("BENCH_ENGINE_PID") or listening_pid(
                urlsplit(settings.ELASTICSEARCH_URL).port or 9200
            )
            run["engine_rss"] = vm_hwm_mib(int(pid)) if pid else None
        cpus = os.cpu_count()
        sharing = "the server, the engine" if engine else "the server"
        run["machine"] = (
            f"{cpus} CPUs, shared by {sharing} and the load clients; "
            f"1-min load average at start {run['load_before']:.1f}"
        )
        if run["load_before"] > 0.5 * cpus:
            run["machine"] += " (BUSY: other work was running, figures are pessimistic)"
        run["totals"] = totals
        run["kind_counts"] = {kind: sum(1 for k, _ in paths if k == kind) for kind in queries.KINDS}
        run["latency"] = percentiles(seq.latencies)
        run["sequential_n"] = len(seq.latencies)
        if rounds < args.rounds:
            say(f"Sequential phase stopped after {rounds} rounds (time cap)")
        run["by_kind"], run["by_path"] = seq.by_kind, seq.by_path
        run["page_latency"] = percentiles(page_seq.latencies)
        run["page_n"], run["page_queries"] = len(page_seq.latencies), len(pages)
        run["page_by_path"] = page_seq.by_path
        run["load_latency"] = percentiles(load.latencies)
        run["load_n"] = len(load.latencies)
        run["load_errors"] = load.errors + seq.errors + page_seq.errors
        run["rps"] = len(load.latencies) / elapsed
        run["degraded"] = (
            warm_degraded + seq.degraded + load.degraded + page_degraded + page_seq.degraded
        )
    finally:
        if engine:
            try:
                drop_engine_indices()
            except Exception as error:  # report, but let the first error win
                say(f"Could not delete the benchmark's engine indices: {error}")
    report(run)


if __name__ == "__main__":
    main()
