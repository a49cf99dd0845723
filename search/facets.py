"""The facet table: every filter of the practice finder, defined once for both engines.

Each facet's ``name`` is the query parameter that filters on it (in the finder, the API and
the index), ``label`` is what people read, and ``choices()`` gives the value → label pairs
that exist, in display order.
"""

import contextlib
import contextvars
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from practices.library.choices import EvidenceLevel, Status
from practices.municipalities.models import Province
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
        return list(model.objects.values_list("slug", "name"))

    return read


def _fixed(pairs):
    def choices():
        return [(value, str(label)) for value, label in pairs]

    return choices


@_read_once
def _tags():
    return list(
        Tag.objects.filter(library_practicetag_items__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    choices: Callable[[], list]


FACETS = (
    Facet("type", _("Soort"), _fixed([(PRACTICE, _("Praktijk")), (TOOL, _("Instrument"))])),
    Facet("form", _("Vorm van doe-democratie"), _terms(Form)),
    Facet("strategy", _("Strategie van de gemeente"), _terms(Strategy)),
    Facet("rung", _("Trede op de participatietrap"), _terms(Rung)),
    Facet("sector", _("Beleidsterrein"), _terms(Sector)),
    Facet("challenge", _("Aangepakt knelpunt"), _terms(Challenge)),
    Facet("size", _("Gemeentegrootte"), _terms(SizeClass)),
    Facet("province", _("Provincie"), _fixed(Province.choices)),
    Facet("outcome", _("Status"), _fixed(Status.choices)),
    Facet("evidence", _("Kennisniveau"), _fixed(EvidenceLevel.choices)),
    Facet("tag", _("Trefwoord"), _tags),
    Facet("success_factor", _("Succesfactor"), _terms(Factor)),
    Facet("failure_factor", _("Faalfactor"), _terms(Factor)),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
