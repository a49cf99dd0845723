"""Open data: any list of the finder as CSV or JSON, and the "what works" figures as CSV.

The exports take the finder's and the API's query parameters and hold the same results in the
same order (``all_hits``: every page of the search, as the finder would show them one after
the other). Each column is defined once, in ``COLUMNS``: its name is the CSV header and the
JSON key, its description is the documentation (the OpenAPI description and the README's
table, ``columns_markdown``), and its reader gets the value from the page.

Memory stays constant however long the list: the search is read a chunk of EXPORT_CHUNK hits
at a time, the pages of each chunk in one query per kind (``in_bulk``) and their terms in one
query per relation (pairs of ids, named from the taxonomy read once), and the file is written
as it is read (a StreamingHttpResponse of CSV lines or JSON objects, never one string or list
of everything).

What is in the file is what the practice page shows: never a submitter's details
(practices.submissions keeps those apart) and no contact details either. A page may show a
contact person with a name and e-mail address; copied into a dataset that anyone may
redistribute, they would be personal data spread beyond the page, so the export links to the
page instead. Fictitious examples are marked in every row (``fictitious``).
"""

import contextvars
import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation

from practices.insights.computation import compute
from practices.insights.figures import survey_source
from practices.library.choices import FactorKind, Status
from practices.library.models import PracticeFactor, PracticePage, PracticeTag, ToolPage
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, Strategy

from . import service
from .backends import get_backend
from .backends.base import EngineUnavailable
from .backends.database import DatabaseBackend
from .documents import page_id_of
from .facets import PRACTICE, TOOL, choices_read_once

# Hits read from the search, and pages from the database, per step of an export.
EXPORT_CHUNK = 500
# The engine pages through at most this many results (its index.max_result_window); a longer
# export reads the database index, which holds the same documents and orders them by the same
# rules (tests/search/contract.py). The finder itself never shows more (MAX_PAGE × PER_PAGE).
ENGINE_RESULT_WINDOW = 10_000
# Between the values of a multi-valued CSV cell ("Zelfbeheer | Sociaal ondernemerschap").
MULTIPLE = " | "
DEFAULT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


def content_licence():
    """The licence of the content (settings.PRAKTIJKBANK_CONTENT_LICENCE): name and URL."""
    licence = getattr(settings, "PRAKTIJKBANK_CONTENT_LICENCE", None) or {}
    return {
        "name": licence.get("name") or DEFAULT_LICENCE["name"],
        "url": licence.get("url") or DEFAULT_LICENCE["url"],
    }


# -- The hits, in the finder's order ------------------------------------------------------------
def all_hits(query, chunk=None):
    """Every hit of the query in the finder's order, in lists of at most ``chunk`` (by
    default EXPORT_CHUNK).

    One backend answers every chunk; on the database index, one state of it (a page
    published meanwhile neither shifts nor repeats a row). Each facet's choices are read
    once. Those pins are held in a context of the export's own, so that nothing of them
    reaches the code that consumes the stream between two chunks.
    """
    per_page = chunk or EXPORT_CHUNK
    return _in_own_context(_hit_chunks(query.replace(per_page=per_page, page=1)))


def _hit_chunks(query):
    with choices_read_once(), service.one_index_state():
        backend, result = first_page(query)
        yield result.hits
        for number in range(2, result.page_count + 1):
            yield service.search_on(backend, query.replace(page=number)).hits


def first_page(query):
    """The backend for the whole export, and its first page (see ENGINE_RESULT_WINDOW)."""
    backend = get_backend()
    try:
        result = service.search_on(backend, query)
    except EngineUnavailable:
        backend = DatabaseBackend()
        return backend, service.search_on(backend, query)
    if not isinstance(backend, DatabaseBackend) and result.total > ENGINE_RESULT_WINDOW:
        backend = DatabaseBackend()
        result = service.search_on(backend, query)
    return backend, result


def _in_own_context(generator):
    context = contextvars.copy_context()
    try:
        while True:
            try:
                yield context.run(next, generator)
            except StopIteration:
                return
    finally:
        context.run(generator.close)


# -- The rows -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One result as the columns read it: its page, its terms and its address."""

    kind: str  # PRACTICE or TOOL
    page: object
    related: dict  # relation ("forms", "tags", "success_factors", ...) → its terms, in order
    url: str
    licence: dict


@dataclass(frozen=True)
class Column:
    name: str  # the CSV header and the JSON key: English snake_case, never renamed
    description: str
    read: Callable[[Entry], object]  # str, int, bool, a date, None, or a list of str


