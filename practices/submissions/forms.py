"""The steps of the public submission form, each validated with plain-Dutch messages.

Every step is one Django form. ``answers()`` turns its cleaned data into JSON (model choices as
primary keys) and ``from_answers()`` binds the stored JSON to the same form again, so the final
submit re-checks every step against the taxonomy as it is then.
"""

import re
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.library.choices import Status
from practices.library.years import YearField
from practices.municipalities.models import Municipality
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, Strategy

from .tokens import read_stamp

FACTOR_ROWS = 3
LINK_ROWS = 3
FACTOR_KINDS = ("success", "failure")
ALLOWED_WHITESPACE = "\t\n\r"

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


def _year_field(label, help_text=""):
    return YearField(
        label=label,
        help_text=help_text,
        message=_("Vul een jaartal in tussen %(first)s en %(last)s, bijvoorbeeld 2012."),
        widget=forms.NumberInput(attrs={"class": TEXT_INPUT + " submission-year"}),
    )


def _choice_messages(what):
    return {
        "invalid_choice": _("Deze keuze bestaat niet (meer). Kies opnieuw uit de lijst."),
        "invalid_pk_value": _("Deze keuze bestaat niet (meer). Kies opnieuw uit de lijst."),
        "invalid_list": _("Kies een of meer %(what)s uit de lijst.") % {"what": what},
    }


def _terms(queryset, *, label, what, help_text, maximum, required_message=None):
    messages = _choice_messages(what)
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


