"""The ways out of an empty result cost a bounded number of cheap counts, at any index size.

The backend is the real database backend, wrapped to count what the page asks of it.
"""

import pytest

from search.backends.database import DatabaseBackend
from search.help import MAX_TRIES

pytestmark = pytest.mark.django_db


class CountingBackend(DatabaseBackend):
    calls = None

    def search(self, query, interpretation):
        self.calls.append("search")
        return super().search(query, interpretation)

    def count(self, query, interpretation):
        self.calls.append("count")
        return super().count(query, interpretation)


@pytest.fixture
def calls(settings):
    CountingBackend.calls = []
    settings.PRAKTIJKBANK_SEARCH_BACKEND = f"{__name__}.CountingBackend"
    return CountingBackend.calls


@pytest.mark.parametrize(
    "params",
    [
        {"q": "zwembad bibliotheek kunstgras", "form": "sociaal-ondernemerschap"},
        {"q": "hoe help ik bewoners met qqqzzz", "form": "sociaal-ondernemerschap"},
        {"q": "zwembd qqqzzz", "literal": "1", "outcome": "gestopt", "province": "drenthe"},
    ],
)
def test_an_empty_result_page_searches_once_and_counts_the_ways_out(client, calls, params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    assert "Geen resultaten" in response.text or "geen resultaten" in response.text
    searches = calls.count("search")
    assert searches == 1, calls  # the page's own search; ways out are only counted
    assert 0 < calls.count("count") <= MAX_TRIES