def rows(query, absolute):
    """Per chunk of results: their rows as {column name: value}, in the finder's order."""
    licence = content_licence()
    vocabulary = Vocabulary()
    for hits in all_hits(query):
        yield _read(_entries(hits, vocabulary, absolute, licence))


class Term(NamedTuple):
    """A taxonomy term, a factor or a tag as a column reads it."""

    label: str  # in Dutch
    slug: str
    order: int = 0  # its place in its vocabulary's own order
    rung: "Term | None" = None  # a strategy's rung


class Vocabulary:
    """Every taxonomy term and factor by its id, read once per export: a chunk's pages then
    need only their links to terms (pairs of ids), in one query per relation."""

    def __init__(self):
        self._read_all()

    def _read_all(self):
        rungs = _by_id(Rung.objects.all())
        self.by_model = {
            Rung: rungs,
            Form: _by_id(Form.objects.all()),
            # Ordered by rung, then their own order, as a page lists them.
            Strategy: _by_id(Strategy.objects.all(), lambda strategy: rungs[strategy.rung_id]),
            Sector: _by_id(Sector.objects.all()),
            Challenge: _by_id(Challenge.objects.all()),
            Factor: _by_id(Factor.objects.all()),
        }

    def term(self, model, pk):
        found = self.by_model[model].get(pk)
        if found is None:  # added while the export ran: read them again, once
            self._read_all()
            found = self.by_model[model][pk]
        return found

    def linked(self, model, relation, ids):
        """page id → its terms of one many-to-many ``relation``, in the terms' own order."""
        field = model._meta.get_field(relation)
        through, term_model = field.remote_field.through, field.related_model
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        found = {}
        pairs = through.objects.filter(**{f"{source}__in": ids}).values_list(source, target)
        for page_id, term_id in pairs:
            found.setdefault(page_id, []).append(self.term(term_model, term_id))
        return {page_id: sorted(linked, key=_in_order) for page_id, linked in found.items()}

    def factors_named(self, ids, kind):
        """page id → the factors of one kind it names, in the page's order, each once."""
        uses = (
            PracticeFactor.objects.filter(page_id__in=ids, kind=kind)
            .order_by("sort_order", "pk")
            .values_list("page_id", "factor_id")
        )
        found = {}
        for page_id, factor_id in uses:
            found.setdefault(page_id, {})[factor_id] = self.term(Factor, factor_id)
        return {page_id: list(factors.values()) for page_id, factors in found.items()}


def _by_id(terms, rung=lambda term: None):
    return {
        term.pk: Term(_dutch_name(term), term.slug, order, rung(term))
        for order, term in enumerate(terms)
    }


def _dutch_name(term):
    # The Dutch name itself: reading ``name`` asks the active language for every term.
    return getattr(term, f"name_{settings.LANGUAGE_CODE}", None) or term.name


def _in_order(term):
    return term.order


def tags(ids):
    """page id → its tags, by name (tags have no order of their own; the index reads them so)."""
    found = {}
    items = PracticeTag.objects.filter(content_object_id__in=ids).order_by("tag__name", "tag_id")
    for page_id, name, slug in items.values_list("content_object_id", "tag__name", "tag__slug"):
        found.setdefault(page_id, []).append(Term(name, slug))
    return found


# What each kind of result reads: its pages (without what the export never shows), and the
# relations its columns need.
PAGES = {
    PRACTICE: lambda: PracticePage.objects.select_related("municipality").defer(
        "body", "contact_name", "contact_organisation", "contact_email", "contact_url"
    ),
    TOOL: lambda: ToolPage.objects.defer("body"),
}
RELATIONS = {
    PRACTICE: (PracticePage, ("forms", "strategies", "sectors", "challenges")),
    TOOL: (ToolPage, ("forms", "strategies")),
}


def _related(kind, vocabulary, pages):
    """page id → relation → its terms, for the pages of one kind."""
    model, relations = RELATIONS[kind]
    ids = list(pages)
    related = {name: vocabulary.linked(model, name, ids) for name in relations}
    if kind == PRACTICE:
        related["tags"] = tags(ids)
        related["success_factors"] = vocabulary.factors_named(ids, FactorKind.SUCCESS)
        related["failure_factors"] = vocabulary.factors_named(ids, FactorKind.FAILURE)
        related["government_role"] = {
            pk: [vocabulary.term(Rung, page.government_role_id)]
            for pk, page in pages.items()
            if page.government_role_id
        }
    return {
        page_id: {name: found.get(page_id, []) for name, found in related.items()}
        for page_id in ids
    }


