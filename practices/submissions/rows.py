"""Repeated rows of a step: success and failure factors, links.

Each is a Django formset with a fixed number of optional rows. Its fields keep flat, numbered
names (``success_1_factor``, ``link_2_url``), so a step posts one flat form without a
management form, and the step's answers stay one flat JSON object that earlier submissions
already have.
"""

from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from practices.library.choices import FactorKind
from practices.taxonomy.models import Factor

from .fields import (
    SELECT,
    TEXT_INPUT,
    ChoiceOfTerm,
    PlainTextField,
    WebAddressField,
    choice_messages,
    summary_row,
    to_json,
)

FACTOR_ROWS = 3
LINK_ROWS = 3


class Row(forms.Form):
    """One numbered row; its fields are named after the row, like ``success_1_factor``."""

    def __init__(self, *args, number, **kwargs):
        self.number = number
        super().__init__(*args, **kwargs)

    def add_prefix(self, field_name):
        return f"{self.prefix}_{field_name}"

    def answers(self):
        return {self.add_prefix(name): to_json(self.cleaned_data.get(name)) for name in self.fields}

    def is_filled(self):
        """Whether the submitter wrote in this row, read from what was sent (not checked)."""
        raise NotImplementedError

    def summary_text(self):
        """The row as one line of the summary, from its checked answers; empty if none."""
        raise NotImplementedError


class FixedRows(forms.BaseFormSet):
    """Always ``extra`` rows, named after the formset's prefix and the row's number."""

    label = ""

    def __init__(self, data=None, files=None, *, prefix, answers=None, **kwargs):
        # ``answers`` are the step's flat stored answers: each row takes its own as initial.
        self.answers_initial = answers or {}
        super().__init__(data, files, prefix=prefix, **kwargs)

    @cached_property
    def management_form(self):
        # The number of rows is fixed, so it is never posted.
        form = ManagementForm(
            {
                f"{self.prefix}-{TOTAL_FORM_COUNT}": self.extra,
                f"{self.prefix}-{INITIAL_FORM_COUNT}": 0,
            },
            auto_id=self.auto_id,
            prefix=self.prefix,
            renderer=self.renderer,
        )
        form.full_clean()
        return form

    def add_prefix(self, index):
        return f"{self.prefix}_{index + 1}"

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None:
            return {**kwargs, "number": None}
        start = self.add_prefix(index) + "_"
        initial = {
            name.removeprefix(start): value
            for name, value in self.answers_initial.items()
            if name.startswith(start)
        }
        # Empty rows are checked too: a row that is blank still has answers (blank ones).
        return {**kwargs, "number": index + 1, "initial": initial, "empty_permitted": False}

    def answers(self):
        return {name: value for row in self for name, value in row.answers().items()}

    def is_filled(self):
        return any(row.is_filled() for row in self)

    def summary_row(self):
        self.is_valid()
        return summary_row(self.label, [text for row in self if (text := row.summary_text())])


# Factors -----------------------------------------------------------------------------------


