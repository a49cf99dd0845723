"""platform/prove's scenarios: the production set under load, faults and hostile input.

Each scenario starts what it needs (platform/serve, a search node or cluster, the flaky proxy),
measures, stops it again and returns one row for the table. Nothing here asserts a timing; a
row "fails" only on what must never happen: a failed request, an answer ≥ 500, an index that
differs from the published set, rows or files left by refused input, a backup that loses data.

    python -m tests.prove.scenarios [--only load,outage,...] [--users 20] [--seconds 60]
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ROOT / "platform"
PYTHON = sys.executable


def say(text):
    print(f"==> {text}", file=sys.stderr, flush=True)


@dataclass
class Row:
    scenario: str
    backend: str
    figures: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


# --- The production set -----------------------------------------------------------------------


class ProductionSet:
    """platform/serve in the background, with the search engine this scenario wants: none, a
    node of its own (``start_node``), or one that already runs (``engine_url``)."""

    SERVE = ROOT / ".cache" / "serve"

    def __init__(self, port, engine_url=None, start_node=False):
        self.port, self.engine_url, self.start_node = port, engine_url, start_node
        self.env = {}

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        args = [str(PLATFORM / "serve"), "start", "--port", str(self.port)]
        if self.start_node:
            args.append("--engine")
        elif self.engine_url:
            args += ["--engine-url", self.engine_url]
        say(f"platform/serve {' '.join(args[1:])}")
        # The reconcile loop (the hourly timer) must not run during a proof: the queue alone
        # has to bring the index back.
        env = {**os.environ, "SERVE_RECONCILE_SECONDS": "86400"}
        subprocess.run(args, check=True, env=env, stdout=sys.stderr)
        self.env = _key_values(self.SERVE / "env")
        return self

    def __exit__(self, *exc):
        subprocess.run([str(PLATFORM / "serve"), "stop"], check=False, stdout=sys.stderr)

    def state(self, key):
        return _key_values(self.SERVE / "state").get(key, "")

    def environment(self):
        """The production settings' environment, for running Django code against this set."""
        return {**os.environ, **self.env}

    def site_side(self, *args):
        """Runs tests/prove/operations.py in this set's environment; its JSON answer."""
        done = subprocess.run(
            [PYTHON, "-m", "tests.prove.operations", *args],
            cwd=ROOT,
            env=self.environment(),
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])


def _key_values(path):
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return dict(pairs)


# --- Load ---------------------------------------------------------------------------------------


def run_load(host, users, seconds, work, during=None):
    """Locust, headless, against ``host``; ``during(started)`` runs beside it in a thread."""
    prefix = work / "locust"
    report = work / "server-errors.json"
    command = [
        PYTHON, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")),
        "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
        "--host", host, "--csv", str(prefix), "--only-summary", "--exit-code-on-error", "1",
    ]  # fmt: skip
    env = {**os.environ, "PROVE_LOCUST_REPORT": str(report)}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    started = time.monotonic()
    side = threading.Thread(target=during, args=(started,)) if during else None
    if side:
        side.start()
    _, errors = process.communicate(timeout=seconds + 120)
    if side:
        side.join()
    stats = _read_stats(Path(f"{prefix}_stats.csv"))
    written = json.loads(report.read_text()) if report.exists() else {}
    return stats, written, errors


def _read_stats(path):
    with path.open() as file:
        return {row["Name"]: row for row in csv.DictReader(file)}


def load_figures(stats, written):
    total = stats.get("Aggregated", {})
    figures = {
        "requests": int(total.get("Request Count", 0)),
        "failed": int(total.get("Failure Count", 0)),
        "≥500": written.get("server_errors"),
        # API answers served by the database because the engine was away ("degraded").
        "API answers from the database fallback": written.get("degraded"),
        "req/s": round(float(total.get("Requests/s", 0)), 1),
    }
    for name, row in stats.items():
        if name != "Aggregated":
            figures[f"{name} p50/p95/p99 ms"] = f"{row['50%']}/{row['95%']}/{row['99%']}"
    return figures


def load_problems(figures):
    problems = []
    if figures["requests"] == 0:
        problems.append("no requests were made")
    if figures["failed"]:
        problems.append(f"{figures['failed']} failed requests")
    if figures["≥500"] != 0:
        problems.append(f"{figures['≥500']} answers ≥ 500")
    return problems


def scenario_load(options, work):
    rows = []
    for backend, start_node in (("database", False), ("engine", True)):
        with ProductionSet(options.port, start_node=start_node) as site:
            stats, errors, _ = run_load(site.url, options.users, options.seconds, work)
            figures = load_figures(stats, errors)
            rows.append(Row("1. load", backend, figures, load_problems(figures)))
    return rows


# --- Engine outage under load ------------------------------------------------------------------