def _entries(hits, vocabulary, absolute, licence):
    """The hits' pages with their terms, read in a few queries per kind, as Entry in hit order."""
    ids = {kind: [page_id_of(hit.key) for hit in hits if hit.kind == kind] for kind in PAGES}
    pages, related = {}, {}
    for kind, wanted in ids.items():
        if wanted:
            pages[kind] = PAGES[kind]().live().public().in_bulk(wanted)
            related[kind] = _related(kind, vocabulary, pages[kind])
    found = []
    for hit in hits:
        page_id = page_id_of(hit.key)
        page = pages.get(hit.kind, {}).get(page_id)
        # A page unpublished since the index was read is left out, as a search leaves it out.
        if page is not None:
            terms = related[hit.kind][page_id]
            found.append(Entry(hit.kind, page, terms, absolute(hit.url), licence))
    return found


def _read(entries):
    # Labels and choices read the active language; the export is Dutch wherever it is asked.
    with translation.override(settings.LANGUAGE_CODE):
        return [{column.name: column.read(entry) for column in COLUMNS} for entry in entries]


def _practice(read, empty=None):
    """A column only a practice has: ``empty`` for a tool."""
    return lambda entry: read(entry.page) if entry.kind == PRACTICE else empty


def _page(read):
    return lambda entry: read(entry.page)


def _labels(terms):
    return lambda entry: [term.label for term in terms(entry)]


def _slugs(terms):
    return lambda entry: [term.slug for term in terms(entry)]


def _linked(relation):
    return lambda entry: entry.related.get(relation, ())


def _rungs(entry):
    """The rungs it stands on, in ladder order: its strategies' and the government's role
    (as search.facets.rungs reads them for the finder's ``rung``)."""
    strategies, role = entry.related["strategies"], entry.related.get("government_role", [])
    return sorted({*(strategy.rung for strategy in strategies), *role}, key=_in_order)


def _government_role(read):
    def role(entry):
        found = entry.related.get("government_role")
        return read(found[0]) if found else None

    return role


def _municipality(read):
    return _practice(lambda page: read(page.municipality) if page.municipality else None)


def _province_label(municipality):
    return municipality.get_province_display() or None


def _moment(value):
    return value.isoformat() if value else None


def _terms(name, singular, description, terms=None):
    """The two columns of a taxonomy: its labels and, in the same order, its slugs."""
    terms = terms or _linked(name)
    return (
        Column(name, f"{description} Labels (Dutch).", _labels(terms)),
        Column(
            f"{singular}_slugs",
            f"The slugs of `{name}`, in the same order: the values of the finder's "
            f"`{singular}` parameter.",
            _slugs(terms),
        ),
    )


