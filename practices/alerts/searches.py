"""What an alert follows: a finder search, read and checked as the finder and its feed do.

An alert keeps the search as the feed's parameters (search.feeds.feed_url): checked by the
finder's form, without its page and sort order, so the e-mail and the feed of one search
follow the same thing. Its news is the feed's: the results published or updated last
(search.feeds.recently_updated), from the moment the last e-mail was sent.
"""

from django.http import QueryDict
from django.urls import reverse

from search.facets import choices_read_once
from search.feeds import describe, feed_url, recently_updated
from search.forms import FinderForm
from search.query import NEWEST

# At most this many practices in one e-mail; the e-mail links to the finder for the rest.
DIGEST_SIZE = 20


def finder_form(params):
    """The finder's form for these parameters: a QueryDict, or a saved search string."""
    if isinstance(params, str):
        params = QueryDict(params)
    return FinderForm(params)


def saved_form_of(query):
    """The search string an alert keeps for a finder query: the parameters of its feed."""
    return feed_url(query).partition("?")[2]


def read_saved(search):
    """(query, description) of a saved search string, or None when the finder no longer
    accepts it (a taxonomy term that editors removed)."""
    with choices_read_once():
        form = finder_form(search)
        if not form.is_valid():
            return None
        query = form.to_query()
        return query, describe(query)


def news(query, since, limit=DIGEST_SIZE):
    """The results of the query first published or updated after ``since``, last first."""
    return [page for page in recently_updated(query, limit) if page.last_published_at > since]


def finder_path(query):
    """The finder with this search, newest first: where an e-mail sends its reader."""
    params = query.replace(page=1, sort=NEWEST).as_params()
    return reverse("search") + (f"?{params}" if params else "")
