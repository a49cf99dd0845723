"""What machines read in a page's head.

Every public page names its canonical address, its address in each language (hreflang) and
its Open Graph description: the title, text and address that a link preview shows. Practice and
tool pages also describe themselves in schema.org JSON-LD, for search engines and harvesters.

Every address is absolute and starts from the site's own address (``Site.root_url``, as in the
sitemap), not from the request's Host header: a page has one address wherever it is named.
"""

import html
import json
import mimetypes
import re

from django import template
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.urls import translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from practices.library.models import (
    PracticeIndexPage,
    PracticePage,
    StatementPage,
    ToolPage,
)
from search.query import RELEVANCE, SearchQuery

register = template.Library()

SITE_NAME = "Praktijkbank doe-democratie"
OPEN_GRAPH_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
ARTICLE_PAGES = (PracticePage, ToolPage, StatementPage)
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
# Inside a <script> element "</script>" would end it and "<!--" could hide its end, whatever
# JSON says; JSON's \u escapes keep the same values without those characters (as Django's
# json_script does).
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# The instruments' downloads, named as IANA does; other files as Python's table knows them.
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}
META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


# Canonical address, languages and Open Graph --------------------------------------------------


@register.inclusion_tag("library/page_links.html", takes_context=True)
def page_links(context):
    """The <link> and <meta> elements that name this page's addresses and its preview."""
    request = context.get("request")
    if request is None or not is_public(context, request):
        return {}
    root = root_url(request)
    path = canonical_path(context, request)
    language = get_language() or settings.LANGUAGE_CODE
    page = context.get("page")
    article = isinstance(page, ARTICLE_PAGES)
    return {
        "canonical": root + path,
        "alternates": [
            (code, root + translate_url(path, code)) for code, _name in settings.LANGUAGES
        ],
        "default": root + translate_url(path, settings.LANGUAGE_CODE),
        "site_name": SITE_NAME,
        "type": "article" if article else "website",
        "title": block_text(context, "title") or SITE_NAME,
        "description": meta_description(context),
        "locale": OPEN_GRAPH_LOCALES.get(language, language),
        "other_locales": [
            locale for code, locale in OPEN_GRAPH_LOCALES.items() if code != language
        ],
        "published": article and page.first_published_at,
        "modified": article and page.last_published_at,
    }


def is_public(context, request):
    """Not an error page (Django's page_not_found gives its template ``request_path``), and
    not a page behind a submitter's private link (its address holds the token): nobody should
    be pointed at either, so neither names a canonical address."""
    if "request_path" in context:
        return False
    match = request.resolver_match
    return not (match and "token" in match.kwargs)


def root_url(request):
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def canonical_path(context, request):
    """This page's path, with only the parameters that make it another page.

    The finder keeps what chooses its results (words, filters, years, ‘literally’) in its own
    order, so that a shared or followed search is that search; it drops the result page, the
    sort and ‘mijn gemeente’, which only slice or reorder the same results. The finder is not
    indexed (noindex), so this address is for people and feeds, not search engines.

    Elsewhere the later pages of a listing each hold other practices, so each is its own
    address, as search engines ask for paginated lists; every other parameter is dropped.
    """
    query = context.get("query")
    if isinstance(query, SearchQuery):
        params = query.replace(page=1, sort=RELEVANCE).as_params()
    else:
        number = later_page_number(context)
        params = f"page={number}" if number else ""
    path = escape_uri_path(request.path)
    return f"{path}?{params}" if params else path


def later_page_number(context):
    """The number of the listing page shown, when it is not the first; else None."""
    for value in context.flatten().values():
        if isinstance(value, PaginatorPage) and value.number > 1:
            return value.number
    return None


def rendered_block(context, name):
    """What the template's block ``name`` renders, as the page shows it; "" without it.

    A fresh block node renders the innermost override, with ``block.super``, exactly as
    Django renders the block in its own place.
    """
    return BlockNode(name, NodeList()).render(context)


def block_text(context, name):
    """A block's rendered output as plain text: no tags, no entities, one line."""
    return " ".join(html.unescape(strip_tags(rendered_block(context, name))).split())


def meta_description(context):
    """The page's own meta description, as search engines read it; else what the site is."""
    found = META_DESCRIPTION.search(rendered_block(context, "meta"))
    if found and found.group(1).strip():
        return html.unescape(found.group(1)).strip()
    return _(
        "Gemeenten delen hier wat zij doen om doe-democratie te steunen: inwoners die zelf een "
        "taak oppakken voor hun buurt of dorp. U vindt praktijken, instrumenten en wat er bekend "
        "is over wat werkt."
    )