def scenario_outage(options, work):
    with ProductionSet(options.port, start_node=True) as site:
        node = SingleNode(
            site.state("ENGINE_STATE"), int(site.state("ENGINE_URL").rsplit(":", 1)[1])
        )
        timeline = {}

        def outage(started):
            _wait_until(started + options.seconds / 3)
            node.stop(keep_data=True)
            timeline["engine stopped at s"] = round(time.monotonic() - started, 1)
            timeline["changes during outage"] = site.site_side(
                "change", "--count", "12", "--seed", "7"
            )
            _wait_until(started + 2 * options.seconds / 3)
            node.start()
            timeline["engine back at s"] = round(time.monotonic() - started, 1)

        stats, errors, _ = run_load(site.url, options.users, options.seconds, work, outage)
        figures = load_figures(stats, errors) | timeline
        figures |= _wait_for_index(site, deadline_s=60)
        problems = load_problems(figures)
        if not figures["index equals published set"]:
            problems.append(f"index differs 60 s after restart: {figures['differences']}")
        return [Row("2. engine outage", "engine (1 node)", figures, problems)]


def _wait_until(moment):
    time.sleep(max(0.0, moment - time.monotonic()))


def _wait_for_index(site, deadline_s):
    """Polls (no command run on the site) until every index equals the published set."""
    started = time.monotonic()
    while True:
        report = site.site_side("differences")
        differences = {
            name: counts
            for name, counts in report.items()
            if name != "published" and (not isinstance(counts, dict) or any(counts.values()))
        }
        elapsed = time.monotonic() - started
        if not differences or elapsed > deadline_s:
            return {
                "index equals published set": not differences,
                "converged after s": round(elapsed, 1),
                "published": report["published"],
                "differences": differences,
            }
        time.sleep(2)


class SingleNode:
    """One OpenSearch node of platform/elasticsearch/run, stopped and started by its pid."""

    def __init__(self, name, port):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"

    def _run(self, *args, keep_data=False):
        env = {**os.environ, "ES_STATE": self.name}
        if keep_data:
            env["ES_KEEP_DATA"] = "1"
        return subprocess.run(
            [str(PLATFORM / "elasticsearch" / "run"), *args],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )

    def start(self):
        self._run("start", str(self.port))

    def stop(self, keep_data=False):
        # The runner's stop sends SIGTERM to the node's pid and waits for it to exit.
        self._run("stop", keep_data=keep_data)


# --- Lost cluster node --------------------------------------------------------------------------


