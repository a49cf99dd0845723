"""Validation of the finder's query parameters, shared by the finder page and the API.

Every parameter is checked; a bad one gives a plain-Dutch message that names the parameter,
and the caller answers 400 instead of guessing. The facet fields come from the facet table,
read when a form is made (``facets.FACETS``, not a copy taken at import).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.library.years import YearField

from . import facets
from .query import NEWEST, RELEVANCE, SearchQuery

MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
PER_PAGE = 10


def _year_field(label):
    return YearField(label=label, message=_("Vul een jaartal in tussen %(first)s en %(last)s."))


class FinderForm(forms.Form):
    q = forms.CharField(
        label=_("Zoekwoorden"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Gebruik maximaal %(limit_value)d tekens in uw zoekvraag."),
            "null_characters_not_allowed": _("Uw zoekvraag bevat een teken dat niet kan."),
        },
    )
    year_from = _year_field(_("Gestart vanaf"))
    year_to = _year_field(_("Gestart tot en met"))
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[(RELEVANCE, _("Best passend")), (NEWEST, _("Nieuwste eerst"))],
        error_messages={
            "invalid_choice": _(
                "Sorteren kan alleen op ‘Best passend’ (relevance) of ‘Nieuwste eerst’ (newest)."
            )
        },
    )
    literal = forms.TypedChoiceField(
        label=_("Precies deze woorden"),
        required=False,
        choices=[("1", _("ja")), ("0", _("nee"))],
        coerce=lambda value: value == "1",
        empty_value=False,
        error_messages={"invalid_choice": _("‘literal’ kan alleen 1 of 0 zijn.")},
    )
    page = forms.IntegerField(
        label=_("Pagina"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": _("Het paginanummer moet een geheel getal zijn."),
            "min_value": _("Het paginanummer begint bij 1."),
            "max_value": _("Zo veel pagina’s zijn er niet."),
        },
    )

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for facet in facets.FACETS:
            self.fields[facet.name] = forms.MultipleChoiceField(
                label=facet.label,
                required=False,
                choices=facet.choices(),
                error_messages={
                    "invalid_choice": _("‘%(value)s’ is geen bekende keuze bij ‘%(facet)s’.")
                    % {"value": "%(value)s", "facet": facet.label},
                },
            )

    def clean_page(self):
        return self.cleaned_data["page"] or 1

    def clean_sort(self):
        return self.cleaned_data["sort"] or RELEVANCE

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_to < year_from:
            self.add_error("year_to", _("Het tweede jaartal moet na het eerste liggen."))
        return cleaned

    def to_query(self, per_page=PER_PAGE, boost=None):
        data = self.cleaned_data
        return SearchQuery.build(
            text=data["q"].strip(),
            filters={facet.name: set(data.get(facet.name) or ()) for facet in facets.FACETS},
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            sort=data["sort"],
            page=data["page"],
            literal=data["literal"],
            per_page=per_page,
            boost=boost,
        )

    def error_list(self):
        """Every problem as (parameter, message), for the page and the API alike."""
        return [
            (name, str(message)) for name, messages in self.errors.items() for message in messages
        ]
