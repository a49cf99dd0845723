"""‘Wat werkt?’ counts the fictitious examples too, and says how many of its practices they are,
with links to them and to the real practices alone."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from practices.insights.computation import compute
from practices.library.models import PracticePage
from search.backends.database import DatabaseBackend
from search.documents import published_documents
from search.models import IndexEntry

from .counting import finder_total

pytestmark = pytest.mark.django_db

NOTICE = "ww-fictitious"


def mark_fictitious(count):
    """The first ``count`` published practices become fictitious examples, in the index too."""
    pages = list(PracticePage.objects.live().order_by("pk")[:count])
    PracticePage.objects.filter(pk__in=[page.pk for page in pages]).update(illustrative=True)
    IndexEntry.objects.all().delete()
    DatabaseBackend().index(published_documents())
    return pages


def test_the_figures_say_how_many_practices_are_fictitious(client):
    mark_fictitious(2)
    figures = compute({})
    total = PracticePage.objects.live().count()
    assert (figures.fictitious.count, figures.real.count) == (2, total - 2)
    html = client.get(reverse("what_works")).text
    notice = html[html.index(NOTICE) :].split("</p>")[0]
    assert "2 daarvan zijn fictieve voorbeelden" in notice
    assert f"{total - 2} echte praktijken" in notice


def test_the_links_of_the_notice_give_the_fictitious_and_the_real_practices(client):
    mark_fictitious(3)
    figures = compute({})
    assert finder_total(figures.fictitious.query_string) == 3
    assert finder_total(figures.real.query_string) == figures.real.count
    html = client.get(reverse("what_works")).text
    links = re.findall(r'href="([^"]+)"', html[html.index(NOTICE) :].split("</p>")[0])
    assert links == [escape(figures.fictitious.url), escape(figures.real.url)]


def test_a_site_without_fictitious_examples_shows_no_notice(client):
    assert not PracticePage.objects.filter(illustrative=True).exists()
    assert compute({}).fictitious.count == 0
    assert NOTICE not in client.get(reverse("what_works")).text


def test_the_api_gives_the_number_of_fictitious_examples(client):
    mark_fictitious(1)
    assert client.get("/api/v1/what-works/").json()["fictitious"] == 1
