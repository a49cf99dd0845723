"""The Atom feed of the finder: new and updated practices and tools, for any search.

``/feeds/praktijken/`` takes the finder's own parameters (``q``, every facet of the facet
table, the years, ``literal``), checked by the finder's form: the feed of a search holds the
finder's results for it, the last updated first, so a civil servant who follows a search in
a feed reader sees what is new or changed in it. A bad parameter gets a 400 with the form's
plain-Dutch message, as on the finder page and in the API.

What is in it: practices and tools alike, because the feed follows the search and the finder
shows both; ``type=praktijk`` makes it a feed of practices only, as it narrows the finder.
The unfiltered feed is the one that lists "new and updated practices" for everyone, and a tool
(a model letter, a step-by-step plan) that another municipality shares is news to the same
reader. Each entry says which kind it is (a category).

Each entry: the page's title, its URL, an id that never changes (a ``tag:`` URI on the page's
id: a URL would change when an editor renames the page and the reader would show it twice),
``updated`` when the page was last published and ``published`` when first, its summary, and
its kind, municipality, forms and strategies as categories. The feed's author is the platform
(its editors write the pages; naming the municipality as author would say it wrote or vouched
for the text, and of a fictitious example that is untrue). A fictitious example says so at the
start of its title, ``[Fictief voorbeeld] ...``, and in a category: a reader shows the title in
every list, notification and e-mail made from the feed, while categories are often hidden, and
a made-up practice must never pass for a real one (PracticePage.illustrative).
"""

import dataclasses
import re
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from practices.library.choices import Authenticity
from practices.library.models import PracticePage, ToolPage
from practices.taxonomy.labels import term_label

from . import service
from .documents import page_id_of
from .facets import FACETS, FACETS_BY_NAME, PRACTICE, TOOL, choices_read_once
from .forms import MAX_PAGE, PER_PAGE, FinderForm
from .query import NEWEST, RELEVANCE

