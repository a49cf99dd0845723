"""The fields of the public submission form, with plain-Dutch messages, and how a field's
answer reads back in the summary.

Text is plain text without control characters; a choice from the taxonomy accepts nothing but
a small ASCII number before it asks the database; a web address is http or https only. What is
saved for later, unchecked, is at least cleaned the same way (``typed``).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.library.years import YearField

ALLOWED_WHITESPACE = "\t\n\r"
# What is saved for later is never checked, so it is cut off here: text fields at their own
# maximum, anything else (a number, a choice) at this length; at most this many choices.
DRAFT_TEXT_LIMIT = 200
DRAFT_MAX_CHOICES = 50

TEXT_INPUT = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"


def no_control_characters(value):
    """Refuse invisible control characters: they are never meant, and break other systems."""
    if any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_WHITESPACE for ch in value):
        raise ValidationError(
            _("Deze tekst bevat een onzichtbaar teken dat hier niet kan. Typ de tekst opnieuw."),
            code="control_character",
        )


def typed(value, limit=DRAFT_TEXT_LIMIT):
    """What was typed, fit to keep unchecked: control characters out, line ends normalised,
    cut at ``limit``; a list of choices keeps at most ``DRAFT_MAX_CHOICES`` of them."""
    if isinstance(value, list | tuple):
        return [typed(item, limit) for item in value[:DRAFT_MAX_CHOICES]]
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if not _is_unwanted(ch))
    return text[:limit]


def _is_unwanted(ch):
    # Surrogates cannot be stored as JSON text; control characters are never meant.
    category = unicodedata.category(ch)
    return category == "Cs" or (category == "Cc" and ch not in ALLOWED_WHITESPACE)


class PlainTextField(forms.CharField):
    """Plain text: stripped, line ends normalised, no control characters, Dutch messages."""

    default_validators = [no_control_characters]

    def __init__(self, *, label, required_message=None, textarea=False, rows=5, **kwargs):
        messages = {
            "max_length": _(
                "Gebruik maximaal %(limit_value)d tekens. U gebruikt er nu %(show_value)d."
            ),
            "min_length": (
                _(
                    "Vertel iets meer: gebruik minimaal %(limit_value)d tekens. "
                    "U gebruikt er nu %(show_value)d."
                )
                if textarea
                else _("Gebruik minimaal %(limit_value)d tekens. U gebruikt er nu %(show_value)d.")
            ),
            "null_characters_not_allowed": _(
                "Deze tekst bevat een onzichtbaar teken dat hier niet kan. Typ de tekst opnieuw."
            ),
        }
        if required_message:
            messages["required"] = required_message
        messages.update(kwargs.pop("error_messages", {}))
        if textarea:
            kwargs["widget"] = forms.Textarea(attrs={"rows": rows, "class": TEXTAREA})
        else:
            kwargs["widget"] = forms.TextInput(attrs={"class": TEXT_INPUT})
        super().__init__(label=label, error_messages=messages, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


PRIMARY_KEY = re.compile(r"\A[0-9]{1,18}\Z")


def _is_primary_key(value):
    return bool(PRIMARY_KEY.match(str(value).strip()))


class ChoiceOfTerm(forms.ModelChoiceField):
    """A model choice that refuses anything but a small ASCII number before asking the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _is_primary_key(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(str(value).strip())


class ChoiceOfTerms(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if not all(_is_primary_key(item) for item in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values([str(item).strip() for item in value])


def choice_messages(what):
    return {
        "invalid_choice": _("Deze keuze bestaat niet (meer). Kies opnieuw uit de lijst."),
        "invalid_pk_value": _("Deze keuze bestaat niet (meer). Kies opnieuw uit de lijst."),
        "invalid_list": _("Kies een of meer %(what)s uit de lijst.") % {"what": what},
    }


def terms(queryset, *, label, what, help_text, maximum, required_message=None):
    """Checkboxes for terms of the taxonomy, at most ``maximum`` of them (StepForm checks)."""
    messages = choice_messages(what)
    if required_message:
        messages["required"] = required_message
    field = ChoiceOfTerms(
        queryset=queryset,
        label=label,
        help_text=help_text,
        required=bool(required_message),
        widget=forms.CheckboxSelectMultiple,
        error_messages=messages,
    )
    field.maximum = maximum
    return field


def email_field(help_text):
    """The visitor's e-mail address, with the messages of every form that asks for it."""
    return forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=help_text,
        max_length=254,
        widget=forms.EmailInput(attrs={"class": TEXT_INPUT, "autocomplete": "email"}),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            "max_length": _("Dit e-mailadres is te lang."),
            "null_characters_not_allowed": _("Uw e-mailadres bevat een teken dat niet kan."),
        },
    )


def year_field(label, help_text=""):
    return YearField(
        label=label,
        help_text=help_text,
        message=_("Vul een jaartal in tussen %(first)s en %(last)s, bijvoorbeeld 2012."),
        widget=forms.NumberInput(attrs={"class": TEXT_INPUT + " submission-year"}),
    )


WEB_ADDRESS = URLValidator(
    schemes=["http", "https"],
    message=_("Vul een webadres in dat begint met http:// of https://."),
)


class WebAddressField(forms.URLField):
    """Only http and https: no javascript:, data: or file: links ever reach a page."""

    default_validators = [WEB_ADDRESS]


def to_json(value):
    """A cleaned value as stored in a step's JSON answers: model choices as primary keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    return value


# The summary --------------------------------------------------------------------------------


def shown(field, value):
    """An answer as the summary shows it: choices by their label, yes or no, lists as lists."""
    if isinstance(field, forms.BooleanField):
        return _("Ja") if value else _("Nee")
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple):
        return [str(item) for item in value]
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def summary_row(label, value):
    """One row of the summary: a label with a text, or with a list of texts."""
    if isinstance(value, list):
        return {"label": label, "items": [str(item) for item in value], "text": ""}
    return {"label": label, "items": [], "text": "" if value is None else str(value)}
