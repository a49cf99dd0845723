"""The relevance measurement behind platform/relevance: how well search ranks the test set.

Run it through ``platform/relevance``, which prepares a throwaway database (migrated, with the
taxonomy) and, for the engine, a search node. This module then

1. loads the test set's municipalities, factors and practices (practices.toml) with
   ``practices.library.demo.load_demo_content`` (which also makes the demo's site tree),
2. indexes those practices the way ``manage.py rebuild_search_index`` does: every backend of
   ``search.service.index_backends()``, the database with ``index()``, the engine with
   ``rebuild()``, fed from ``search.documents.published_documents()``,
3. runs every query of queries.toml through ``search.service.search`` (our search: the
   database backend and the engine backend) and through stock Wagtail search
   (``PracticePage.objects.live().search(text)`` on Wagtail's database backend and on
   ``wagtail.search.backends.opensearch3`` on the same node),
4. prints per system a table of nDCG@10, P@3 and zero results per query, then a summary of
   the systems side by side and the mean nDCG@10 per kind of query.

Only the search layer's public surface is used (``search.service.search``, ``SearchQuery``,
``SearchResult.hits``, ``Hit.key``/``Hit.url``, ``published_documents``, the backends'
``index``/``delete``/``indexed_fingerprints``/``rebuild``), so the measurement keeps working
while the internals change. tests/relevance/test_relevance_floor.py reuses these functions.
"""

import argparse
import contextlib
import json
import os
import signal
import time
import tomllib
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.benchmarks.bench import Progress, say
from tests.relevance import metrics

HERE = Path(__file__).resolve().parent
PRACTICES_FILE = HERE / "practices.toml"
QUERIES_FILE = HERE / "queries.toml"

DATABASE_BACKEND = "search.backends.database.DatabaseBackend"
ENGINE_BACKEND = "search.backends.engine.EngineBackend"
WAGTAIL_DATABASE = "default"  # WAGTAILSEARCH_BACKENDS["default"]: wagtail.search.backends.database
WAGTAIL_OPENSEARCH = "relevance-opensearch"  # added for the run, pointed at the same node

KINDS = (
    "plain",
    "typo",
    "diacritics",
    "plural",
    "compound-split",
    "compound-join",
    "synonym",
    "taxonomy",
    "status",
    "question",
    "failure",
    "filter",
)
FACET_NAMES = (
    "type",
    "form",
    "strategy",
    "rung",
    "sector",
    "challenge",
    "size",
    "province",
    "outcome",
    "evidence",
    "tag",
    "success_factor",
    "failure_factor",
)
# Stock Wagtail search can filter on these facets itself (index.FilterField on PracticePage);
# every other facet is applied beforehand with the ORM, as a list of page ids (id__in).
WAGTAIL_FILTER_FIELDS = {"outcome": "status__in", "evidence": "evidence_level__in"}
WAGTAIL_FILTER_NOTE = (
    "Stock Wagtail kent onze facetten niet: outcome en evidence als FilterField "
    "(status__in, evidence_level__in), de andere facetten vooraf met de ORM tot pagina-id's "
    "(id__in); daarna .search(text)."
)

SYSTEMS = {
    "ours-database": "search.service.search, database-backend",
    "ours-engine": "search.service.search, engine-backend (OpenSearch)",
    "wagtail-database": "PracticePage.objects.live().search(), wagtail.search.backends.database",
    "wagtail-opensearch": "PracticePage.objects.live().search(), wagtail opensearch3",
}


# -- The test set -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    grades: dict
    filters: dict = field(default_factory=dict)

    @property
    def label(self):
        if not self.filters:
            return self.text
        chosen = " ".join(f"{name}={','.join(values)}" for name, values in self.filters.items())
        return f"{self.text} [{chosen}]"


@dataclass(frozen=True)
class Outcome:
    """One query on one system: what came back and how good that is."""

    query: Query
    ranked: tuple
    ndcg: float
    precision: float
    zero: bool