def _cluster(*args):
    return subprocess.run(
        [str(PLATFORM / "elasticsearch" / "cluster"), *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout


def scenario_lost_node(options, work):
    line = _cluster("start").strip().splitlines()[-1]
    urls = line.split("=", 1)[1]
    env_replicas = os.environ.get("SEARCH_INDEX_REPLICAS")
    try:
        os.environ["SEARCH_INDEX_REPLICAS"] = "1"
        with ProductionSet(options.port, engine_url=urls) as site:
            timeline = {}

            def lose_a_node(started):
                _wait_until(started + options.seconds / 3)
                _cluster("kill", "2")
                timeline["killed node 2 at s"] = round(time.monotonic() - started, 1)
                timeline["changes"] = site.site_side("change", "--count", "12", "--seed", "8")
                _wait_until(started + 2 * options.seconds / 3)
                _cluster("start-node", "2")
                timeline["restarted at s"] = round(time.monotonic() - started, 1)

            stats, errors, _ = run_load(site.url, options.users, options.seconds, work, lose_a_node)
            figures = load_figures(stats, errors) | timeline
            figures["cluster after restart"] = _cluster("health").strip()
            figures |= _wait_for_index(site, deadline_s=60)
            problems = load_problems(figures)
            if "green" not in figures["cluster after restart"]:
                problems.append("cluster not green after the node came back")
            if not figures["index equals published set"]:
                problems.append(f"index differs: {figures['differences']}")
            return [Row("3. lost cluster node", "engine (3 nodes)", figures, problems)]
    finally:
        if env_replicas is None:
            os.environ.pop("SEARCH_INDEX_REPLICAS", None)
        _cluster("stop")


# --- Flaky engine -------------------------------------------------------------------------------


def scenario_flaky(options, work):
    figures, problems = {}, []
    node = SingleNode("prove-flaky", options.engine_port)
    node.start()
    proxy_port = options.engine_port + 1
    # No faults while the site starts and builds its index; 30% once it runs.
    share = work / "fail-share"
    share.write_text("0")
    proxy = subprocess.Popen(
        [PYTHON, "-m", "tests.prove.flaky_proxy", "--listen", str(proxy_port),
         "--upstream", node.url, "--fail-file", str(share)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    proxy.stdout.readline()  # "flaky proxy on ..."
    try:
        with ProductionSet(options.port, engine_url=f"http://127.0.0.1:{proxy_port}") as site:
            share.write_text("0.3")
            started = time.monotonic()
            done = site.site_side("change", "--count", "200", "--seed", "9")
            figures |= {"operations": sum(done.values()), **done}
            figures["operations took s"] = round(time.monotonic() - started, 1)
            drained = _wait_for_queue(site, deadline_s=600)
            figures |= drained
            # The faults end here: the comparison reads the engine, it must not be refused.
            share.write_text("0")
            figures |= _wait_for_index(site, deadline_s=30)
            if drained["queued"]:
                problems.append(f"{drained['queued']} index updates still queued")
            if not figures["index equals published set"]:
                problems.append(f"index differs: {figures['differences']}")
    finally:
        proxy.terminate()
        figures["proxy"] = proxy.communicate(timeout=10)[0].strip().splitlines()[-1]
        node.stop()
    return [Row("4. flaky engine (30% rejected)", "engine (1 node + proxy)", figures, problems)]


def _wait_for_queue(site, deadline_s):
    started = time.monotonic()
    while True:
        queue = site.site_side("queue")
        elapsed = time.monotonic() - started
        if not queue["queued"] or elapsed > deadline_s:
            return {"queued": queue["queued"], "queue drained after s": round(elapsed, 1)}
        time.sleep(2)


# --- Hostile input and backup ------------------------------------------------------------------


def scenario_hostile(options, work):
    from .hostile import attack

    with ProductionSet(options.port) as site:
        figures = attack(
            site.url,
            work,
            examples=options.hostile_examples,
            count_rows=lambda: site.site_side("rows"),
        )
        before, after = figures.pop("before"), figures.pop("after")
        changed = {
            name: (before[name], after.get(name))
            for name in before
            if before[name] != after.get(name)
        }
        figures["rows or files changed"] = changed or "none"
        problems = list(figures.pop("problems", []))
        if figures["≥500"]:
            problems.append(f"{figures['≥500']} answers ≥ 500")
        if figures["requests"] < 1000:
            problems.append(f"only {figures['requests']} requests")
        if figures.get("refusals without Dutch message"):
            problems.append(
                f"{figures['refusals without Dutch message']} refusals without a Dutch message"
            )
        if changed:
            problems.append(f"junk left behind: {changed}")
        return [Row("5. hostile input", "database", figures, problems)]


def scenario_backup(options, work):
    from .hostile import PDF, Site, Tally, start_legitimate_submission, upload

    with ProductionSet(options.port) as site:
        # A submission with an attachment in private media, as a municipality makes one.
        visitor = Site(site.url, Tally())
        prefix = start_legitimate_submission(visitor)
        upload(visitor, prefix, "evaluatie.pdf", PDF, refused=False)
        before = site.site_side("rows")
        target = work / "backup"
        env = site.environment()
        subprocess.run(
            [str(PLATFORM / "backup"), str(target)], env=env, check=True, stdout=sys.stderr
        )
        subprocess.run([PYTHON, "manage.py", "flush", "--no-input"], cwd=ROOT, env=env, check=True)
        for folder in ("media", "private"):
            shutil.rmtree(Path(env["PRAKTIJKBANK_VAR_DIR"]) / folder, ignore_errors=True)
        wiped = site.site_side("rows")
        subprocess.run(
            [str(PLATFORM / "restore"), str(target)], env=env, check=True, stdout=sys.stderr
        )
        after = site.site_side("rows")
        lost = {
            name: (before[name], after.get(name))
            for name in before
            if before[name] != after.get(name)
        }
        shown = (
            "library.PracticePage",
            "wagtailcore.Revision",
            "submissions.Submission",
            "submissions.SubmissionAttachment",
            "media files",
            "private files",
        )
        figures = {
            "restored (before → after)": ", ".join(
                f"{name} {before.get(name)} → {after.get(name)}" for name in shown
            ),
            "rows and files before": sum(before.values()),
            "after wipe": sum(wiped.values()),
            "after restore": sum(after.values()),
            "differences": lost or "none",
        }
        return [
            Row(
                "6. backup round trip",
                "PostgreSQL + media",
                figures,
                [f"lost: {lost}"] if lost else [],
            )
        ]


SCENARIOS = {
    "load": scenario_load,
    "outage": scenario_outage,
    "lost-node": scenario_lost_node,
    "flaky": scenario_flaky,
    "hostile": scenario_hostile,
    "backup": scenario_backup,
}


def print_table(rows):
    print("| scenario | backend | result | figures |")
    print("|---|---|---|---|")
    for row in rows:
        figures = "; ".join(f"{key}: {value}" for key, value in row.figures.items())
        result = "0 failures" if row.ok else "FAILED: " + "; ".join(row.problems)
        print(f"| {row.scenario} | {row.backend} | {result} | {figures} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SCENARIOS))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--engine-port", type=int, default=9265)
    parser.add_argument("--hostile-examples", type=int, default=1000)
    options = parser.parse_args(argv)
    wanted = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(SCENARIOS))
    if unknown:
        parser.error(
            f"unknown scenario(s): {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}"
        )
    rows = []
    for name in wanted:
        say(f"Scenario {name}")
        with tempfile.TemporaryDirectory(prefix=f"prove-{name}-") as work:
            try:
                rows += SCENARIOS[name](options, Path(work))
            except Exception as error:  # a scenario that breaks is a failed row, not a lost table
                rows.append(Row(name, "-", {}, [f"{error.__class__.__name__}: {error}"]))
        print_table(rows[-1:])
    print()
    print_table(rows)
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
