"""The public search page: any query text gets an answer, never a server error."""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from search.views import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def test_a_dutch_query_finds_the_matching_practice(client):
    response = client.get("/zoeken/", {"q": "zwembad"})
    assert response.status_code == 200
    assert "Stichting Beheer Zwembad Oudewater" in response.text


def test_an_empty_search_shows_the_form_without_results(client):
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert 'name="q"' in response.text


def test_a_query_that_is_too_long_gets_a_dutch_message_and_a_400(client):
    response = client.get("/zoeken/", {"q": "zwembad " * 40})
    assert response.status_code == 400
    assert f"maximaal {MAX_QUERY_LENGTH} tekens" in response.text


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=300), page=st.one_of(st.none(), st.text(max_size=8)))
def test_any_query_text_and_page_number_gets_an_answer_not_an_error(query, page):
    client = Client()
    params = {"q": query} if page is None else {"q": query, "pagina": page}
    response = client.get("/zoeken/", params)
    assert response.status_code in (200, 400, 404)
    assert "<script>alert" not in response.text