def read_fixture(path=PRACTICES_FILE):
    with open(path, "rb") as file:
        return tomllib.load(file)


def read_queries(path=QUERIES_FILE):
    with open(path, "rb") as file:
        entries = tomllib.load(file)["queries"]
    return [
        Query(
            text=entry["text"],
            kind=entry["kind"],
            grades=dict(entry.get("grades", {})),
            filters={name: list(values) for name, values in entry.get("filters", {}).items()},
        )
        for entry in entries
    ]


def problems(queries, fixture):
    """What is wrong with the test set: unknown slugs, kinds, facets or grades."""
    slugs = {practice["slug"] for practice in fixture["practices"]}
    found = []
    for query in queries:
        where = f"query {query.label!r}"
        if query.kind not in KINDS:
            found.append(f"{where}: unknown kind {query.kind!r}")
        if not any(grade > 0 for grade in query.grades.values()):
            found.append(f"{where}: no practice graded above 0")
        for slug, grade in query.grades.items():
            if slug not in slugs:
                found.append(f"{where}: graded slug {slug!r} is not in practices.toml")
            if grade not in (0, 1, 2, 3):
                found.append(f"{where}: grade {grade!r} for {slug!r} is not 0..3")
        for name, values in query.filters.items():
            if name not in FACET_NAMES:
                found.append(f"{where}: unknown facet {name!r}")
            if not values:
                found.append(f"{where}: facet {name!r} has no values")
    return found


# -- Loading and indexing -----------------------------------------------------------------------
def load_fixture(data):
    """The test set's practices as published pages (idempotent, like the demo loader)."""
    from practices.library.demo import load_demo_content

    return load_demo_content(data)


