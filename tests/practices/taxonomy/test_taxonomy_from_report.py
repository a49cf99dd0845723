"""The taxonomy is the report's, complete and with the report's labels."""

import pytest

from practices.taxonomy.models import Challenge, Form, Rung, Sector, SizeClass, Strategy

pytestmark = pytest.mark.django_db

FORMS = [
    "Zelfbeheer openbare ruimte",
    "Sociaal ondernemerschap",
    "Structurele overdracht van politieke zeggenschap (gebiedsgericht werken)",
    "Maatschappelijke handhaving, toezicht en veiligheid",
    "Sociale samenhang en actieve deelname",
    "Vrijwilligerswerk en zelforganisatie voor lokale voorzieningen",
    "Nieuwe netwerken en coalities",
]
RUNGS = ["loslaten", "faciliteren", "stimuleren", "regisseren", "reguleren"]
# Report section 1.5: the strategies as the survey put them, per rung.
STRATEGIES = {
    "faciliteren": [
        "Initiatiefnemers ondersteunen met tijd en deskundigheid uit de ambtelijke organisatie",
        "Een loket waar maatschappelijke initiatiefnemers ondersteuning kunnen krijgen",
        "Helpen met het oplossen van belangentegenstellingen en –conflicten",
        "Vrij beschikbare middelen ter beschikking stellen als startkapitaal (seed money)",
        "Alternatieve financieringswijzen en bekostigingsmodellen aandragen",
        "Initiatiefnemers verder helpen door verbindingen tussen partijen te leggen",
    ],
    "stimuleren": [
        "Zeggenschap overdragen aan partijen bij belangrijke ontwikkelingen en projecten",
        "Eigen Kracht-conferenties stimuleren, uitvoeren of financieren",
        "Beleid en voorzieningen werving, ondersteuning en deskundigheidsbevordering van "
        "vrijwilligers",
        "Aanbestedingsbeleid met ruimte voor meedingen door verrassende coalities ofwel "
        "‘maatschappelijk aanbesteden’",
    ],
    "regisseren": [
        "Wet- en regelgeving en gemeentelijk beleid zoveel mogelijk flexibel toepassen",
        "Overzicht verkrijgen: actief initiatieven en ‘energie’ in de samenleving in kaart "
        "brengen via ketenpartners en bewonersorganisaties",
        "Een betrouwbare en duidelijke samenwerkingspartner zijn",
        "In de samenwerking met burgers, bedrijven en organisaties actief zoeken naar "
        "win-winsituaties",
        "Met gemeentelijk beleid en projecten actief aansluiting zoeken bij maatschappelijke "
        "initiatieven",
    ],
}


def test_the_seven_forms_of_doe_democratie_in_the_reports_order():
    assert [form.name for form in Form.objects.all()] == FORMS


def test_every_form_carries_the_reports_explanation_and_examples():
    for form in Form.objects.all():
        assert form.description, form
        assert form.example_list, form


def test_the_participation_ladder_has_five_rungs_from_least_to_most_involvement():
    assert [rung.slug for rung in Rung.objects.all()] == RUNGS


def test_fifteen_strategies_six_four_and_five_on_the_middle_rungs():
    by_rung = {
        rung.slug: [strategy.description for strategy in rung.strategies.order_by("sort_order")]
        for rung in Rung.objects.all()
    }
    assert Strategy.objects.count() == 15
    assert by_rung == {"loslaten": [], **STRATEGIES, "reguleren": []}


def test_strategies_have_short_labels_for_people_to_scan():
    for strategy in Strategy.objects.all():
        assert 0 < len(strategy.name) <= 80, strategy.name


def test_ten_challenges_in_two_groups_with_the_reports_shares():
    shares = {
        group: sorted(Challenge.objects.filter(group=group).values_list("survey_share", flat=True))
        for group in ("government", "society")
    }
    assert shares == {"government": [15, 36, 49, 56, 56, 71], "society": [39, 45, 55, 64]}


def test_five_sectors_with_how_often_they_were_named():
    assert [(s.name, s.survey_mentions) for s in Sector.objects.all()] == [
        ("Leefbaarheid en sociale samenhang", 72),
        ("Beheer openbare ruimte / fysieke aspecten leefbaarheid", 67),
        ("(Arbeids)participatie, sociaal beleid en welzijn", 64),
        ("Jeugd en opvoeding", 42),
        ("Zorg en volksgezondheid", 31),
    ]


@pytest.mark.parametrize(
    ("inhabitants", "size_class"),
    [
        (1, "tot-20000"),
        (19_999, "tot-20000"),
        (20_000, "20000-50000"),
        (49_999, "20000-50000"),
        (50_000, "50000-100000"),
        (99_999, "50000-100000"),
        (100_000, "100000-plus"),
        (900_000, "100000-plus"),
    ],
)
def test_size_classes_cover_every_municipality_without_overlap(inhabitants, size_class):
    assert SizeClass.objects.for_inhabitants(inhabitants).slug == size_class