# schema.org JSON-LD ---------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def json_ld(context, page):
    """A practice or tool page as a schema.org JSON-LD script; nothing for other pages."""
    builder = {PracticePage: practice_data, ToolPage: tool_data}.get(type(page))
    if builder is None:
        return ""
    # The work is the Dutch page: its names, addresses and language are Dutch under /en/ too.
    with translation.override(settings.LANGUAGE_CODE):
        return json_ld_script(builder(page, context["request"]))


def json_ld_script(data):
    """``data`` as a JSON-LD script element that no value can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def practice_data(page, request):
    data = {
        **_work(page, request, "Article"),
        "headline": page.title,
        "description": page.summary,
        "about": _terms(page, request),
    }
    if page.illustrative:
        # Said in words a harvester passes on; and no real municipality is named as the place
        # of a story that did not happen there.
        data["creativeWorkStatus"] = "fictief voorbeeld"
        data["disambiguatingDescription"] = _(
            "Deze praktijk is verzonnen. Ze laat zien wat de Praktijkbank kan. De gemeente "
            "bestaat echt, maar het verhaal en de cijfers komen niet van die gemeente. Gebruik "
            "deze tekst dus niet als bron."
        )
    elif page.municipality:
        data["spatialCoverage"] = _municipality(page.municipality)
    if page.start_year or page.end_year:
        data["temporalCoverage"] = f"{page.start_year or '..'}/{page.end_year or '..'}"
    return data


def tool_data(page, request):
    return {
        **_work(page, request, "CreativeWork"),
        "genre": page.get_tool_type_display(),
        "description": page.summary,
        "about": _terms(page, request),
        "encoding": [_media_object(item.document, request) for item in page.documents.all()],
    }


def _work(page, request, schema_type):
    """What a practice and a tool page have in common as a schema.org CreativeWork."""
    url = page.get_full_url(request)
    return {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": url,
        "url": url,
        "name": page.title,
        "inLanguage": settings.LANGUAGE_CODE,
        "datePublished": page.first_published_at,
        "dateModified": page.last_published_at,
        "isAccessibleForFree": True,
        "license": content_licence(),
        "publisher": {
            "@type": "Organization",
            "name": _publisher_name(),
            "url": root_url(request) + "/",
        },
    }


def content_licence():
    """The address of the content's licence: CC BY 4.0 unless the settings name another."""
    licence = getattr(settings, "PRAKTIJKBANK_CONTENT_LICENCE", None)
    if isinstance(licence, dict):
        return licence.get("url") or CC_BY_4
    return licence or CC_BY_4


def _publisher_name():
    publisher = getattr(settings, "PRAKTIJKBANK_PUBLISHER", None) or {}
    return publisher.get("name") or SITE_NAME


def _terms(page, request):
    """The forms and strategies the page is about, each with its listing of practices."""
    index = PracticeIndexPage.objects.live().first()
    base = index.get_full_url(request) if index else None
    sets = (
        (page.forms.all(), "form", "Vormen van doe-democratie"),
        (page.strategies.all(), "strategy", "Strategieën van de gemeente"),
    )
    terms = []
    for queryset, route, set_name in sets:
        for term in queryset:
            entry = {
                "@type": "DefinedTerm",
                "name": term.name,
                "inDefinedTermSet": {"@type": "DefinedTermSet", "name": set_name},
            }
            if base:
                entry["url"] = base + index.reverse_subpage(route, args=[term.slug])
            terms.append(entry)
    return terms


def _municipality(municipality):
    return {
        "@type": "AdministrativeArea",
        "name": municipality.name,
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "CBS-gemeentecode",
            "value": municipality.cbs_code,
        },
        "containedInPlace": {
            "@type": "AdministrativeArea",
            "name": municipality.get_province_display(),
        },
    }


def _media_object(document, request):
    url = document.url
    if url.startswith("/"):
        url = root_url(request) + url
    extension = document.file_extension.lower()
    media_type = MEDIA_TYPES.get(extension) or mimetypes.guess_type(document.filename)[0]
    return {
        "@type": "MediaObject",
        "name": document.title,
        "contentUrl": url,
        "encodingFormat": media_type or "application/octet-stream",
    }