def fixture_documents(data):
    """The index documents of the test set's practices, nothing else (no demo pages, no tools)."""
    from practices.library.models import PracticePage
    from search.documents import published_documents

    slugs = {practice["slug"] for practice in data["practices"]}
    page_ids = set(PracticePage.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    documents = [document for document in published_documents() if document.page_id in page_ids]
    if len(documents) != len(slugs):
        raise RuntimeError(f"{len(documents)} documents for {len(slugs)} practices in the test set")
    return documents


def build_index(documents):
    """Puts exactly these documents in every index the settings use, as rebuild_search_index.

    The database index gets ``index()`` after whatever else it held is deleted (found with
    ``indexed_fingerprints()``, so only the backend interface is used); the engine gets
    ``rebuild()``: a fresh index behind its alias. Returns {backend name: seconds}.
    """
    from search.backends.database import DatabaseBackend
    from search.service import index_backends

    timings = {}
    for backend in index_backends():
        started = time.perf_counter()
        if isinstance(backend, DatabaseBackend):
            keep = {document.key for document in documents}
            stale = [key for key in backend.indexed_fingerprints() if key not in keep]
            if stale:
                backend.delete(stale)
            backend.index(documents)
        else:
            backend.rebuild(documents)
        timings[backend.name] = time.perf_counter() - started
    return timings


def slug_lookup(documents):
    """hit → practice slug: by the hit's key, else the last part of its URL."""
    slug_by_key = {document.key: _slug_from_url(document.url) for document in documents}

    def slug_for(hit):
        return slug_by_key.get(hit.key) or _slug_from_url(hit.url)

    return slug_for


def _slug_from_url(url):
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


# -- Searching ------------------------------------------------------------------------------------
class FellBack(RuntimeError):
    """The engine did not answer and search.service fell back to the database."""


def search_ours(query, slug_for):
    """Our search as the finder runs it: search.service.search on the configured backend."""
    from search.query import SearchQuery
    from search.service import search

    result = search(
        SearchQuery.build(text=query.text, filters=query.filters, per_page=metrics.CUTOFF)
    )
    if result.degraded:
        raise FellBack(f"de zoekmachine antwoordde niet op {query.text!r} (terugval op database)")
    return [slug_for(hit) for hit in result.hits]


def search_wagtail(query, backend_name):
    """Stock Wagtail search on the practice pages, with the query's filters as far as it can."""
    from practices.library.models import PracticePage

    pages = PracticePage.objects.live()
    orm_filters = {k: v for k, v in query.filters.items() if k not in WAGTAIL_FILTER_FIELDS}
    if orm_filters:
        pages = pages.filter(id__in=list(practice_ids(orm_filters)))
    for name, lookup in WAGTAIL_FILTER_FIELDS.items():
        if name in query.filters:
            pages = pages.filter(**{lookup: list(query.filters[name])})
    results = pages.search(query.text, backend=backend_name)[: metrics.CUTOFF]
    return [page.slug for page in results]


def practice_ids(filters):
    """Ids of the practice pages that pass the facet filters (values OR-ed, facets AND-ed)."""
    from django.db.models import Q

    from practices.library.choices import FactorKind
    from practices.library.models import PracticePage
    from practices.municipalities.models import Municipality
    from practices.taxonomy.models import SizeClass

    pages = PracticePage.objects.all()
    for name, values in filters.items():
        values = list(values)
        if name == "type":
            pages = pages if "praktijk" in values else pages.none()
        elif name == "rung":
            pages = pages.filter(
                Q(strategies__rung__slug__in=values) | Q(government_role__slug__in=values)
            )
        elif name == "size":
            in_size = Q(pk__in=[])
            for size_class in SizeClass.objects.filter(slug__in=values):
                in_size |= Q(municipality__in=Municipality.objects.in_size_class(size_class))
            pages = pages.filter(in_size)
        elif name in ("success_factor", "failure_factor"):
            kind = FactorKind.SUCCESS if name == "success_factor" else FactorKind.FAILURE
            pages = pages.filter(factors__factor__slug__in=values, factors__kind=kind)
        else:
            lookup = {
                "form": "forms__slug__in",
                "strategy": "strategies__slug__in",
                "sector": "sectors__slug__in",
                "challenge": "challenges__slug__in",
                "province": "municipality__province__in",
                "outcome": "status__in",
                "evidence": "evidence_level__in",
                "tag": "tags__slug__in",
            }[name]
            pages = pages.filter(**{lookup: values})
    return pages.values_list("pk", flat=True).distinct()


def evaluate(queries, search_one, progress=None):
    """Outcome per query for a function query → ranked slugs."""
    outcomes = []
    for done, query in enumerate(queries, start=1):
        ranked = tuple(search_one(query))
        outcomes.append(
            Outcome(
                query=query,
                ranked=ranked,
                ndcg=metrics.ndcg(ranked, query.grades),
                precision=metrics.precision_at(ranked, query.grades),
                zero=metrics.is_zero_result(ranked),
            )
        )
        if progress:
            progress.update(done)
    return outcomes


def summary(outcomes):
    return {
        "mean_ndcg_at_10": metrics.mean(o.ndcg for o in outcomes),
        "mean_precision_at_3": metrics.mean(o.precision for o in outcomes),
        "zero_result_rate": metrics.mean(1.0 if o.zero else 0.0 for o in outcomes),
        "queries": len(outcomes),
    }


# -- Settings for each system -------------------------------------------------------------------
@contextlib.contextmanager
def ours_on(system, engine_url, prefix):
    from django.test import override_settings

    if system == "ours-database":
        changes = {"PRAKTIJKBANK_SEARCH_BACKEND": DATABASE_BACKEND, "ELASTICSEARCH_URL": ""}
    else:
        changes = {
            "PRAKTIJKBANK_SEARCH_BACKEND": ENGINE_BACKEND,
            "ELASTICSEARCH_URL": engine_url,
            "SEARCH_INDEX_PREFIX": prefix,
        }
    with override_settings(**changes):
        yield


@contextlib.contextmanager
def wagtail_opensearch_on(engine_url, index_prefix):
    from django.conf import settings
    from django.test import override_settings

    backends = {
        **settings.WAGTAILSEARCH_BACKENDS,
        WAGTAIL_OPENSEARCH: {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [engine_url],
            "INDEX_PREFIX": index_prefix,
            "TIMEOUT": 30,
            "AUTO_UPDATE": False,  # filled once with update_index; the pages do not change
        },
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


def update_wagtail_index(backend_name):
    """Wagtail's own update_index for one backend; returns seconds."""
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("update_index", backend_name=backend_name, stdout=quiet, verbosity=0)
    return time.perf_counter() - started


def drop_engine_indices(engine_url, prefix):
    """Deletes every index whose name starts with the run's prefix (ours and Wagtail's)."""
    from opensearchpy import OpenSearch

    client = OpenSearch([engine_url], timeout=30)
    try:
        names = list(client.indices.get(index=f"{prefix}*", expand_wildcards="all"))
        for name in names:
            client.indices.delete(index=name, ignore_unavailable=True)
        return names
    finally:
        client.close()


# -- Output ----------------------------------------------------------------------------------------


def _cut(text, width):
    return text if len(text) <= width else text[: width - 1] + "…"


def query_table(system, outcomes):
    lines = [
        f"{system}: {SYSTEMS[system]}",
        f"{'#':>3}  {'kind':<15} {'query':<58} {'nDCG@10':>7} {'P@3':>5}  zero",
    ]
    for number, outcome in enumerate(outcomes, start=1):
        lines.append(
            f"{number:>3}  {outcome.query.kind:<15} {_cut(outcome.query.label, 58):<58}"
            f" {outcome.ndcg:>7.3f} {outcome.precision:>5.2f}  {'ZERO' if outcome.zero else ''}"
        )
    figures = summary(outcomes)
    zeros = sum(1 for outcome in outcomes if outcome.zero)
    lines.append(
        f"{'':>3}  {'mean':<15} {'':<58} {figures['mean_ndcg_at_10']:>7.3f}"
        f" {figures['mean_precision_at_3']:>5.2f}  {zeros}/{len(outcomes)}"
    )
    return "\n".join(lines)


def summary_table(results):
    lines = [
        "Summary (mean over all queries)",
        f"{'system':<20} {'nDCG@10':>8} {'P@3':>7} {'zero-result rate':>17}",
    ]
    for system, outcomes in results.items():
        figures = summary(outcomes)
        lines.append(
            f"{system:<20} {figures['mean_ndcg_at_10']:>8.3f}"
            f" {figures['mean_precision_at_3']:>7.3f} {figures['zero_result_rate']:>17.1%}"
        )
    return "\n".join(lines)


def kind_table(results):
    systems = list(results)
    lines = [
        "Mean nDCG@10 per kind of query",
        f"{'kind':<15} {'n':>3} " + " ".join(f"{system:>18}" for system in systems),
    ]
    for kind in KINDS:
        row = [f"{kind:<15}"]
        count = None
        cells = []
        for system in systems:
            of_kind = [o for o in results[system] if o.query.kind == kind]
            count = len(of_kind)
            cells.append(f"{metrics.mean(o.ndcg for o in of_kind):>18.3f}")
        if count:
            lines.append(" ".join([*row, f"{count:>3}", *cells]))
    return "\n".join(lines)


def as_json(results, run_info):
    return {
        **run_info,
        "systems": {
            system: {
                "description": SYSTEMS[system],
                **summary(outcomes),
                "per_query": [
                    {
                        **asdict(outcome.query),
                        "ndcg_at_10": outcome.ndcg,
                        "precision_at_3": outcome.precision,
                        "zero_result": outcome.zero,
                        "ranked": list(outcome.ranked),
                    }
                    for outcome in outcomes
                ],
            }
            for system, outcomes in results.items()
        },
    }


# -- Main -----------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="platform/relevance", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--backend", choices=["database", "engine", "all"], default="all")
    parser.add_argument("--no-wagtail", action="store_true", help="only our own search")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON to FILE")
    parser.add_argument("--engine-url", default="", help="the search node (platform/relevance)")
    args = parser.parse_args(argv)
    if args.backend != "database" and not args.engine_url:
        parser.error(f"--backend {args.backend} needs --engine-url (platform/relevance sets it)")
    return args


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # runs the finally blocks: the engine indices are dropped


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    started = time.perf_counter()
    fixture, queries = read_fixture(), read_queries()
    found = problems(queries, fixture)
    if found:
        raise SystemExit("Testset klopt niet:\n  " + "\n  ".join(found))
    backends = ["database", "engine"] if args.backend == "all" else [args.backend]
    systems = [f"ours-{backend}" for backend in backends]
    if not args.no_wagtail:
        systems += [
            {"database": "wagtail-database", "engine": "wagtail-opensearch"}[b] for b in backends
        ]
    prefix = f"relevance-{os.getpid()}-{uuid.uuid4().hex[:8]}-"
    db = settings.DATABASES["default"]
    run_info = {
        "practices": len(fixture["practices"]),
        "queries": len(queries),
        "database": f"{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}",
        "engine_url": args.engine_url if "engine" in backends else "",
        "wagtail_filters": WAGTAIL_FILTER_NOTE if not args.no_wagtail else "",
        "timings_s": {},
    }

    say(f"Testset laden: {len(fixture['practices'])} praktijken, {len(queries)} zoekvragen")
    load_started = time.perf_counter()
    with ours_on("ours-database", "", prefix):
        load_fixture(fixture)
    run_info["timings_s"]["load"] = time.perf_counter() - load_started
    documents = fixture_documents(fixture)
    slug_for = slug_lookup(documents)

    results = {}
    try:
        for system in systems:
            if system.startswith("ours-"):
                with ours_on(system, args.engine_url, prefix):
                    say(f"{system}: index opbouwen ({len(documents)} documenten)")
                    timings = build_index(documents)
                    run_info["timings_s"][f"{system} index"] = sum(timings.values())
                    progress = Progress(system, len(queries))
                    results[system] = evaluate(
                        queries, lambda q: search_ours(q, slug_for), progress
                    )
                    run_info["timings_s"][f"{system} queries"] = progress.close()
            else:
                backend_name = WAGTAIL_DATABASE
                context = contextlib.nullcontext()
                if system == "wagtail-opensearch":
                    backend_name = WAGTAIL_OPENSEARCH
                    context = wagtail_opensearch_on(args.engine_url, f"{prefix}wagtail-")
                with context:
                    say(f"{system}: Wagtails update_index")
                    run_info["timings_s"][f"{system} index"] = update_wagtail_index(backend_name)
                    progress = Progress(system, len(queries))
                    results[system] = evaluate(
                        queries, lambda q, name=backend_name: search_wagtail(q, name), progress
                    )
                    run_info["timings_s"][f"{system} queries"] = progress.close()
    finally:
        if "engine" in backends:
            try:
                drop_engine_indices(args.engine_url, prefix)
            except Exception as error:  # report, but let the first error win
                say(f"Kon de indexen {prefix}* niet verwijderen: {error}")

    ordered = {system: results[system] for system in SYSTEMS if system in results}
    print()
    for system, outcomes in ordered.items():
        print(query_table(system, outcomes))
        print()
    if not args.no_wagtail:
        print(WAGTAIL_FILTER_NOTE)
        print()
    print(kind_table(ordered))
    print()
    print(summary_table(ordered))
    run_info["timings_s"]["total"] = time.perf_counter() - started
    print(
        f"\n{run_info['practices']} praktijken, {run_info['queries']} zoekvragen, "
        f"database {run_info['database']}, in {run_info['timings_s']['total']:.1f} s"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(ordered, run_info), indent=2) + "\n")
        say(f"Cijfers geschreven naar {args.json}")


if __name__ == "__main__":
    main()
