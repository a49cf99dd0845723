"""The filters of "what works": form, size and sector, checked against the existing slugs."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from search.facets import FACETS_BY_NAME

from .computation import NARROWING


class SlugsField(forms.MultipleChoiceField):
    """One or more slugs of existing terms; an empty value ("all") is not a choice."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item != ""]


class WhatWorksForm(forms.Form):
    """The page's filters: GET form, size and sector, checked against the existing slugs."""

    LABELS = {
        "form": (_("Vorm van doe-democratie"), _("Alle vormen")),
        "size": (_("Gemeentegrootte"), _("Alle gemeentegroottes")),
        "sector": (_("Beleidsterrein"), _("Alle beleidsterreinen")),
    }
    UNKNOWN = {
        "form": _(
            "‘%(value)s’ kennen we niet als vorm van doe-democratie. Kies een vorm uit de lijst."
        ),
        "size": _("‘%(value)s’ kennen we niet als gemeentegrootte. Kies een grootte uit de lijst."),
        "sector": _(
            "‘%(value)s’ kennen we niet als beleidsterrein. Kies een terrein uit de lijst."
        ),
    }

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in NARROWING:
            label, _all = self.LABELS[name]
            self.fields[name] = SlugsField(
                label=label,
                required=False,
                choices=FACETS_BY_NAME[name].choices(),
                error_messages={"invalid_choice": self.UNKNOWN[name]},
            )

    def add_error(self, field, error):
        # Show at most 40 characters of an unknown value back to the visitor.
        if isinstance(error, forms.ValidationError) and getattr(error, "params", None):
            value = error.params.get("value")
            if isinstance(value, str):
                error.params["value"] = Truncator(value).chars(40)
        super().add_error(field, error)

    def narrow(self):
        return {name: set(self.cleaned_data.get(name) or ()) for name in NARROWING}

    def error_list(self):
        """Every problem as (parameter, message), as the finder's form gives them (for the API)."""
        return [
            (name, str(message)) for name, messages in self.errors.items() for message in messages
        ]

    def filters(self):
        """The fields as the template draws them: select boxes with the chosen values."""
        chosen = {name: set(self[name].value() or ()) for name in NARROWING}
        return [
            {
                "name": name,
                "id": f"ww-filter-{name}",
                "label": self.fields[name].label,
                "all": self.LABELS[name][1],
                "choices": [
                    (value, label, value in chosen[name])
                    for value, label in self.fields[name].choices
                ],
                "errors": self.errors.get(name, []),
            }
            for name in NARROWING
        ]

    def chosen(self):
        """The valid chosen filters, as (facet label, value labels) for the summary."""
        if not self.is_valid():
            return []
        summary = []
        for name in NARROWING:
            labels = dict(self.fields[name].choices)
            values = self.cleaned_data.get(name) or []
            if values:
                summary.append((self.fields[name].label, [labels[value] for value in values]))
        return summary