COLUMNS = (
    Column(
        "type",
        "`praktijk` (a practice) or `instrument` (a tool): the values of the finder's `type`.",
        lambda entry: entry.kind,
    ),
    Column("url", "The address of the page.", lambda entry: entry.url),
    Column("title", "The title of the page.", _page(lambda page: page.title)),
    Column("summary", "Two or three sentences about it.", _page(lambda page: page.summary)),
    Column(
        "fictitious",
        "`true` for a fictitious example: a practice made up to show what the site can do, "
        "not a real practice of the municipality. Never cite it as a source.",
        _practice(lambda page: page.illustrative, empty=False),
    ),
    Column(
        "municipality",
        "The municipality where the practice runs or ran; empty for a tool, and for a "
        "practice published anonymously.",
        _municipality(lambda municipality: municipality.name),
    ),
    Column(
        "municipality_cbs_code",
        "The municipality's code at CBS (Statistics Netherlands), such as `GM0363`.",
        _municipality(lambda municipality: municipality.cbs_code),
    ),
    Column("province", "The municipality's province.", _municipality(_province_label)),
    Column(
        "province_slug",
        "The province as the finder's `province` parameter names it, such as `noord-holland`.",
        _municipality(lambda municipality: municipality.province or None),
    ),
    Column("start_year", "The year the practice began.", _practice(lambda page: page.start_year)),
    Column(
        "end_year",
        "The year it ended; empty while it runs.",
        _practice(lambda page: page.end_year),
    ),
    Column(
        "status",
        "How it went: `lopend` (ongoing), `afgerond` (completed), `gestopt` (stopped), or "
        "empty when unknown: the values of the finder's `outcome`.",
        _practice(lambda page: page.status or None),
    ),
    Column(
        "status_year",
        "When the status comes from a source nobody checked since: the year of that source "
        "(2013 for the examples from the 2013 report).",
        _practice(lambda page: page.status_year),
    ),
    Column("stop_reason", "Why it stopped.", _practice(lambda page: page.stop_reason or None)),
    Column(
        "evidence_level",
        "How much is known about it: `beschreven` (described), `geevalueerd` (evaluated), "
        "`herhaald` (repeated in other municipalities), `extern-onderzocht` (researched "
        "independently): the values of the finder's `evidence`. A level of knowledge, never "
        "an endorsement.",
        _practice(lambda page: page.evidence_level or None),
    ),
    Column(
        "last_verified",
        "The date an editor last checked the facts (YYYY-MM-DD).",
        _practice(lambda page: _moment(page.last_verified)),
    ),
    Column(
        "government_role",
        "The rung of the government participation ladder that best fits what the municipality "
        "did (Dutch).",
        _government_role(lambda rung: rung.label),
    ),
    Column(
        "government_role_slug",
        "Its slug: a value of the finder's `rung`.",
        _government_role(lambda rung: rung.slug),
    ),
    *_terms("forms", "form", "The forms of doe-democratie it belongs to."),
    *_terms("strategies", "strategy", "What the municipality did to support it."),
    *_terms(
        "rungs",
        "rung",
        "The rungs of the participation ladder it stands on: those of its strategies and of "
        "the government's role.",
        _rungs,
    ),
    *_terms("sectors", "sector", "The policy areas it plays in."),
    *_terms("challenges", "challenge", "The problems it tackled."),
    *_terms("success_factors", "success_factor", "What helped it, as the page names it."),
    *_terms("failure_factors", "failure_factor", "What stood in its way, as the page names it."),
    *_terms("tags", "tag", "Free keywords."),
    Column(
        "tool_type",
        "For a tool: its kind, such as `handreiking` (a guide) or `modelovereenkomst` "
        "(a model agreement); empty for a practice.",
        lambda entry: entry.page.tool_type if entry.kind == TOOL else None,
    ),
    Column(
        "first_published",
        "When the page was first published (ISO 8601, with the time zone).",
        _page(lambda page: _moment(page.first_published_at)),
    ),
    Column(
        "last_published",
        "When it was last published (ISO 8601, with the time zone).",
        _page(lambda page: _moment(page.last_published_at)),
    ),
    Column(
        "licence",
        "The licence of the content, such as `CC BY 4.0`: reuse it, naming the source.",
        lambda entry: entry.licence["name"],
    ),
    Column("licence_url", "The licence's text.", lambda entry: entry.licence["url"]),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


# -- The files ----------------------------------------------------------------------------------
class _Line:
    """What csv.writer writes to: it hands each line back instead of keeping it."""

    def write(self, line):
        return line


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return MULTIPLE.join(value)
    return str(value)


def csv_lines(query, absolute):
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMN_NAMES).encode()
    for chunk in rows(query, absolute):
        lines = (writer.writerow([csv_cell(row[name]) for name in COLUMN_NAMES]) for row in chunk)
        yield "".join(lines).encode()


def json_parts(query, absolute):
    """{"licence": {...}, "practices": [row, ...], "count": n}, one chunk of rows at a time."""
    yield b'{"licence": ' + json.dumps(content_licence()).encode() + b', "practices": ['
    count = 0
    for chunk in rows(query, absolute):
        text = ",".join("\n" + json.dumps(row, ensure_ascii=False) for row in chunk)
        yield (("," if count else "") + text).encode()
        count += len(chunk)
    yield f'\n], "count": {count}}}\n'.encode()


def file_name(subject, extension):
    return f"praktijkbank-{subject}-{timezone.localdate().isoformat()}.{extension}"


def with_licence_headers(response, name):
    """The licence as a Link header (rel="license"), and the file's name for a download."""
    response["Link"] = f'<{content_licence()["url"]}>; rel="license"'
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def practices_csv(query, absolute):
    response = StreamingHttpResponse(
        csv_lines(query, absolute), content_type="text/csv; charset=utf-8; header=present"
    )
    return with_licence_headers(response, file_name("praktijken", "csv"))


def practices_json(query, absolute):
    response = StreamingHttpResponse(
        json_parts(query, absolute), content_type="application/json; charset=utf-8"
    )
    return with_licence_headers(response, file_name("praktijken", "json"))