FEED_SIZE = 50
DATES = ("first_published_at", "last_published_at")
# Hits read per search while looking for the results updated last (see recently_updated).
SCAN_PAGE = 200
# No further than the finder itself can page (and than the engine's result window).
SCAN_LIMIT = MAX_PAGE * PER_PAGE
# What XML 1.0 cannot hold, though the finder's words or an editor's paste may (an escape or
# a vertical tab): Django refuses to write it, and the feed would be an error page.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# -- Which pages, in which order ------------------------------------------------------------
def recently_updated(query, limit=FEED_SIZE):
    """The ``limit`` results of the query that were published last, newest update first.

    The index knows when a page was first published, not when it was last: its "Nieuwste
    eerst" (NEWEST) orders by first publication, and a page republished today keeps its place
    from years ago. So the results are read in that order, SCAN_PAGE at a time, with their
    last publication from the database, until no result still unread can be among the
    ``limit`` updated last: it would have been first published no later than the last result
    read and republished after the ``limit``-th latest update read so far, and the database
    names the few pages that were. Usually one search is enough; at worst (a page republished
    since that is not among the results keeps every unread result in doubt) all results are
    read, as far as the finder pages (SCAN_LIMIT). Without words, filters or years the results
    are every published page, read from the database at once.

    An index that held the last publication (search.documents holds the first) could answer
    with one search in that order; until then the order is made here.
    """
    if not (query.text or query.filters or query.year_from or query.year_to):
        return _specific(_published().only(*DATES).order_by("-last_published_at", "-pk")[:limit])
    read = {}  # page id → the page, with its publication dates
    for number in range(1, SCAN_LIMIT // SCAN_PAGE + 1):
        result = service.search(query.replace(sort=NEWEST, page=number, per_page=SCAN_PAGE))
        ids = [page_id_of(hit.key) for hit in result.hits]
        read.update(_published().filter(pk__in=ids).only(*DATES).in_bulk())
        if not ids or number >= result.page_count:
            break
        last_read = read.get(ids[-1])
        if last_read and not _may_have_missed(read, last_read.first_published_at, limit):
            break
    return _specific(sorted(read.values(), key=_feed_order)[:limit])


def _may_have_missed(read, first_published_before, limit):
    """Whether a page not read yet, first published no later than ``first_published_before``,
    was updated after the ``limit``-th latest update among the pages read."""
    if len(read) < limit:
        return True
    threshold = sorted(read.values(), key=_feed_order)[limit - 1].last_published_at
    republished = _published().filter(
        first_published_at__lte=first_published_before, last_published_at__gt=threshold
    )
    return any(pk not in read for pk in republished.values_list("pk", flat=True))


def _published():
    """Every page the search indexes (search.documents): live and public practices and tools."""
    return Page.objects.live().public().type(PracticePage, ToolPage)


def _feed_order(page):
    return (-page.last_published_at.timestamp(), -page.pk)


def _specific(pages):
    """The practice and tool pages themselves, in the same order, with what an entry shows."""
    ids = [page.pk for page in pages]
    practices = PracticePage.objects.filter(pk__in=ids).select_related("municipality")
    tools = ToolPage.objects.filter(pk__in=ids)
    found = {
        page.pk: page
        for queryset in (practices, tools)
        for page in queryset.prefetch_related("forms", "strategies")
    }
    return [found[pk] for pk in ids if pk in found]


# -- The feed ----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Entry:
    title: str
    link: str
    guid: str
    published: datetime | None
    updated: datetime
    summary: str
    categories: tuple


@dataclasses.dataclass(frozen=True)
class FeedContent:
    title: str
    link: str
    feed_url: str
    guid: str
    entries: tuple


class BadParameters(Exception):
    def __init__(self, form):
        super().__init__("bad feed parameters")
        self.form = form


class PracticesFeed(Feed):
    """The feed; every request's content is made in get_object (one instance serves all)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        with choices_read_once():  # the form and the category labels read the same choices
            try:
                return super().__call__(request, *args, **kwargs)
            except BadParameters as error:
                return bad_parameters(error.form)

    def get_object(self, request):
        form = FinderForm(request.GET)
        if not form.is_valid():
            raise BadParameters(form)
        query = form.to_query()
        url = feed_url(query)
        return FeedContent(
            title=xml_text(f"{settings.WAGTAIL_SITE_NAME}: {describe(query)}"),
            link=reverse("search") + _with_params(_canonical(query)),
            feed_url=url,
            guid=request.build_absolute_uri(url),
            entries=tuple(entries(recently_updated(query), request)),
        )

    def title(self, content):
        return content.title

    def subtitle(self, content):
        return _(
            "Nieuwe en bijgewerkte praktijken en instrumenten bij deze zoekopdracht. "
            "Wat het laatst is bijgewerkt, staat bovenaan."
        )

    def link(self, content):
        return content.link

    def feed_url(self, content):
        return content.feed_url

    def feed_guid(self, content):
        return content.guid

    def author_name(self):
        return settings.WAGTAIL_SITE_NAME

    def feed_copyright(self):
        """The content licence, as every export states it (Atom's <rights>)."""
        licence = settings.PRAKTIJKBANK_CONTENT_LICENCE
        return f"{licence['name']}: {licence['url']}"

    def items(self, content):
        return content.entries

    def item_title(self, entry):
        return entry.title  # Atom's title is text: escaped once, by the XML writer

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_description(self, entry):
        return entry.summary

    def item_categories(self, entry):
        return entry.categories


practices_feed = PracticesFeed()


def entries(pages, request):
    authority = _tag_authority(request)
    kinds = dict(FACETS_BY_NAME["type"].choices())
    return [_entry(page, request, authority, kinds) for page in pages]


def _entry(page, request, authority, kinds):
    illustrative = getattr(page, "illustrative", False)
    title = f"[{Authenticity.FICTITIOUS.label}] {page.title}" if illustrative else page.title
    kind = PRACTICE if isinstance(page, PracticePage) else TOOL
    municipality = getattr(page, "municipality", None)
    categories = [
        kinds[kind],
        *([municipality.name] if municipality else []),
        *(term_label(form) for form in page.forms.all()),
        *(term_label(strategy) for strategy in page.strategies.all()),
        *([Authenticity.FICTITIOUS.label] if illustrative else []),
    ]
    return Entry(
        title=xml_text(title),
        link=page.get_url(request) or "",
        guid=tag_uri(page, authority),
        published=page.first_published_at,
        updated=page.last_published_at,
        # Atom's summary is HTML here (Django writes type="html"): the plain text, escaped.
        summary=xml_text(escape(page.summary)),
        categories=tuple(xml_text(category) for category in categories),
    )


def xml_text(text):
    """The text without the characters XML 1.0 cannot hold (see NOT_IN_XML)."""
    return NOT_IN_XML.sub("", str(text))


def tag_uri(page, authority):
    """The entry's id: the same for this page in every language and under every title.

    RFC 4151: the site's host name, a date on which it named this page (its first
    publication, which never changes), and the page's id.
    """
    date = (page.first_published_at or page.last_published_at).date()
    return f"tag:{authority},{date:%Y-%m-%d}:page/{page.pk}"


def _tag_authority(request):
    # The Wagtail site's host name, not the request's: the same page gets the same id
    # whether it is read at 127.0.0.1 or at localhost.
    site = Site.find_for_request(request)
    return site.hostname if site else request.get_host().partition(":")[0]


def describe(query):
    """The search in words, for the feed's title: "‘groen’; Vorm van doe-democratie: ..."."""
    fields = FinderForm.base_fields
    parts = [f"‘{query.text}’"] if query.text else []
    for facet in FACETS:
        selected = query.selected(facet.name)
        if selected:
            labels = [label for value, label in facet.choices() if value in selected]
            parts.append(f"{facet.label}: {', '.join(labels)}")
    for name in ("year_from", "year_to"):
        if getattr(query, name):
            parts.append(f"{fields[name].label} {getattr(query, name)}")
    return "; ".join(parts) or _("alle praktijken en instrumenten")


# -- Addresses -------------------------------------------------------------------------------
def feed_url(query):
    """The feed of a finder query (path and parameters): what "Volg deze zoekopdracht" links.

    Its page and its sort order are left out: they do not change what is in the feed (always
    the last updated first), so every page and order of one search gives the same feed.
    """
    return reverse("practices_feed") + _with_params(_canonical(query))


def _canonical(query):
    return query.replace(page=1, sort=RELEVANCE)


def _with_params(query):
    params = query.as_params()
    return f"?{params}" if params else ""


def bad_parameters(form):
    """A 400 in plain Dutch that names each parameter that is wrong."""
    lines = [_("Deze feed kunnen we niet maken. Verander dit in het adres:")]
    lines += [f"- {name}: {message}" for name, message in form.error_list()]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )
