"""Page links of long lists: a few around the current page, never every page."""

from django.core.paginator import Paginator

from practices.library.templatetags.pagination import page_links
from search.forms import MAX_PAGE
from search.query import SearchQuery, SearchResult
from search.views import _page_obj


def test_a_long_list_links_the_ends_and_two_pages_each_side():
    paginator = Paginator(range(95_000), 10)
    assert page_links(paginator.page(1)) == [1, 2, 3, None, 9500]
    assert page_links(paginator.page(500)) == [1, None, 498, 499, 500, 501, 502, None, 9500]


def test_a_short_list_links_every_page():
    assert page_links(Paginator(range(30), 10).page(2)) == [1, 2, 3]


def test_the_finder_links_no_page_beyond_what_it_accepts():
    result = SearchResult(SearchQuery.build(per_page=10), (), 100_000, {}, "database")
    assert _page_obj(result).paginator.num_pages == MAX_PAGE
