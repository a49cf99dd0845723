"""Every term has an English name (and description) beside its Dutch one; Dutch stays canonical.

The name reads the visitor's language and falls back to Dutch; editors edit both languages in
the admin; loading the taxonomy gives an older database its English texts without touching
what editors wrote.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from practices.taxonomy.loading import load_taxonomy, read_data
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, SizeClass, Strategy

pytestmark = pytest.mark.django_db

SECTIONS = {
    "rungs": Rung,
    "forms": Form,
    "strategies": Strategy,
    "challenges": Challenge,
    "sectors": Sector,
    "size_classes": SizeClass,
}


def report_terms():
    taxonomy = read_data("taxonomy.toml")
    for section, model in SECTIONS.items():
        for entry in taxonomy[section]:
            yield model.objects.get(slug=entry["slug"]), entry


def test_every_term_of_the_report_has_an_english_name_and_description():
    for term, entry in report_terms():
        assert term.name_nl == entry["name"]
        assert term.name_en == entry["name_en"]
        assert bool(term.description_en) == bool(term.description_nl), term.slug


def test_the_name_is_read_in_the_visitors_language():
    form = Form.objects.get(slug="vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen")
    with translation.override("en"):
        assert form.name == form.name_en
        assert form.description == form.description_en
        assert form.name_lang == "en"
    with translation.override("nl"):
        assert form.name == form.name_nl
        assert form.name_lang == "nl"


def test_a_term_without_english_falls_back_to_dutch_and_says_so():
    sector = Sector.objects.create(name_nl="Sport en bewegen", slug="sport-en-bewegen")
    with translation.override("en"):
        assert sector.name == "Sport en bewegen"
        assert sector.name_lang == "nl"
        assert str(sector) == "Sport en bewegen"


def test_the_finder_choices_are_the_terms_in_the_visitors_language():
    size = SizeClass.objects.get(slug="50000-100000")
    with translation.override("en"):
        assert dict(SizeClass.objects.values_list("slug", "name"))[size.slug] == size.name_en
    with translation.override("nl"):
        assert dict(SizeClass.objects.values_list("slug", "name"))[size.slug] == size.name_nl


def test_loading_adds_missing_english_texts_and_keeps_what_editors_wrote():
    missing = Strategy.objects.get(slug="vrijwilligersbeleid")
    edited = Strategy.objects.get(slug="zeggenschap-overdragen")
    english_name = missing.name_en
    Strategy.objects.filter(pk=missing.pk).update(name_en=None, description_en="")
    Strategy.objects.filter(pk=edited.pk).update(name_en="Handing over control")
    load_taxonomy()
    missing.refresh_from_db()
    edited.refresh_from_db()
    assert missing.name_en == english_name
    assert missing.description_en
    assert edited.name_en == "Handing over control"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("redactie", "r@example.org", "geheim")
    client.force_login(user)
    return client


def edit_url(term):
    return reverse(type(term).snippet_viewset.get_url_name("edit"), args=[term.pk])


@pytest.mark.parametrize("model", [*SECTIONS.values(), Factor])
def test_editors_see_both_languages_with_help_texts(admin_client, model):
    html = admin_client.get(edit_url(model.objects.first())).text
    for field in ("name_nl", "name_en", "description_nl", "description_en"):
        assert f'name="{field}"' in html
        assert str(model._meta.get_field(field).help_text) in html


def test_editors_find_a_term_by_its_english_name(admin_client):
    strategy = Strategy.objects.get(slug="vrijwilligersbeleid")
    url = reverse(Strategy.snippet_viewset.get_url_name("list"))
    html = admin_client.get(url, {"q": "volunteers"}).text
    assert strategy.name_nl in html


def test_an_editor_changes_the_english_name_and_the_dutch_one_stays(admin_client):
    rung = Rung.objects.get(slug="faciliteren")
    response = admin_client.post(
        edit_url(rung),
        {
            "name_nl": rung.name_nl,
            "name_en": "Enabling",
            "slug": rung.slug,
            "description_nl": rung.description_nl,
            "description_en": rung.description_en,
            "sort_order": rung.sort_order,
        },
    )
    assert response.status_code == 302
    rung.refresh_from_db()
    assert (rung.name_nl, rung.name_en) == ("Faciliteren", "Enabling")
