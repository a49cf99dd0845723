"""What a page is called where visitors read it (its heading, the menu, the breadcrumb), in
the visitor's language where the site has one.

Page titles are Dutch editor content. Under another language the two fixed listing pages are
named by what they are ("Practices", "Tools"); every other page keeps its Dutch title, marked
as Dutch (``|language_of`` gives its lang) so that a screen reader reads it as Dutch.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from practices.taxonomy.labels import Label

register = template.Library()

FIXED_PAGE_NAMES = {
    "practiceindexpage": _("Praktijken"),
    "toolindexpage": _("Instrumenten"),
}


@register.filter
def shown_title(page):
    """The page's title in the visitor's language, as a Label."""
    language = get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        fixed = FIXED_PAGE_NAMES.get(page.cached_content_type.model)
        if fixed:
            return Label(str(fixed), language)
    return Label(page.title, settings.LANGUAGE_CODE)


@register.simple_tag
def page_title(page):
    """The shown title, inside a ``lang`` span only where its language is not the page's."""
    title = shown_title(page)
    if title.lang == (get_language() or settings.LANGUAGE_CODE):
        return title
    return format_html('<span lang="{}">{}</span>', title.lang, title)