# -- What works ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figures:
    """One row of the "what works" CSV: a strategy or a form, and the export's context."""

    term: object  # practices.insights.figures.TermFigures
    finder: Callable[[str], str]  # a finder query string → its absolute URL
    licence: dict


def _top(kind, read):
    return lambda row: [read(count) for count in getattr(row.term, f"{kind}_factors")]


def _top_columns(kind, description):
    return (
        Column(
            f"{kind}_factors",
            f"The {description} factors the term's practices name most (at most three), "
            "most named first.",
            _top(kind, lambda count: str(count.label)),
        ),
        Column(
            f"{kind}_factor_slugs", "Their slugs, in the same order.", _top(kind, lambda c: c.value)
        ),
        Column(
            f"{kind}_factor_counts",
            "How many practices name each, in the same order.",
            _top(kind, lambda count: str(count.count)),
        ),
    )


def _outcome(status):
    def count(row):
        return next(c.count for c in row.term.outcomes if c.value == status.value)

    return Column(
        f"outcome_{status.name.lower()}",
        f"Of those practices, how many have the status `{status.value}`.",
        count,
    )


def _baselines(row):
    return [
        f"{figure.label}: {figure.display} ({figure.population}; {figure.base}; {figure.source})"
        for figure in row.term.survey_2013
    ]


def _regularly(row):
    regularly = row.term.regularly
    return float(regularly.value) if regularly else None


WHAT_WORKS_COLUMNS = (
    Column("kind", "`strategy` or `form`.", lambda row: row.term.kind),
    Column(
        "slug",
        "The term's slug: a value of the finder's `strategy` or `form` parameter.",
        lambda row: row.term.slug,
    ),
    Column("label", "The term's name (Dutch).", lambda row: str(row.term.label)),
    Column(
        "rung_slug",
        "For a strategy: the slug of its rung on the participation ladder.",
        lambda row: row.term.rung or None,
    ),
    Column(
        "rung",
        "For a strategy: its rung (Dutch).",
        lambda row: str(row.term.rung_label) or None,
    ),
    Column(
        "practices",
        "How many published practices have the term (within the filters).",
        lambda row: row.term.practices.count,
    ),
    Column(
        "finder_url",
        "The finder's list of those practices.",
        lambda row: row.finder(row.term.practices.query_string),
    ),
    Column("tools", "How many tools have the term.", lambda row: row.term.tools.count),
    *(_outcome(status) for status in Status),
    Column(
        "outcome_unknown",
        "Of those practices, how many state no status.",
        lambda row: row.term.outcome_unknown,
    ),
    *_top_columns("success", "success"),
    *_top_columns("failure", "failure"),
    Column(
        "used_regularly_2013_percent",
        "For a strategy: the share of all municipalities that used it often or regularly in "
        "2013 (percent), when the survey has it.",
        _regularly,
    ),
    Column(
        "survey_2013",
        "Every 2013 survey figure shown beside the term: what, how much, among whom, the base "
        "and where in the report (Dutch).",
        _baselines,
    ),
    Column(
        "survey_2013_source",
        "The survey the 2013 figures come from.",
        lambda row: survey_source(),
    ),
    Column("licence", "The licence of the content.", lambda row: row.licence["name"]),
    Column("licence_url", "The licence's text.", lambda row: row.licence["url"]),
)


def what_works_csv(narrow, absolute):
    """The "what works" figures within ``narrow`` (form, size, sector), a row per strategy
    and then per form; in Dutch wherever it is asked, as the practices' export."""
    licence = content_licence()
    writer = csv.writer(_Line())
    lines = [writer.writerow([column.name for column in WHAT_WORKS_COLUMNS])]
    with translation.override(settings.LANGUAGE_CODE):
        what_works = compute(narrow)
        finder = what_works.total.url.split("?", 1)[0]

        def finder_url(query_string):
            return absolute(f"{finder}?{query_string}" if query_string else finder)

        for term in (*what_works.strategies, *what_works.forms):
            row = Figures(term, finder_url, licence)
            lines.append(
                writer.writerow([csv_cell(column.read(row)) for column in WHAT_WORKS_COLUMNS])
            )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8; header=present")
    return with_licence_headers(response, file_name("wat-werkt", "csv"))


# -- Documentation ------------------------------------------------------------------------------
def columns_markdown(columns=COLUMNS):
    """The columns as a Markdown table: in the README and in the API's description."""
    lines = ["| column | what it holds |", "|---|---|"]
    lines += [f"| `{column.name}` | {column.description} |" for column in columns]
    return "\n".join(lines)
