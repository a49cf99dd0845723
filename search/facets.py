"""The facet table: every filter of the practice finder, defined once for both engines.

Each facet's ``name`` is the query parameter that filters on it (in the finder, the API and
the index), ``label`` is what people read, ``choices()`` gives the value → label pairs that
exist, in display order, and ``practice`` and ``tool`` read a page's values for it. The search
documents (``keywords()``), the finder's form, the API's parameters and the benchmark's
generated practices all derive from this table: a new facet is one entry here.
"""

import contextlib
import contextvars
import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from practices.library.choices import Authenticity, EvidenceLevel, FactorKind, Status
from practices.municipalities.models import Province
from practices.taxonomy.labels import dutch_label, term_label, with_names_only
from practices.taxonomy.models import (
    Challenge,
    Factor,
    Form,
    Rung,
    Sector,
    SizeClass,
    Strategy,
)

PRACTICE, TOOL = "praktijk", "instrument"


# Within choices_read_once(): what each database read of choices gave, keyed by that read.
_read_choices = contextvars.ContextVar("read_choices", default=None)


@contextlib.contextmanager
def choices_read_once():
    """Reads each facet's choices from the database at most once inside the block.

    A finder request validates its parameters against the choices and then labels the facet
    counts with them: without this, the same 8 small queries ran twice. Only for the span of
    one request, so a renamed or new term is there on the very next one.
    """
    if _read_choices.get() is not None:  # already inside a block: keep what it read
        yield
        return
    reset = _read_choices.set({})
    try:
        yield
    finally:
        _read_choices.reset(reset)


def _read_once(read):
    def choices():
        memo = _read_choices.get()
        if memo is None:
            return read()
        if read not in memo:
            memo[read] = read()
        return list(memo[read])

    return choices


def _terms(model):
    return _read_once(_term_reader(model))


@functools.cache
def _term_reader(model):
    # One reader per model: both factor facets share the read of Factor.
    def read():
        return [(term.slug, term_label(term)) for term in with_names_only(model.objects.all())]

    return read


def hits_in_visitor_language(hits):
    """The hits with their forms and strategies named in the visitor's language: the index
    holds Dutch names (search.documents), a result card under /en/ shows the English ones."""
    with choices_read_once():
        forms, strategies = _labels_by_dutch_name(Form), _labels_by_dutch_name(Strategy)
    return [
        dataclasses.replace(
            hit,
            forms=tuple(forms.get(name) or dutch_label(name) for name in hit.forms),
            strategies=tuple(strategies.get(name) or dutch_label(name) for name in hit.strategies),
        )
        for hit in hits
    ]


def _labels_by_dutch_name(model):
    return dict(_read_once(_dutch_name_reader(model))())


@functools.cache
def _dutch_name_reader(model):
    def read():
        return [(term.name_nl, term_label(term)) for term in with_names_only(model.objects.all())]

    return read


def _fixed(pairs):
    def choices():
        return [(value, str(label)) for value, label in pairs]

    return choices


@_read_once
def _tags():
    tags = (
        Tag.objects.filter(library_practicetag_items__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )
    return [(slug, dutch_label(name)) for slug, name in tags]


def _nothing(page):
    return ()


@dataclass(frozen=True)
class Facet:
    """One filter, and how a page of each kind gets its values for it.

    ``practice`` and ``tool`` take a page of that kind (its related terms prefetched, as
    search.documents reads it) and give its values; a facet that does not apply to a kind of
    page keeps the default and gives it none.
    """

    name: str
    label: str
    choices: Callable[[], list]
    practice: Callable[[object], tuple] = _nothing
    tool: Callable[[object], tuple] = _nothing

    def values(self, kind, page):
        read = self.practice if kind == PRACTICE else self.tool
        return tuple(read(page))


def keywords(kind, page):
    """Facet name → the page's values, for every facet in the table (one search document)."""
    return {facet.name: facet.values(kind, page) for facet in FACETS}


def rungs(page):
    """The rungs a page stands on, in ladder order: its strategies' and, for a practice, the
    rung of what the government did."""
    found = {strategy.rung for strategy in page.strategies.all()}
    if getattr(page, "government_role", None):
        found.add(page.government_role)
    return sorted(found, key=lambda rung: (rung.sort_order, rung.name))


def _slugs(terms):
    return tuple(sorted(term.slug for term in terms))


def _factors(kind):
    def read(page):
        return tuple(sorted({use.factor.slug for use in page.factors.all() if use.kind == kind}))

    return read


def _one(value):
    return (value,) if value else ()


def _size(page):
    size = page.municipality.size_class if page.municipality else None
    return _one(size and size.slug)


def _authenticity(page):
    return Authenticity.FICTITIOUS if page.illustrative else Authenticity.REAL


def _province(page):
    return _one(page.municipality and page.municipality.province)


FACETS = (
    Facet(
        "type",
        _("Soort"),
        _fixed([(PRACTICE, _("Praktijk")), (TOOL, _("Instrument"))]),
        practice=lambda page: (PRACTICE,),
        tool=lambda page: (TOOL,),
    ),
    Facet(
        "form",
        _("Vorm van doe-democratie"),
        _terms(Form),
        practice=lambda page: _slugs(page.forms.all()),
        tool=lambda page: _slugs(page.forms.all()),
    ),
    Facet(
        "strategy",
        _("Strategie van de gemeente"),
        _terms(Strategy),
        practice=lambda page: _slugs(page.strategies.all()),
        tool=lambda page: _slugs(page.strategies.all()),
    ),
    Facet(
        "rung",
        _("Trede op de participatietrap"),
        _terms(Rung),
        practice=lambda page: _slugs(rungs(page)),
        tool=lambda page: _slugs(rungs(page)),
    ),
    Facet(
        "sector",
        _("Beleidsterrein"),
        _terms(Sector),
        practice=lambda page: _slugs(page.sectors.all()),
    ),
    Facet(
        "challenge",
        _("Aangepakt knelpunt"),
        _terms(Challenge),
        practice=lambda page: _slugs(page.challenges.all()),
    ),
    Facet("size", _("Gemeentegrootte"), _terms(SizeClass), practice=_size),
    Facet("province", _("Provincie"), _fixed(Province.choices), practice=_province),
    Facet(
        "outcome",
        _("Status"),
        _fixed(Status.choices),
        practice=lambda page: _one(page.status),
    ),
    Facet(
        "evidence",
        _("Kennisniveau"),
        _fixed(EvidenceLevel.choices),
        practice=lambda page: (page.evidence_level,),
    ),
    Facet("tag", _("Trefwoord"), _tags, practice=lambda page: _slugs(page.tags.all())),
    Facet(
        "success_factor",
        _("Succesfactor"),
        _terms(Factor),
        practice=_factors(FactorKind.SUCCESS),
    ),
    Facet(
        "failure_factor",
        _("Faalfactor"),
        _terms(Factor),
        practice=_factors(FactorKind.FAILURE),
    ),
    Facet(
        "example",
        _("Echt of fictief"),
        _fixed(Authenticity.choices),
        practice=lambda page: (_authenticity(page),),
        tool=lambda page: (Authenticity.REAL,),
    ),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
