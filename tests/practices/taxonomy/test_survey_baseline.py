"""The 2013 survey baseline carries the report's figures, attached to the right terms."""

from decimal import Decimal

import pytest
from django.utils import translation

from practices.taxonomy.models import FormSurveyFigure, SizeClass, StrategySurveyFigure

pytestmark = pytest.mark.django_db


def figure(model, slug, measure, **group):
    parent = "form" if model is FormSurveyFigure else "strategy"
    figures = model.objects.filter(**{f"{parent}__slug": slug}, measure=measure, **group)
    return [f.value for f in figures]


@pytest.mark.parametrize(
    ("slug", "share"),
    [
        ("sociale-samenhang-en-actieve-deelname", 94),
        ("vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen", 82),
        ("nieuwe-netwerken-en-coalities", 72),
        ("overdracht-politieke-zeggenschap", 21),
        ("sociaal-ondernemerschap", 47),
    ],
)
def test_share_of_municipalities_where_a_form_occurs(slug, share):
    values = figure(FormSurveyFigure, slug, "occurrence", min_inhabitants=0, max_inhabitants=None)
    assert values == [Decimal(share)]


def test_most_typical_forms_as_counted_in_figure_2_3():
    counts = {
        f.form.slug: int(f.value)
        for f in FormSurveyFigure.objects.filter(measure="most_typical").select_related("form")
    }
    assert sorted(counts.values(), reverse=True) == [82, 55, 36, 34, 24, 11, 7]


def test_strategies_named_most_and_least_successful_in_figure_3_6():
    counts = sorted(
        int(f.value) for f in StrategySurveyFigure.objects.filter(measure="named_most_successful")
    )
    assert counts == [2, 3, 6, 37, 40, 61]


@pytest.mark.parametrize(
    ("slug", "share"),
    [
        ("betrouwbare-samenwerkingspartner", 73),
        ("vrijwilligersbeleid", 69),
        ("win-win-zoeken", 66),
        ("belangentegenstellingen-oplossen", 61),
        ("ambtelijke-ondersteuning", 56),
        ("aansluiten-bij-initiatieven", 54),
        ("verbindingen-leggen", 53),
        ("regels-flexibel-toepassen", 46),
        ("initiatieven-in-kaart-brengen", 49),
        ("zeggenschap-overdragen", 23),
        ("eigen-kracht-conferenties", 27),
        ("maatschappelijk-aanbesteden", 14),
        ("startkapitaal-seed-money", 2),
        ("alternatieve-financiering", 4),
    ],
)
def test_strategies_used_vaak_of_regelmatig_by_all_municipalities(slug, share):
    overall = StrategySurveyFigure.objects.filter(
        strategy__slug=slug,
        measure="used_regularly",
        min_inhabitants=0,
        max_inhabitants=None,
    )
    assert [f.value for f in overall] == [Decimal(share)]


def test_size_class_differences_apply_to_the_right_size_classes():
    big = SizeClass.objects.get(slug="100000-plus")
    small = SizeClass.objects.get(slug="tot-20000")
    social = FormSurveyFigure.objects.filter(
        form__slug="sociaal-ondernemerschap", measure="occurrence"
    )
    covering_big = [f.value for f in social if f.covers(big) and not f.covers_all_municipalities]
    covering_small = [
        f.value for f in social if f.covers(small) and not f.covers_all_municipalities
    ]
    assert covering_big == [Decimal(90)]
    assert covering_small == [Decimal(50)]


def test_every_figure_names_its_source_and_base():
    for model in (FormSurveyFigure, StrategySurveyFigure):
        for item in model.objects.all():
            assert item.source and item.base.startswith("n="), item


def test_figures_read_as_dutch_numbers():
    item = StrategySurveyFigure(value=Decimal("15"), value_upper=Decimal("27"), unit="percent")
    assert item.display_value == "15–27%"
    named = StrategySurveyFigure(value=Decimal("61"), unit="count", measure="named_most_successful")
    assert named.display_value == "61×"
    municipalities = StrategySurveyFigure(
        value=Decimal("1"), unit="count", measure="used_at_least_sometimes"
    )
    assert municipalities.display_value == "1 gemeente"


def test_figures_use_the_readers_decimal_separator():
    item = StrategySurveyFigure(value=Decimal("12.5"), unit="percent")
    with translation.override("nl"):
        assert item.display_value == "12,5%"
    with translation.override("en"):
        assert item.display_value == "12.5%"
