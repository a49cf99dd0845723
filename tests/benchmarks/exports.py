"""The exports' benchmark: time and peak memory of the CSV and JSON export of every practice.

Run through ``platform/bench --practices N --exports`` (database backend). Unlike the search
benchmark, an export reads the practice pages themselves, so this one saves N real practice
pages: the same seeded practices (``PracticeGenerator.practice``), written in bulk beside their
index entries (a page saved one at a time through Wagtail would take hours at 100,000; what
is measured here is reading them). Then, for CSV and for JSON, a fresh gunicorn with one sync
worker serves GET /api/v1/practices/export.<format> once, after a warm-up search that loads the
index snapshot; the client reads the stream in 64 KiB reads and counts its rows.

Reported per format: the time to the first byte and to the last, the size, the rows, and the
worker's memory: its RSS before the export (after the warm-up), the largest RSS during it
(the difference is what the export itself needed), and its peak RSS (VmHWM) over its life.
The last line is machine-readable:

  exports practices=<n> csv_s=<x> csv_rss_before_mib=<x> csv_rss_during_mib=<x> ...
"""

import csv
import io
import itertools
import json
import threading
import time
from pathlib import Path

from tests.benchmarks.bench import Progress, Server, child_pids, load_average, say, vm_hwm_mib

PAGE_CHUNK = 1000
READ_SIZE = 64 * 1024
FORMATS = ("csv", "json")
ROW_START = b'\n{"type": '
SAMPLE_SECONDS = 0.05


# -- Pages ------------------------------------------------------------------------------------
def practice_index():
    """The index page the generated practices are children of."""
    from wagtail.models import Page

    from practices.library.models import PracticeIndexPage

    index = PracticeIndexPage.objects.filter(slug="benchmark-praktijken").first()
    if index is None:
        index = PracticeIndexPage(title="Benchmark: praktijken", slug="benchmark-praktijken")
        Page.get_first_root_node().add_child(instance=index)
    return index


def save_practices(generator, count, index):
    """``count`` practice pages with their terms, factors and tags, and their index entries;
    returns the seconds it took."""
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    progress = Progress("pages + index", count)
    start = time.perf_counter()
    numbers = itertools.count(1)
    practices = (generator.practice(1_000_000 + number) for number in range(count))
    done = 0
    while chunk := list(itertools.islice(practices, PAGE_CHUNK)):
        _insert(chunk, index, numbers)
        backend.index([document for _, document in chunk])
        done += len(chunk)
        progress.update(done)
    index.numchild = count
    index.save(update_fields=["numchild"])
    progress.close()
    return time.perf_counter() - start


def _insert(chunk, index, numbers):
    """Page and practice rows in bulk, then every relation the export reads."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Locale, Page

    from practices.library.models import PracticeFactor, PracticePage, PracticeTag

    content_type = ContentType.objects.get_for_model(PracticePage)
    locale = Locale.get_default()
    depth = index.depth + 1
    pages, bases = [], []
    for page, document in chunk:
        slug = document.url.rstrip("/").rsplit("/", 1)[-1]
        bases.append(
            Page(
                id=document.page_id,
                title=document.title,
                draft_title=document.title,
                slug=slug,
                content_type=content_type,
                locale=locale,
                live=True,
                path=PracticePage._get_path(index.path, depth, next(numbers)),
                depth=depth,
                url_path=f"{index.url_path}{slug}/",
                first_published_at=document.published,
                last_published_at=document.published,
            )
        )
        page.page_ptr_id = page.id = document.page_id
        page.summary, page.start_year = document.summary, document.start_year
        pages.append(page)
    with transaction.atomic():
        Page.objects.bulk_create(bases)
        # Django's bulk_create refuses multi-table models: the child rows go in through the
        # queryset's insert, which writes exactly the practice table's own columns.
        fields = PracticePage._meta.local_concrete_fields
        PracticePage._base_manager._insert(pages, fields=fields)
        for name in ("forms", "strategies", "sectors", "challenges"):
            _relate(pages, name)
        PracticeTag.objects.bulk_create(
            PracticeTag(tag_id=item.tag.pk, content_object_id=page.pk)
            for page in pages
            for item in page.tagged_items.all()
        )
        PracticeFactor.objects.bulk_create(
            PracticeFactor(page_id=page.pk, factor=use.factor, kind=use.kind, sort_order=number)
            for page in pages
            for number, use in enumerate(page.factors.all())
        )


def _relate(pages, name):
    from practices.library.models import PracticePage

    field = PracticePage._meta.get_field(name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        through(**{source: page.pk, target: term.pk})
        for page in pages
        for term in getattr(page, name).all()
    )


# -- Measuring ----------------------------------------------------------------------------------
def measure(server, fmt):
    """One export through the server: seconds to the first and last byte, bytes, rows."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3600)
    start = time.perf_counter()
    connection.request("GET", f"/api/v1/practices/export.{fmt}")
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"export.{fmt} answered {response.status}: {response.read(500)!r}")
    first = None
    size = 0
    reader = _RowCounter(fmt)
    while block := response.read(READ_SIZE):
        if first is None:
            first = time.perf_counter() - start
        size += len(block)
        reader.feed(block)
    seconds = time.perf_counter() - start
    connection.close()
    return {"first_s": first, "seconds": seconds, "bytes": size, "rows": reader.rows()}


class _RowCounter:
    """Counts the rows of a stream as it comes, keeping only what a row needs."""

    def __init__(self, fmt):
        self.fmt, self.pending, self.count, self.tail = fmt, b"", 0, b""

    def feed(self, block):
        if self.fmt == "csv":
            # Rows end in CRLF; a cell's own line break is a bare LF. Parse whole lines only.
            data = self.pending + block
            cut = data.rfind(b"\r\n") + 2
            if cut > 1:
                text = data[:cut].decode("utf-8")
                self.count += sum(1 for _ in csv.reader(io.StringIO(text, newline="")))
                data = data[cut:]
            self.pending = data
        else:
            # A row begins a line with its first key; a match may span two reads.
            data = self.tail[-len(ROW_START) + 1 :] + block
            self.count += data.count(ROW_START)
            self.tail = (self.tail + block)[-200:]

    def rows(self):
        if self.fmt == "csv":
            return self.count - 1  # the header
        count = json.loads("{" + self.tail.decode().rsplit("],", 1)[1])["count"]
        if count != self.count:
            raise SystemExit(f"the JSON says {count} practices, the stream held {self.count}")
        return count


def rss_mib(pid):
    """Resident set size (VmRSS) of a process now, in MiB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    """The largest VmRSS of a process, read every SAMPLE_SECONDS while it runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.largest, self.done = pid, 0.0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.largest = max(self.largest, rss_mib(self.pid) or 0.0)
            self.done.wait(SAMPLE_SECONDS)

    def stop(self):
        self.done.set()
        self.join()
        return self.largest


def export_run(fmt, var_dir):
    server = Server(1, var_dir)
    server.start()  # answers GET /api/v1/practices/ first: the snapshot is loaded
    try:
        (worker,) = child_pids(server.process.pid)
        figures = {"before_mib": rss_mib(worker)}
        sampler = RssSampler(worker)
        sampler.start()
        say(f"GET /api/v1/practices/export.{fmt}")
        figures.update(measure(server, fmt))
        figures["during_mib"], figures["peak_mib"] = sampler.stop(), vm_hwm_mib(worker)
    finally:
        server.stop()
    return figures


def main(args):
    from django.conf import settings
    from django.db import connection

    from tests.benchmarks import generate

    if not settings.PRAKTIJKBANK_SEARCH_BACKEND.endswith("DatabaseBackend"):
        raise SystemExit("--exports measures the database backend only")
    load_before = load_average()
    say("Reference data: municipalities, factors, tags")
    generate.load_reference_data(args.seed)
    generator = generate.PracticeGenerator(args.seed, generate.vocabulary())
    say(f"Saving {args.practices:,} practice pages and their index entries")
    saving = save_practices(generator, args.practices, practice_index())
    connection.close()
    results = {fmt: export_run(fmt, settings.VAR_DIR) for fmt in FORMATS}
    report(args.practices, saving, results, load_before)


def report(practices, saving, results, load_before):
    lines = [
        "",
        f"Praktijkbank export benchmark: database, {practices:,} practices",
        "  GET /api/v1/practices/export.{csv,json} of every practice, one request each, on a",
        "  fresh gunicorn sync worker after one search (which loads the index snapshot).",
        "  RSS: the worker's VmRSS before the export, its largest VmRSS during it (read every",
        f"  {SAMPLE_SECONDS} s), and its peak (VmHWM) over its whole life, warm-up included.",
        f"  pages + index saved in {saving:.1f} s; 1-min load average at start {load_before:.1f}",
        "",
        f"  {'format':<7}{'rows':>9}{'MiB':>7}{'1st byte s':>11}{'total s':>8}{'rows/s':>8}"
        f"{'RSS before':>11}{'during':>8}{'added':>7}{'peak':>7}  (MiB)",
    ]
    summary = [f"exports practices={practices}"]
    for fmt, figures in results.items():
        added = figures["during_mib"] - figures["before_mib"]
        lines.append(
            f"  {fmt:<7}{figures['rows']:>9,}{figures['bytes'] / 2**20:>7.1f}"
            f"{figures['first_s']:>11.2f}{figures['seconds']:>8.1f}"
            f"{figures['rows'] / figures['seconds']:>8,.0f}"
            f"{figures['before_mib']:>11.0f}{figures['during_mib']:>8.0f}{added:>7.0f}"
            f"{figures['peak_mib']:>7.0f}"
        )
        if figures["rows"] != practices:
            lines.append(f"  !! {fmt}: {figures['rows']:,} rows, not {practices:,}")
        summary.append(
            f"{fmt}_s={figures['seconds']:.1f} {fmt}_rss_before_mib={figures['before_mib']:.0f} "
            f"{fmt}_rss_during_mib={figures['during_mib']:.0f} {fmt}_peak_mib="
            f"{figures['peak_mib']:.0f}"
        )
    lines += ["", " ".join(summary)]
    print("\n".join(lines), flush=True)
