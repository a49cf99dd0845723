"""Loads the report's taxonomy and 2013 survey figures from the TOML files in data/.

Loading adds what is missing and never overwrites what editors changed, so it is safe to run
on every start. The report names what was added in the reader's language (gettext).
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from search.thesaurus import seed_thesaurus

from .models import (
    Challenge,
    Form,
    FormSurveyFigure,
    Rung,
    Sector,
    SizeClass,
    Strategy,
    StrategySurveyFigure,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_data(name):
    with (DATA_DIR / name).open("rb") as file:
        return tomllib.load(file)


@dataclass
class LoadReport:
    """How many of each kind were created, keyed by the kind's name as people read it."""

    created: Counter = field(default_factory=Counter)

    def add(self, label, was_created):
        self.created[label] += int(was_created)

    def __str__(self):
        made = ", ".join(f"{count} {label}" for label, count in self.created.items() if count)
        return made or _("niets nieuw")


# A term's texts per language, named explicitly: "name" would go to the active language.
ENGLISH_FIELDS = ("name_en", "description_en")


def _term_fields(entry):
    return {
        "name_nl": entry["name"],
        "name_en": entry.get("name_en"),
        "description_nl": entry.get("description", ""),
        "description_en": entry.get("description_en", ""),
        "sort_order": entry.get("order", entry.get("position", 0)),
    }


def _created(model, entry, defaults):
    """Whether the term of the entry's slug was missing and is created now."""
    term, created = model.objects.get_or_create(slug=entry["slug"], defaults=defaults)
    if not created:
        _add_missing_english(term, defaults)
    return created


def _add_missing_english(term, fields):
    """Gives a term from before the English texts its English name and description; an
    English text that an editor wrote is kept. A plain update: the search index is Dutch, so
    nothing needs reindexing."""
    missing = {
        name: fields[name] for name in ENGLISH_FIELDS if fields[name] and not getattr(term, name)
    }
    if missing:
        type(term).objects.filter(pk=term.pk).update(**missing)


@transaction.atomic
def load_taxonomy(taxonomy=None, survey=None):
    taxonomy = taxonomy if taxonomy is not None else read_data("taxonomy.toml")
    survey = survey if survey is not None else read_data("survey_2013.toml")
    report = LoadReport()
    for entry in taxonomy["rungs"]:
        report.add(_("treden"), _created(Rung, entry, _term_fields(entry)))
    for entry in taxonomy["forms"]:
        defaults = {**_term_fields(entry), "examples": "\n".join(entry.get("examples", []))}
        report.add(_("vormen"), _created(Form, entry, defaults))
    rungs = {rung.slug: rung for rung in Rung.objects.all()}
    for entry in taxonomy["strategies"]:
        defaults = {**_term_fields(entry), "rung": rungs[entry["rung"]]}
        report.add(_("strategieën"), _created(Strategy, entry, defaults))
    for entry in taxonomy["challenges"]:
        defaults = {
            **_term_fields(entry),
            "group": entry["group"],
            "survey_share": entry.get("survey_share"),
        }
        report.add(_("knelpunten"), _created(Challenge, entry, defaults))
    for entry in taxonomy["sectors"]:
        defaults = {**_term_fields(entry), "survey_mentions": entry.get("survey_mentions")}
        report.add(_("beleidsterreinen"), _created(Sector, entry, defaults))
    for entry in taxonomy["size_classes"]:
        defaults = {
            **_term_fields(entry),
            "min_inhabitants": entry.get("min_inhabitants", 0),
            "max_inhabitants": entry.get("max_inhabitants"),
        }
        report.add(_("gemeentegroottes"), _created(SizeClass, entry, defaults))
    _load_survey_figures(survey["figures"], report)
    # The search thesaurus: new seed groups reach a database that was migrated earlier.
    report.created[_("synoniemgroepen")] += seed_thesaurus()
    return report


def _load_survey_figures(figures, report):
    """Adds the report's figures to forms and strategies that have none yet."""
    subjects = {
        "form": (Form, FormSurveyFigure, "form"),
        "strategy": (Strategy, StrategySurveyFigure, "strategy"),
    }
    size_classes = {size.slug: size for size in SizeClass.objects.all()}
    by_subject = {}
    for figure in figures:
        by_subject.setdefault((figure["subject"], figure["slug"]), []).append(figure)
    for (subject, slug), entries in by_subject.items():
        term_model, figure_model, parent_field = subjects[subject]
        term = term_model.objects.get(slug=slug)
        if figure_model.objects.filter(**{parent_field: term}).exists():
            continue
        for order, entry in enumerate(entries):
            figure_model.objects.create(
                **{parent_field: term},
                sort_order=order,
                **_figure_fields(entry, size_classes),
            )
            report.add(_("enquêtecijfers"), True)


def _figure_fields(entry, size_classes):
    covered = [size_classes[slug] for slug in entry.get("size_classes", [])]
    uppers = [size.max_inhabitants for size in covered]
    return {
        "measure": entry["measure"],
        "value": entry["value"],
        "value_upper": entry.get("value_upper"),
        "unit": entry["unit"],
        "population": entry.get("population", "alle gemeenten"),
        "min_inhabitants": min((size.min_inhabitants for size in covered), default=0),
        "max_inhabitants": None if not covered or None in uppers else max(uppers),
        "base": entry["base"],
        "source": entry["source"],
        "quote": entry.get("quote", ""),
    }
