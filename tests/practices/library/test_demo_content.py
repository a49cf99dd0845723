"""The demo content: every example of section 2 of the report, loaded idempotently."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from practices.library import demo
from practices.library.demo import load_demo_content
from practices.library.management.commands import load_demo_content as demo_command
from practices.library.models import HomePage, PracticePage, ToolPage
from practices.taxonomy import loading
from practices.taxonomy.loading import load_taxonomy
from practices.taxonomy.management.commands import load_taxonomy as taxonomy_command
from practices.taxonomy.models import Factor, FormSurveyFigure, Sector, Strategy
from tests.msgids import is_translatable, msgids

pytestmark = pytest.mark.django_db

SEED_EXAMPLES = {
    "Samen maken we de stad": "Zwolle",
    "De Zonnestein": "Zwolle",
    "Stichting Sportief Zwolle": "Zwolle",
    "Mijn Rootz Jouw Beeld": "Zwolle",
    "Cocreatie Culemborg": "Culemborg",
    "Stichting Beheer Zwembad Oudewater": "Oudewater",
    "Leencafé": "Assen",
}


def test_every_example_of_the_report_is_a_published_practice_in_its_municipality():
    practices = {p.title: p.municipality.name for p in PracticePage.objects.live()}
    assert practices == SEED_EXAMPLES


def test_the_production_loaders_load_no_fictitious_examples():
    """Only load_illustrative_practices (platform/run) adds them; these two run everywhere."""
    load_taxonomy()
    load_demo_content()
    assert not PracticePage.objects.filter(illustrative=True).exists()
    fictitious = {entry["slug"] for entry in demo.read_data(demo.ILLUSTRATIVE_FILE)["practices"]}
    assert not PracticePage.objects.filter(slug__in=fictitious).exists()


def test_zwolles_three_projects_sit_under_samen_maken_we_de_stad():
    umbrella = PracticePage.objects.get(title="Samen maken we de stad")
    children = {p.title for p in PracticePage.objects.child_of(umbrella)}
    assert children == {"De Zonnestein", "Stichting Sportief Zwolle", "Mijn Rootz Jouw Beeld"}


def test_the_home_page_is_the_default_sites_root():
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)


def test_there_are_tools_for_the_second_strongest_need():
    assert ToolPage.objects.live().count() >= 3


def _snapshot():
    return (
        Page.objects.count(),
        Factor.objects.count(),
        Strategy.objects.count(),
        FormSurveyFigure.objects.count(),
        sorted(Page.objects.values_list("url_path", flat=True)),
    )


def test_loading_again_changes_nothing():
    before = _snapshot()
    report = load_taxonomy()
    report_demo = load_demo_content()
    assert _snapshot() == before
    assert str(report) == str(report_demo) == "niets nieuw"


def test_loading_keeps_what_editors_changed():
    strategy = Strategy.objects.get(slug="verbindingen-leggen")
    strategy.name = "Verbinden"
    strategy.save()
    load_taxonomy()
    strategy.refresh_from_db()
    assert strategy.name == "Verbinden"


def test_the_demo_command_never_creates_an_admin_outside_development(settings, capsys):
    settings.PRAKTIJKBANK_DEMO = False
    call_command("load_demo_content")
    assert "niet aangemaakt" in capsys.readouterr().out


def test_the_load_commands_report_what_they_added_in_words_gettext_translates(settings):
    settings.PRAKTIJKBANK_DEMO = False
    Sector.objects.filter(pk=Sector.objects.first().pk).delete()
    out = io.StringIO()
    call_command("load_taxonomy", stdout=out)
    line = out.getvalue().strip()
    assert line == "Taxonomie geladen: 1 beleidsterreinen."
    assert is_translatable(line, taxonomy_command)
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "[1/3] Taxonomie",
        "[2/3] Demo-inhoud",
        "[3/3] Beheerder",
    ]
    assert all(is_translatable(line, demo_command) for line in lines), lines
    assert is_translatable(lines[2].split(": ", 1)[1], demo_command)  # not made outside DEBUG
    # What a load added is named in the reader's words: "1 beleidsterreinen", "niets nieuw".
    assert {"beleidsterreinen", "synoniemgroepen", "niets nieuw"} <= msgids(loading)
    assert {"gemeenten", "praktijken", "instrumenten", "pagina's"} <= msgids(demo)


def test_the_demo_site_and_its_sitemap_answer_at_the_configured_address(client, settings):
    settings.PRAKTIJKBANK_DEMO = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8155"
    load_demo_content()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8155)
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8155").text
    assert "<loc>http://127.0.0.1:8155/praktijken/" in sitemap
    assert "localhost" not in sitemap
