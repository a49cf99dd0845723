"""What the search index knows about a published page, built the same way for both engines.

The text is what people read (markup stripped, entities read); the facet values are what the
facet table reads from the page (``search.facets.keywords``).
"""

import dataclasses
import functools
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags

from practices.library.models import PracticePage, ToolPage

from . import facets
from .analysis import words
from .compounds import compound_parts_text
from .facets import PRACTICE, TOOL

# Part of every fingerprint: raised when the indexed form of the same page changes (new fields,
# other analysis), so that reconcile_search_index rewrites every document.
ANALYSIS_VERSION = 4


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
    illustrative: bool = False  # a fictitious example (PracticePage.illustrative)

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


def page_id_of(key):
    """The page a document key names (the inverse of document_key)."""
    return int(key.removeprefix("page:"))


def illustrative_page_ids(page_ids):
    """Which of these pages are fictitious examples (PracticePage.illustrative)."""
    page_ids = list(page_ids)
    if not page_ids:
        return frozenset()
    found = PracticePage.objects.filter(pk__in=page_ids, illustrative=True)
    return frozenset(found.values_list("pk", flat=True))


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


def in_dutch(build):
    """The index is Dutch whatever language the request that publishes a page speaks: term
    names read the active language (practices.taxonomy.translation), and so do choice labels
    and URLs. (A fresh override per call: one shared instance is not safe across threads.)"""

    @functools.wraps(build)
    def build_in_dutch(page):
        with translation.override(settings.LANGUAGE_CODE):
            return build(page)

    return build_in_dutch


@in_dutch
def practice_document(page):
    forms, strategies = list(page.forms.all()), list(page.strategies.all())
    # Tags have no default order; a fixed one keeps the fingerprint stable (PostgreSQL may
    # return the same rows in another order from one query to the next).
    tags = sorted(page.tags.all(), key=lambda tag: tag.name)
    terms = [*forms, *strategies, *facets.rungs(page), *page.sectors.all()]
    terms += [*page.challenges.all(), *tags]
    municipality = page.municipality
    return SearchDocument(
        key=document_key(page),
        page_id=page.pk,
        kind=PRACTICE,
        title=page.title,
        url=page.get_url() or "",
        summary=page.summary,
        body=stream_text(page.body) + " " + page.stop_reason,
        municipality=municipality.name if municipality else "",
        labels=" ".join(term.name for term in terms),
        factors=" ".join(f"{use.factor.name}. {use.explanation}" for use in page.factors.all()),
        keywords=facets.keywords(PRACTICE, page),
        published=page.first_published_at,
        start_year=page.start_year,
        forms=tuple(form.name for form in forms),
        strategies=tuple(strategy.name for strategy in strategies),
        illustrative=page.illustrative,
    )


@in_dutch
def tool_document(page):
    forms, strategies = list(page.forms.all()), list(page.strategies.all())
    terms = [*forms, *strategies, *facets.rungs(page)]
    return SearchDocument(
        key=document_key(page),
        page_id=page.pk,
        kind=TOOL,
        title=page.title,
        url=page.get_url() or "",
        summary=page.summary,
        body=stream_text(page.body),
        municipality="",
        labels=" ".join(term.name for term in terms) + " " + page.get_tool_type_display(),
        factors="",
        keywords=facets.keywords(TOOL, page),
        published=page.first_published_at,
        start_year=None,
        forms=tuple(form.name for form in forms),
        strategies=tuple(strategy.name for strategy in strategies),
    )


def stream_text(stream):
    """The readable text of a StreamField, without markup."""
    parts = []
    for block in stream:
        parts.extend(_block_text(block.value))
    return " ".join(part for part in parts if part)


def _block_text(value):
    if hasattr(value, "source"):  # RichText
        return [plain_text(value.source)]
    if isinstance(value, dict):
        return [str(item) for item in value.values() if isinstance(item, str)]
    if isinstance(value, list | tuple) or (
        hasattr(value, "__iter__") and not isinstance(value, str)
    ):
        return [text for item in value for text in _block_text(item)]
    return [plain_text(str(value))]


def plain_text(markup):
    """The text people read in HTML: without tags, and with "R&amp;D" read as "R&D", so that
    "amp" is no word of the page and the highlight escapes the "&" once, not twice. Blocks
    and line breaks part words: "<p>wijk</p><p>buurt</p>" is "wijk buurt", not "wijkbuurt"."""
    return html.unescape(strip_tags(BLOCK_END.sub(r"\g<0> ", markup))).strip()


# The end of a block element, or a line break: where the text people read has a space.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|blockquote|td|th|dd|dt)\s*>|<br\s*/?>", re.I)
