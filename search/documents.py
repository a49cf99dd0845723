"""What the search index knows about a published page, built the same way for both engines."""

import dataclasses
import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import strip_tags

from practices.library.choices import FactorKind
from practices.library.models import PracticePage, ToolPage

from .analysis import words
from .compounds import compound_parts_text
from .facets import PRACTICE, TOOL

# Part of every fingerprint: raised when the indexed form of the same page changes (new fields,
# other analysis), so that reconcile_search_index rewrites every document.
ANALYSIS_VERSION = 3


@dataclass(frozen=True)
class SearchDocument:
    key: str
    page_id: int
    kind: str
    title: str
    url: str
    summary: str
    body: str
    municipality: str
    labels: str  # taxonomy names and tags, searchable as text
    factors: str
    keywords: dict  # facet name → tuple of values
    published: datetime | None
    start_year: int | None
    forms: tuple
    strategies: tuple

    # Text fields and how much a match in each counts; shared by both engines. "parts" holds
    # the parts of the compounds in all the others (search.compounds): a match there counts
    # least, so "bad" ranks a "Bad" above a "buitenzwembad".
    WEIGHTS = {
        "title": 4.0,
        "labels": 2.0,
        "summary": 2.0,
        "municipality": 2.0,
        "factors": 1.5,
        "body": 1.0,
        "parts": 0.5,
    }
    # The fields people write; "parts" is derived from them.
    WRITTEN = ("title", "labels", "summary", "municipality", "factors", "body")

    @property
    def fingerprint(self):
        """Changes whenever anything the index holds for this page changes (reconciliation)."""
        fields = dataclasses.asdict(self)
        fields["analysis"] = ANALYSIS_VERSION
        fields["keywords"] = sorted((k, tuple(v)) for k, v in self.keywords.items())
        return hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()[:32]

    def text_fields(self):
        return {name: getattr(self, name) for name in self.WEIGHTS}

    @functools.cached_property
    def words(self):
        """The distinct folded words of the written fields: the vocabulary typos are fixed to."""
        return tuple(dict.fromkeys(words(" ".join(getattr(self, f) for f in self.WRITTEN))))

    @functools.cached_property
    def parts(self):
        return compound_parts_text(self.words)


def document_key(page):
    return f"page:{page.pk}"


def practice_pages():
    return (
        PracticePage.objects.live()
        .public()
        .select_related("municipality", "government_role")
        .prefetch_related(
            "forms", "strategies__rung", "sectors", "challenges", "tags", "factors__factor"
        )
        .order_by("pk")
    )


def tool_pages():
    return (
        ToolPage.objects.live()
        .public()
        .prefetch_related("forms", "strategies__rung")
        .order_by("pk")
    )


def published_documents():
    """Every document that should be in the index, practices first, in a stable order."""
    for page in practice_pages().iterator(chunk_size=500):
        yield practice_document(page)
    for page in tool_pages().iterator(chunk_size=500):
        yield tool_document(page)


def document_for(page):
    """The document for a live, public page, or None when it does not belong in the index."""
    page = page.specific
    if not page.live or not isinstance(page, PracticePage | ToolPage):
        return None
    if page.get_view_restrictions().exists():
        return None
    if isinstance(page, PracticePage):
        return practice_document(practice_pages().get(pk=page.pk))
    return tool_document(tool_pages().get(pk=page.pk))


def practice_document(page):
    forms, strategies = list(page.forms.all()), list(page.strategies.all())
    sectors, challenges, tags = (
        list(page.sectors.all()),
        list(page.challenges.all()),
        # Tags have no default order; a fixed one keeps the fingerprint stable (PostgreSQL
        # may return the same rows in another order from one query to the next).
        sorted(page.tags.all(), key=lambda tag: tag.name),
    )
    rungs = {strategy.rung for strategy in strategies}
    if page.government_role:
        rungs.add(page.government_role)
    rungs = _in_order(rungs)
    municipality = page.municipality
    size = municipality.size_class if municipality else None
    factors = list(page.factors.all())
    return SearchDocument(
        key=document_key(page),
        page_id=page.pk,
        kind=PRACTICE,
        title=page.title,
        url=page.get_url() or "",
        summary=page.summary,
        body=stream_text(page.body) + " " + page.stop_reason,
        municipality=municipality.name if municipality else "",
        labels=" ".join(
            term.name for term in [*forms, *strategies, *rungs, *sectors, *challenges, *tags]
        ),
        factors=" ".join(f"{use.factor.name}. {use.explanation}" for use in factors),
        keywords={
            "type": (PRACTICE,),
            "form": _slugs(forms),
            "strategy": _slugs(strategies),
            "rung": _slugs(rungs),
            "sector": _slugs(sectors),
            "challenge": _slugs(challenges),
            "size": (size.slug,) if size else (),
            "province": (municipality.province,) if municipality else (),
            "outcome": (page.status,) if page.status else (),
            "evidence": (page.evidence_level,),
            "tag": _slugs(tags),
            "success_factor": _factor_slugs(factors, FactorKind.SUCCESS),
            "failure_factor": _factor_slugs(factors, FactorKind.FAILURE),
        },
        published=page.first_published_at,
        start_year=page.start_year,
        forms=tuple(form.name for form in forms),
        strategies=tuple(strategy.name for strategy in strategies),
    )


def tool_document(page):
    forms, strategies = list(page.forms.all()), list(page.strategies.all())
    rungs = _in_order({strategy.rung for strategy in strategies})
    return SearchDocument(
        key=document_key(page),
        page_id=page.pk,
        kind=TOOL,
        title=page.title,
        url=page.get_url() or "",
        summary=page.summary,
        body=stream_text(page.body),
        municipality="",
        labels=" ".join(term.name for term in [*forms, *strategies, *rungs])
        + " "
        + page.get_tool_type_display(),
        factors="",
        keywords={
            "type": (TOOL,),
            "form": _slugs(forms),
            "strategy": _slugs(strategies),
            "rung": _slugs(rungs),
        },
        published=page.first_published_at,
        start_year=None,
        forms=tuple(form.name for form in forms),
        strategies=tuple(strategy.name for strategy in strategies),
    )


def _in_order(rungs):
    """The rungs as the ladder orders them, not in a set's order."""
    return sorted(rungs, key=lambda rung: (rung.sort_order, rung.name))


def _factor_slugs(uses, kind):
    return tuple(sorted({use.factor.slug for use in uses if use.kind == kind}))


def _slugs(terms):
    return tuple(sorted(term.slug for term in terms))


def stream_text(stream):
    """The readable text of a StreamField, without markup."""
    parts = []
    for block in stream:
        parts.extend(_block_text(block.value))
    return " ".join(part for part in parts if part)


def _block_text(value):
    if hasattr(value, "source"):  # RichText
        return [strip_tags(value.source)]
    if isinstance(value, dict):
        return [str(item) for item in value.values() if isinstance(item, str)]
    if isinstance(value, list | tuple) or (
        hasattr(value, "__iter__") and not isinstance(value, str)
    ):
        return [text for item in value for text in _block_text(item)]
    return [strip_tags(str(value))]
