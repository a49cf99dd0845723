"""Labels that know their language.

Under /en/ a page mixes English (the interface, translated terms) with Dutch (editor content,
terms nobody translated yet, tags). A screen reader pronounces each part right only when its
element carries the right ``lang``; so a label that may be either carries its language along.
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


class Label(str):
    """A text with the language it is written in (``lang``, a code such as "nl")."""

    lang: str

    def __new__(cls, text, lang):
        label = super().__new__(cls, text)
        label.lang = lang
        return label

    def __reduce__(self):
        return Label, (str(self), self.lang)


def term_label(term):
    """A taxonomy term's name in the visitor's language, or in Dutch where it has none."""
    return Label(term.name, term.name_lang)


def with_names_only(terms):
    """A queryset of terms reading only what ``term_label`` needs: a lookup of many labels
    should not load every description."""
    names = [build_localized_fieldname("name", code) for code, _name in settings.LANGUAGES]
    return terms.only("slug", *names)


def dutch_label(text):
    """Editor content, such as a tag: always Dutch, the site's content language."""
    return Label(text, settings.LANGUAGE_CODE)


def keep_label(text):
    """``text`` as a str that keeps its language when it has one (lazy gettext → its text)."""
    return text if isinstance(text, Label) else str(text)


def language_of(text):
    """The language of a label, a term's name, or else the page's: for a ``lang`` attribute."""
    if isinstance(text, Label):
        return text.lang
    return getattr(text, "name_lang", None) or get_language() or settings.LANGUAGE_CODE
