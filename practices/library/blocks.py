"""StreamField blocks that guide an editor through the story of a practice."""

import html

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class SourceBlock(blocks.StructBlock):
    # Long enough for a full citation: authors, title, subtitle, publisher, date and chapter.
    title = blocks.CharBlock(label=_("bron"), max_length=500)
    url = blocks.URLBlock(label=_("webadres"), required=False)

    class Meta:
        icon = "link"
        label = _("bron")
        template = "blocks/source.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citaat"))
    attribution = blocks.CharBlock(label=_("van"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("citaat")
        template = "blocks/quote.html"


def _section(label, help_text):
    return blocks.RichTextBlock(
        label=label,
        help_text=help_text,
        features=RICH_TEXT_FEATURES,
        template="blocks/section.html",
    )


class PracticeBodyBlock(blocks.StreamBlock):
    """The story of a practice in the order a reader needs it; each section at most once."""

    context = _section(
        _("Aanleiding"), _("Wat was er aan de hand? Waarom kwamen bewoners in actie?")
    )
    initiative = _section(
        _("Het initiatief"), _("Wat deden de bewoners of organisaties zelf? Wie deed mee?")
    )
    municipality_role = _section(
        _("Rol van de gemeente"), _("Wat deed de gemeente, en wat liet zij bewust los?")
    )
    result = _section(_("Resultaat"), _("Wat leverde het op? Wat ging mis, en waarom?"))
    quote = QuoteBlock()
    sources = blocks.ListBlock(SourceBlock(), label=_("Bronnen"), template="blocks/sources.html")

    class Meta:
        block_counts = {
            "context": {"max_num": 1},
            "initiative": {"max_num": 1},
            "municipality_role": {"max_num": 1},
            "result": {"max_num": 1},
            "sources": {"max_num": 1},
        }


class ToolBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)
    quote = QuoteBlock()
    sources = blocks.ListBlock(SourceBlock(), label=_("Bronnen"), template="blocks/sources.html")


def has_text(value):
    """Whether a block's value holds anything to read. An editor who empties a section can
    leave markup without text behind (``<p data-block-key="x"></p>``); such a section, and a
    list of sources without a title, gets no heading on the page."""
    if hasattr(value, "source"):  # RichText
        return bool(html.unescape(strip_tags(value.source)).strip())
    if isinstance(value, dict):  # a StructBlock: a quote's text, a source's title
        return any(has_text(item) for item in value.values())
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return any(has_text(item) for item in value)  # a ListBlock
    except TypeError:
        return bool(value)
