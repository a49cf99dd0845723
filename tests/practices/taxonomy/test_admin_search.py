"""Editors search taxonomy terms and municipalities with a database lookup; no search index.

Nothing reads a Wagtail search index of these short lists, so saving a term writes none, and
the admin listing and the chooser on a practice page still find partial words.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.search.models import IndexEntry

from practices.municipalities.models import Municipality
from practices.taxonomy.models import Factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("redactie", "r@example.org", "geheim")
    client.force_login(user)
    return client


def index_entries(model):
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


@pytest.mark.parametrize("model", [Municipality, Factor])
def test_saving_a_term_writes_no_search_index_entry(model):
    term = model.objects.first()
    term.name += " (nieuw)"
    term.save()
    assert not index_entries(model).exists()


def chooser_url(model):
    namespace = model.snippet_viewset.get_chooser_admin_url_namespace()
    return reverse(f"{namespace}:choose_results")


def test_the_municipality_chooser_finds_a_partial_name(admin_client):
    response = admin_client.get(chooser_url(Municipality), {"q": "oude"})
    assert response.status_code == 200
    assert "Oudewater" in response.text
    assert "Zwolle" not in response.text


def test_the_factor_chooser_finds_a_word_inside_a_name(admin_client):
    factor = Factor.objects.order_by("name").last()
    word = factor.name.split()[-1][1:-1]  # part of a word, never the whole of it
    response = admin_client.get(chooser_url(Factor), {"q": word})
    assert response.status_code == 200
    assert factor.name in response.text


def test_the_municipality_listing_finds_a_cbs_code(admin_client):
    url = reverse(Municipality.snippet_viewset.get_url_name("list"))
    response = admin_client.get(url, {"q": "GM0589"})
    assert response.status_code == 200
    assert "Oudewater" in response.text
