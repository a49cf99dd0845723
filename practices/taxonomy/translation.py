"""English names and descriptions for the taxonomy terms (django-modeltranslation).

Every term gets ``name_nl``/``name_en`` and ``description_nl``/``description_en``; ``term.name``
and ``term.description`` read the visitor's language and fall back to Dutch, so templates,
facets and choices speak English under /en/ without knowing about it. Dutch stays the canonical
label: it is required, it is what the search index holds (search.documents builds documents in
Dutch) and it is what a term without an English text shows. Reading falls back to English
too, for the rare term that someone created in the English admin with no Dutch name.
"""

from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from .models import (
    FALLBACK_LANGUAGES,
    Challenge,
    Factor,
    Form,
    Rung,
    Sector,
    SizeClass,
    Strategy,
)


@register([Form, Rung, Strategy, Challenge, Sector, SizeClass, Factor])
class TermTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"nl": ("name",), "default": ()}
    # An empty English name is stored as NULL, so that the unique constraint allows many.
    empty_values = {"name": None}
    fallback_languages = {"default": FALLBACK_LANGUAGES}
    field_options = {
        "name": {
            "nl": {"verbose_name": _("naam"), "help_text": _("De naam zoals bezoekers die lezen.")},
            "en": {
                "verbose_name": _("naam in het Engels"),
                "help_text": _(
                    "De naam op de Engelse site (/en/). Engelse zoekwoorden vinden de praktijken "
                    "met deze term via deze naam. Leeg: bezoekers lezen de Nederlandse naam."
                ),
            },
        },
        "description": {
            "nl": {
                "verbose_name": _("toelichting"),
                "help_text": _("Een korte uitleg in gewone taal."),
            },
            "en": {
                "verbose_name": _("toelichting in het Engels"),
                "help_text": _(
                    "De uitleg op de Engelse site (/en/). Leeg: bezoekers lezen de Nederlandse "
                    "toelichting."
                ),
            },
        },
    }