class FactorRow(Row):
    """A factor chosen from the list, or named by the submitter, with how it played a part."""

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        label = {"name": FactorKind(kind).label, "row": self.number}
        self.fields["factor"] = ChoiceOfTerm(
            queryset=Factor.objects.all(),
            label=_("%(name)s %(row)d: kies uit de lijst") % label,
            required=False,
            empty_label=_("Kies een factor"),
            widget=forms.Select(attrs={"class": SELECT}),
            error_messages=choice_messages(_("factoren")),
        )
        self.fields["new"] = PlainTextField(
            label=_("%(name)s %(row)d: of noem een nieuwe factor") % label,
            help_text=_("Staat de factor niet in de lijst? Noem hem hier kort."),
            required=False,
            min_length=3,
            max_length=100,
        )
        self.fields["explanation"] = PlainTextField(
            label=_("%(name)s %(row)d: hoe speelde die bij u?") % label,
            textarea=True,
            rows=3,
            required=False,
            max_length=500,
        )

    def clean(self):
        cleaned = super().clean()
        factor, new = cleaned.get("factor"), cleaned.get("new")
        if factor and new:
            self.add_error(
                "new", _("Kies een factor uit de lijst óf noem een nieuwe, niet allebei.")
            )
        elif cleaned.get("explanation") and not (factor or new):
            self.add_error(
                "factor",
                _("Kies een factor uit de lijst of noem een nieuwe bij deze toelichting."),
            )
        return cleaned

    def is_filled(self):
        return bool(self["factor"].value() or self["new"].value())

    def answer(self):
        """This row's factor as {kind, factor, new, explanation}; None for an empty row.

        ``factor`` is the Factor chosen from the list, ``new`` the name the submitter wrote.
        """
        factor, new = self.cleaned_data.get("factor"), self.cleaned_data.get("new") or ""
        if not (factor or new):
            return None
        explanation = self.cleaned_data.get("explanation") or ""
        return {"kind": self.kind, "factor": factor, "new": new, "explanation": explanation}

    def name(self):
        item = self.answer()
        if item is None:
            return ""
        return item["factor"].name if item["factor"] else item["new"]

    def summary_text(self):
        item = self.answer()
        if item is None:
            return ""
        return self.name() + (f": {item['explanation']}" if item["explanation"] else "")


class FactorRows(FixedRows):
    """The success factors, or the failure factors, of a practice."""

    labels = {
        FactorKind.SUCCESS: _("Succesfactoren: dit hielp (niet verplicht)"),
        FactorKind.FAILURE: _("Faalfactoren: dit werkte tegen (niet verplicht)"),
    }

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, prefix=kind, form_kwargs={"kind": kind}, **kwargs)
        self.kind = kind
        self.kind_label = FactorKind(kind).label
        self.label = self.labels[kind]

    def clean(self):
        chosen = set()
        for row in self:
            name = row.name().casefold()
            if name and name in chosen:
                row.add_error("factor", _("Deze factor heeft u al genoemd."))
            chosen.add(name)

    def factors(self):
        return [item for row in self if (item := row.answer())]


FactorFormSet = forms.formset_factory(
    FactorRow, formset=FactorRows, extra=FACTOR_ROWS, max_num=FACTOR_ROWS
)


# Links -------------------------------------------------------------------------------------


class LinkRow(Row):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"] = PlainTextField(
            label=_("Titel van link %(row)d") % {"row": self.number},
            required=False,
            max_length=150,
        )
        self.fields["url"] = WebAddressField(
            label=_("Webadres van link %(row)d") % {"row": self.number},
            required=False,
            max_length=500,
            assume_scheme="https",
            widget=forms.URLInput(attrs={"class": TEXT_INPUT, "placeholder": "https://"}),
            error_messages={
                "invalid": _("Vul een webadres in dat begint met http:// of https://."),
                "max_length": _("Dit webadres is te lang: maximaal %(limit_value)d tekens."),
            },
        )

    def clean(self):
        cleaned = super().clean()
        title, url = cleaned.get("title"), cleaned.get("url")
        if title and not url and "url" not in self.errors:
            self.add_error("url", _("Vul het webadres van deze link in."))
        if url and not title:
            self.add_error("title", _("Geef deze link een titel."))
        return cleaned

    def is_filled(self):
        return bool(self["title"].value() and self["url"].value())

    def answer(self):
        """This row's link as {title, url}; None unless it has both."""
        title, url = self.cleaned_data.get("title"), self.cleaned_data.get("url")
        return {"title": title, "url": url} if title and url else None

    def summary_text(self):
        link = self.answer()
        return f"{link['title']} – {link['url']}" if link else ""


class LinkRows(FixedRows):
    label = _("Links (niet verplicht)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="link", **kwargs)

    def links(self):
        return [link for row in self if (link := row.answer())]


LinkFormSet = forms.formset_factory(LinkRow, formset=LinkRows, extra=LINK_ROWS, max_num=LINK_ROWS)