class StepForm(forms.Form):
    """A step: its answers become JSON, and stored JSON binds to the form again."""

    def answers(self):
        return {name: _to_json(value) for name, value in self.cleaned_data.items()}

    @classmethod
    def from_answers(cls, answers, **kwargs):
        return cls(data=dict(answers or {}), **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            maximum = getattr(field, "maximum", None)
            chosen = cleaned.get(name)
            if maximum and chosen is not None and len(chosen) > maximum:
                self.add_error(
                    name,
                    _("Kies er maximaal %(maximum)d: de keuzes die het best passen.")
                    % {"maximum": maximum},
                )
        return cleaned


def _to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    return value


# Step 1 ---------------------------------------------------------------------------------


class ContactForm(StepForm):
    municipality = ChoiceOfTerm(
        queryset=Municipality.objects.order_by("name"),
        label=_("Uw gemeente"),
        help_text=_("Typ de eerste letters van de naam om snel te kiezen."),
        empty_label=_("Kies uw gemeente"),
        widget=forms.Select(attrs={"class": SELECT}),
        error_messages={
            "required": _("Kies uw gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    name = PlainTextField(
        label=_("Uw naam"),
        max_length=120,
        required_message=_("Vul uw naam in."),
    )
    role = PlainTextField(
        label=_("Uw functie of rol"),
        help_text=_("Bijvoorbeeld: beleidsmedewerker participatie, of wijkmanager."),
        max_length=120,
        required_message=_("Vul uw functie of rol in."),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("Hierheen sturen we de link om later verder te gaan."),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": TEXT_INPUT, "autocomplete": "email"}),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            "max_length": _("Dit e-mailadres is te lang."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"


class StartForm(ContactForm):
    """Step 1 for a new submission, with a honeypot and a minimum fill time against robots."""

    # Robots fill in every field; people never see this one (hidden from screen and keyboard).
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        self.stamp_problem = False
        self.nonce = None
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.is_spam = True
            raise ValidationError(
                _("We konden uw gegevens niet verwerken. Probeer het opnieuw."), code="spam"
            )
        stamp = read_stamp(cleaned.get("started"), settings.SUBMISSION_FORM_MAX_AGE_SECONDS)
        if stamp is None:
            self.stamp_problem = True
            raise ValidationError(
                _(
                    "Het formulier is verlopen. Controleer uw gegevens en klik nog een keer op "
                    "‘Opslaan en verder’."
                ),
                code="expired",
            )
        issued_at, self.nonce = stamp
        if time.time() - issued_at < settings.SUBMISSION_MIN_FILL_SECONDS:
            self.stamp_problem = True
            raise ValidationError(
                _(
                    "Dat ging erg snel. Controleer uw gegevens en klik nog een keer op "
                    "‘Opslaan en verder’."
                ),
                code="too_fast",
            )
        return cleaned


# Step 2 ---------------------------------------------------------------------------------


class PracticeForm(StepForm):
    title = PlainTextField(
        label=_("Naam van de praktijk"),
        help_text=_("Een korte, duidelijke naam. Bijvoorbeeld: Leencafé in de oude bibliotheek."),
        min_length=3,
        max_length=150,
        required_message=_("Vul de naam van de praktijk in."),
    )
    summary = PlainTextField(
        label=_("Samenvatting"),
        help_text=_("Twee of drie zinnen: wat is er gedaan, door wie? Maximaal 600 tekens."),
        textarea=True,
        rows=4,
        min_length=20,
        max_length=600,
        required_message=_("Vul een korte samenvatting in."),
    )
    context = PlainTextField(
        label=_("Aanleiding (niet verplicht)"),
        help_text=_("Wat was er aan de hand? Waarom kwamen inwoners in actie?"),
        textarea=True,
        required=False,
        max_length=4000,
    )
    what_happened = PlainTextField(
        label=_("Wat is er gebeurd?"),
        help_text=_("Wat deden de inwoners of organisaties zelf? Wie deden er mee?"),
        textarea=True,
        rows=8,
        min_length=20,
        max_length=4000,
        required_message=_("Vertel wat er is gebeurd."),
    )
    municipality_role = PlainTextField(
        label=_("Wat deed de gemeente?"),
        help_text=_("Wat deed de gemeente, en wat liet zij bewust aan de inwoners over?"),
        textarea=True,
        rows=6,
        min_length=20,
        max_length=4000,
        required_message=_("Vertel wat de gemeente deed."),
    )
    start_year = _year_field(_("Startjaar (niet verplicht)"), _("Het jaar waarin het begon."))


# Step 3 ---------------------------------------------------------------------------------


class ClassificationForm(StepForm):
    form_types = _terms(
        Form.objects.all(),
        label=_("Welke vorm van doe-democratie is het?"),
        what=_("vormen"),
        help_text=_("Kies er één tot drie."),
        maximum=3,
        required_message=_("Kies minstens één vorm van doe-democratie."),
    )
    government_role = ChoiceOfTerm(
        queryset=Rung.objects.all(),
        label=_("Welke rol had de gemeente op de participatietrap? (niet verplicht)"),
        help_text=_(
            "De participatietrap heeft vijf treden: van loslaten (de gemeente doet niets) tot "
            "reguleren (de gemeente stelt regels). Kies de trede die het best past."
        ),
        required=False,
        blank=True,
        empty_label=_("Weet ik niet"),
        widget=forms.RadioSelect,
        error_messages=_choice_messages(_("treden")),
    )
    strategies = _terms(
        Strategy.objects.select_related("rung"),
        label=_("Welke strategieën gebruikte de gemeente? (niet verplicht)"),
        what=_("strategieën"),
        help_text=_("De strategieën staan bij de trede van de participatietrap waar ze horen."),
        maximum=6,
    )
    sectors = _terms(
        Sector.objects.all(),
        label=_("Op welke beleidsterreinen? (niet verplicht)"),
        what=_("beleidsterreinen"),
        help_text=_("Kies er maximaal vier."),
        maximum=4,
    )
    challenges = _terms(
        Challenge.objects.all(),
        label=_("Welke knelpunten kwam u tegen of pakte u aan? (niet verplicht)"),
        what=_("knelpunten"),
        help_text=_("Kies er maximaal zes."),
        maximum=6,
    )


# Step 4 ---------------------------------------------------------------------------------


class OutcomeForm(StepForm):
    status = forms.ChoiceField(
        label=_("Hoe staat het ervoor?"),
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of de praktijk nog loopt, is afgerond of is gestopt."),
            "invalid_choice": _("Kies of de praktijk nog loopt, is afgerond of is gestopt."),
        },
    )
    stop_reason = PlainTextField(
        label=_("Waarom is de praktijk gestopt?"),
        help_text=_("Alleen als de praktijk is gestopt. Ook wat misging is nuttig voor anderen."),
        textarea=True,
        rows=4,
        required=False,
        max_length=2000,
    )
    end_year = _year_field(_("Eindjaar (niet verplicht)"), _("Leeg laten als het nog loopt."))
    result = PlainTextField(
        label=_("Wat leverde het op? (niet verplicht)"),
        help_text=_("Wat ging goed, wat ging mis, en waarom?"),
        textarea=True,
        required=False,
        max_length=4000,
    )
    anonymous = forms.BooleanField(
        label=_("Toon de praktijk zonder de naam van onze gemeente"),
        help_text=_(
            "Handig als u een verhaal over iets dat misging wilt delen. De redactie ziet de "
            "gemeente wel."
        ),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )

    def __init__(self, *args, start_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_year = start_year
        factors = Factor.objects.all()
        for kind in FACTOR_KINDS:
            name = _("Succesfactor") if kind == "success" else _("Faalfactor")
            for row in range(1, FACTOR_ROWS + 1):
                label = {"name": name, "row": row}
                self.fields[f"{kind}_{row}_factor"] = ChoiceOfTerm(
                    queryset=factors,
                    label=_("%(name)s %(row)d: kies uit de lijst") % label,
                    required=False,
                    empty_label=_("Kies een factor"),
                    widget=forms.Select(attrs={"class": SELECT}),
                    error_messages=_choice_messages(_("factoren")),
                )
                self.fields[f"{kind}_{row}_new"] = PlainTextField(
                    label=_("%(name)s %(row)d: of noem een nieuwe factor") % label,
                    help_text=_("Staat de factor niet in de lijst? Noem hem hier kort."),
                    required=False,
                    min_length=3,
                    max_length=100,
                )
                self.fields[f"{kind}_{row}_explanation"] = PlainTextField(
                    label=_("%(name)s %(row)d: hoe speelde die bij u?") % label,
                    textarea=True,
                    rows=3,
                    required=False,
                    max_length=500,
                )

    def factor_rows(self, kind):
        return [
            {
                "number": row,
                "factor": self[f"{kind}_{row}_factor"],
                "new": self[f"{kind}_{row}_new"],
                "explanation": self[f"{kind}_{row}_explanation"],
            }
            for row in range(1, FACTOR_ROWS + 1)
        ]

    def success_rows(self):
        return self.factor_rows("success")

    def failure_rows(self):
        return self.factor_rows("failure")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.STOPPED and not cleaned.get("stop_reason"):
            self.add_error("stop_reason", _("Vertel kort waarom de praktijk is gestopt."))
        end_year = cleaned.get("end_year")
        if end_year and self.start_year and end_year < self.start_year:
            self.add_error(
                "end_year",
                _("Het eindjaar kan niet voor het startjaar (%(start)s) liggen.")
                % {"start": self.start_year},
            )
        for kind in FACTOR_KINDS:
            chosen = set()
            for row in range(1, FACTOR_ROWS + 1):
                prefix = f"{kind}_{row}_"
                factor = cleaned.get(prefix + "factor")
                new = cleaned.get(prefix + "new")
                if factor and new:
                    self.add_error(
                        prefix + "new",
                        _("Kies een factor uit de lijst óf noem een nieuwe, niet allebei."),
                    )
                elif cleaned.get(prefix + "explanation") and not (factor or new):
                    self.add_error(
                        prefix + "factor",
                        _("Kies een factor uit de lijst of noem een nieuwe bij deze toelichting."),
                    )
                name = (factor.name if factor else new or "").casefold()
                if name and name in chosen:
                    self.add_error(prefix + "factor", _("Deze factor heeft u al genoemd."))
                chosen.add(name)
        return cleaned

    def factors(self):
        """The named factors as (kind, existing Factor or None, new name, explanation)."""
        return factors_from_answers(self.cleaned_data)


def factors_from_answers(answers):
    found = []
    for kind in FACTOR_KINDS:
        for row in range(1, FACTOR_ROWS + 1):
            prefix = f"{kind}_{row}_"
            factor, new = answers.get(prefix + "factor"), answers.get(prefix + "new")
            if factor or new:
                found.append(
                    {
                        "kind": kind,
                        "factor": factor,
                        "new": new or "",
                        "explanation": answers.get(prefix + "explanation") or "",
                    }
                )
    return found


# Step 5 ---------------------------------------------------------------------------------

WEB_ADDRESS = URLValidator(
    schemes=["http", "https"],
    message=_("Vul een webadres in dat begint met http:// of https://."),
)


class WebAddressField(forms.URLField):
    """Only http and https: no javascript:, data: or file: links ever reach a page."""

    default_validators = [WEB_ADDRESS]


class LinksForm(StepForm):
    attachment = forms.FileField(
        label=_("Bijlage toevoegen (niet verplicht)"),
        help_text=_(
            "Bijvoorbeeld een evaluatie, een convenant of een foto. PDF, ODT, DOCX, XLSX, PNG "
            "of JPEG, maximaal 10 MB per bestand en 5 bestanden in totaal."
        ),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.odt,.docx,.xlsx,.png,.jpg,.jpeg", "class": "submission-file"}
        ),
        error_messages={
            "invalid": _("Er ging iets mis met dit bestand. Kies het opnieuw."),
            "missing": _("Er ging iets mis met dit bestand. Kies het opnieuw."),
            "empty": _("Dit bestand is leeg."),
            "max_length": _("De naam van dit bestand is te lang."),
        },
    )

    def __init__(self, *args, attachment_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_count = attachment_count
        self.checked_file = None
        for row in range(1, LINK_ROWS + 1):
            self.fields[f"link_{row}_title"] = PlainTextField(
                label=_("Titel van link %(row)d") % {"row": row},
                required=False,
                max_length=150,
            )
            self.fields[f"link_{row}_url"] = WebAddressField(
                label=_("Webadres van link %(row)d") % {"row": row},
                required=False,
                max_length=500,
                assume_scheme="https",
                widget=forms.URLInput(attrs={"class": TEXT_INPUT, "placeholder": "https://"}),
                error_messages={
                    "invalid": _("Vul een webadres in dat begint met http:// of https://."),
                    "max_length": _("Dit webadres is te lang: maximaal %(limit_value)d tekens."),
                },
            )

    def link_rows(self):
        return [
            {"number": row, "title": self[f"link_{row}_title"], "url": self[f"link_{row}_url"]}
            for row in range(1, LINK_ROWS + 1)
        ]

    def clean_attachment(self):
        from .filetypes import check_upload

        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return None
        maximum = settings.SUBMISSION_MAX_ATTACHMENTS
        if self.attachment_count >= maximum:
            raise ValidationError(
                _("U kunt maximaal %(maximum)d bijlagen toevoegen. Haal eerst een bijlage weg.")
                % {"maximum": maximum}
            )
        self.checked_file = check_upload(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        for row in range(1, LINK_ROWS + 1):
            title, url = cleaned.get(f"link_{row}_title"), cleaned.get(f"link_{row}_url")
            if title and not url and f"link_{row}_url" not in self.errors:
                self.add_error(f"link_{row}_url", _("Vul het webadres van deze link in."))
            if url and not title:
                self.add_error(f"link_{row}_title", _("Geef deze link een titel."))
        return cleaned

    def answers(self):
        return {name: value for name, value in super().answers().items() if name != "attachment"}


def links_from_answers(answers):
    return [
        {"title": answers[f"link_{row}_title"], "url": answers[f"link_{row}_url"]}
        for row in range(1, LINK_ROWS + 1)
        if answers.get(f"link_{row}_url") and answers.get(f"link_{row}_title")
    ]
