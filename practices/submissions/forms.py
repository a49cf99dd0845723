"""The steps of the public submission form, each validated with plain-Dutch messages.

Every step is one Django form, and each knows its own part of a submission: where its answers
are kept (``stored_answers``), what it needs from the rest of the submission (the
``submission`` it is given), what saving it does (``save``), which optional answers make a case
more useful to others (``worth_adding``) and how its answers read in the summary
(``summary_rows``, from its own fields and labels). No other code needs to know which step is
which.

``answers()`` turns the cleaned data into JSON (model choices as primary keys) and
``from_answers()`` binds the stored JSON to the same form again, so the final submit re-checks
every step against the taxonomy as it is then.

"Opslaan en later verder" keeps a step as it was typed (``keep_draft``), unchecked but cleaned
of control characters and cut to length, in the same shape as the answers. From then on the
draft is what the step shows and what the final check checks (``saved_answers``), until the
step is saved checked.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from practices.library.choices import FactorKind, Status
from practices.municipalities.models import Municipality, Province
from practices.taxonomy.models import Challenge, Form, Rung, Sector, Strategy

from .fields import (
    SELECT,
    ChoiceOfTerm,
    PlainTextField,
    choice_messages,
    email_field,
    shown,
    summary_row,
    terms,
    to_json,
    typed,
    year_field,
)
from .models import SubmissionAttachment, SubmitterContact
from .rows import FactorFormSet, FixedRows, LinkFormSet
from .tokens import read_stamp


class StepForm(forms.Form):
    """A step: its answers become JSON, and stored JSON binds to the form again.

    ``submission`` is the case the step belongs to; a step that needs more of it (an earlier
    answer, the attachments) reads that in its own ``__init__``.
    """

    # The submission's JSON field that keeps this step's answers.
    answers_field = ""
    # Optional answers (fields, row sets or other parts of the form) that make a case more
    # useful to others, with the label the completeness list shows for each.
    worth_adding = {}
    # Fields that are not kept in the step's answers, and fields the summary leaves out.
    not_stored = ()
    not_summarised = ()
    # Whether "Opslaan en later verder" keeps the step unchecked, as it was typed.
    keeps_drafts = True

    def __init__(self, *args, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_sets = []

    def add_rows(self, formset_class, **kwargs):
        """A set of repeated rows, bound to the same data as the step."""
        data, files = (self.data, self.files) if self.is_bound else (None, None)
        rows = formset_class(data, files, answers=self.initial, **kwargs)
        self.row_sets.append(rows)
        return rows

    @classmethod
    def stored_answers(cls, submission):
        """The answers this step accepted when it was last saved checked."""
        return getattr(submission, cls.answers_field) or {}

    @classmethod
    def draft(cls, submission):
        """What was saved for later and not yet checked; None when there is no such draft."""
        if not cls.keeps_drafts:
            return None
        return (submission.draft_answers or {}).get(cls.answers_field)

    @classmethod
    def saved_answers(cls, submission):
        """What the submitter saved last: the unchecked draft if there is one."""
        draft = cls.draft(submission)
        return cls.stored_answers(submission) if draft is None else draft

    @classmethod
    def is_optional(cls):
        return not any(field.required for field in cls.base_fields.values())

    @classmethod
    def from_answers(cls, answers, **kwargs):
        return cls(data=dict(answers or {}), **kwargs)

    @classmethod
    def stored(cls, submission):
        """The step bound to what was saved last, for checking it again."""
        return cls.from_answers(cls.saved_answers(submission), submission=submission)

    def is_valid(self):
        rows_valid = [rows.is_valid() for rows in self.row_sets]
        return super().is_valid() and all(rows_valid)

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

    def bound_errors(self):
        """Every error as (its bound field, or None for the whole step; message), in the order
        of the page: the step's own errors first, then field by field, rows last."""
        for form in [self, *(row for rows in self.row_sets for row in rows)]:
            errors = form.errors
            for name in (NON_FIELD_ERRORS, *form.fields):
                bound = None if name == NON_FIELD_ERRORS else form[name]
                for message in errors.get(name, []):
                    yield bound, message

    def answers(self):
        answers = {
            name: to_json(value)
            for name, value in self.cleaned_data.items()
            if name not in self.not_stored
        }
        for rows in self.row_sets:
            answers.update(rows.answers())
        return answers

    def save(self, submission):
        """Put the checked answers on the (locked) submission; False, with an error, if not."""
        setattr(submission, self.answers_field, self.answers())
        drafts = dict(submission.draft_answers or {})
        drafts.pop(self.answers_field, None)
        submission.draft_answers = drafts
        return True

    def typed_answers(self):
        """What was sent, unchecked, in the shape of the answers, cleaned to be kept safely."""
        answers = {}
        for form in [self, *(row for rows in self.row_sets for row in rows)]:
            for name, field in form.fields.items():
                if form is self and name in self.not_stored:
                    continue
                limit = getattr(field, "max_length", None)
                answers[form.add_prefix(name)] = (
                    typed(form[name].data, limit) if limit else typed(form[name].data)
                )
        return answers

    def keep_draft(self, submission):
        """Keep the step as typed on the (locked) submission, to check it later."""
        submission.draft_answers = {
            **(submission.draft_answers or {}),
            self.answers_field: self.typed_answers(),
        }

    def draft_note(self):
        """What saving for later did not keep, to tell the submitter; empty if nothing."""
        return ""

    def completeness(self):
        """(label, filled in) for each optional answer that makes the case more useful."""
        return [(label, self.is_answered(name)) for name, label in self.worth_adding.items()]

    def is_answered(self, name):
        if name in self.fields:
            return bool(self.data.get(name))
        part = getattr(self, name)
        return part.is_filled() if isinstance(part, FixedRows) else bool(part)

    def summary_rows(self):
        """The answers as (label, text or texts) rows, in the order the step asks them."""
        answered = bool(self.data)
        self.is_valid()
        return [rows.summary_row() for rows in self.row_sets] + [
            summary_row(field.label, self.shown_answer(name) if answered else "")
            for name, field in self.fields.items()
            if name not in self.not_summarised
        ]

    def shown_answer(self, name):
        field = self.fields[name]
        if name in self.cleaned_data:
            value = self.cleaned_data[name]
        elif isinstance(field, forms.ChoiceField):
            value = None  # a term that no longer exists: nothing to show
        else:
            value = self.data.get(name)
        return shown(field, value)


# Step 1 ---------------------------------------------------------------------------------


class ContactForm(StepForm):
    """Who submits, and for which municipality: one from the list, or one the list misses."""

    # Personal data is kept only checked, in its own table that can be deleted on its own.
    keeps_drafts = False
    not_summarised = ("proposed_municipality", "proposed_province")

    municipality = ChoiceOfTerm(
        queryset=Municipality.objects.order_by("name"),
        label=_("Uw gemeente"),
        help_text=_(
            "Typ de eerste letters van de naam om snel te kiezen. Staat uw gemeente er niet "
            "bij? Kies dan hieronder ‘Mijn gemeente staat er niet bij’."
        ),
        required=False,
        empty_label=_("Kies uw gemeente"),
        widget=forms.Select(attrs={"class": SELECT}),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    proposed_municipality = PlainTextField(
        label=_("Naam van uw gemeente"),
        help_text=_("Zoals de gemeente zelf haar naam schrijft."),
        required=False,
        min_length=2,
        max_length=100,
    )
    proposed_province = forms.ChoiceField(
        label=_("Provincie van uw gemeente"),
        choices=[("", _("Kies de provincie")), *Province.choices],
        required=False,
        widget=forms.Select(attrs={"class": SELECT}),
        error_messages={"invalid_choice": _("Kies een provincie uit de lijst.")},
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
    email = email_field(_("Hierheen sturen we de link om later verder te gaan."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"

    @classmethod
    def stored_answers(cls, submission):
        contact = getattr(submission, "contact", None)
        if contact is None or not (submission.municipality_id or submission.proposed_municipality):
            return {}
        return {
            "municipality": submission.municipality_id,
            "proposed_municipality": submission.proposed_municipality,
            "proposed_province": submission.proposed_province,
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
        }

    def clean(self):
        cleaned = super().clean()
        if "municipality" in self.errors or "proposed_municipality" in self.errors:
            return cleaned
        municipality = cleaned.get("municipality")
        proposed = cleaned.get("proposed_municipality")
        if proposed and not municipality:
            # A name that is in the list after all needs no editor to map it.
            municipality = Municipality.objects.filter(name__iexact=proposed).first()
            if municipality is not None:
                proposed = ""
                cleaned.update(municipality=municipality, proposed_municipality="")
                cleaned["proposed_province"] = ""
        if municipality and proposed:
            self.add_error(
                "proposed_municipality",
                _("Kies uw gemeente uit de lijst óf vul de naam in, niet allebei."),
            )
        elif not (municipality or proposed):
            self.add_error(
                "municipality",
                _("Kies uw gemeente. Staat die er niet bij? Vul dan hieronder de naam in."),
            )
        elif proposed and not cleaned.get("proposed_province"):
            self.add_error("proposed_province", _("Kies de provincie van uw gemeente."))
        return cleaned

    def save(self, submission):
        data = self.cleaned_data
        submission.municipality = data["municipality"]
        # A municipality from the list ends an earlier proposal.
        submission.proposed_municipality = (
            "" if data["municipality"] else data["proposed_municipality"]
        )
        submission.proposed_province = "" if data["municipality"] else data["proposed_province"]
        SubmitterContact.objects.update_or_create(
            submission=submission,
            defaults={"name": data["name"], "role": data["role"], "email": data["email"]},
        )
        return True

    def shown_answer(self, name):
        proposed = self.cleaned_data.get("proposed_municipality")
        if name == "municipality" and proposed and not self.cleaned_data.get("municipality"):
            province = dict(Province.choices).get(self.cleaned_data.get("proposed_province"), "")
            return _(
                "%(name)s (%(province)s): staat nog niet in onze lijst. De redactie voegt uw "
                "gemeente toe."
            ) % {"name": proposed, "province": province}
        return super().shown_answer(name)


class StartForm(ContactForm):
    """Step 1 for a new submission, with a honeypot against robots.

    The signed stamp makes a form expire after a day and, with its one-time nonce, turns a
    double click into one submission. How fast the form was filled in does not matter: browsers
    fill it in at once for people too.
    """

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
        _issued_at, self.nonce = stamp
        return cleaned


# Step 2 ---------------------------------------------------------------------------------


class PracticeForm(StepForm):
    answers_field = "practice_answers"
    worth_adding = {"context": _("De aanleiding"), "start_year": _("Het startjaar")}

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
    start_year = year_field(_("Startjaar (niet verplicht)"), _("Het jaar waarin het begon."))


# Step 3 ---------------------------------------------------------------------------------


class ClassificationForm(StepForm):
    answers_field = "classification_answers"
    worth_adding = {
        "government_role": _("De rol van de gemeente op de participatietrap"),
        "strategies": _("De strategieën van de gemeente"),
        "sectors": _("Beleidsterreinen"),
        "challenges": _("Knelpunten"),
    }

    form_types = terms(
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
        error_messages=choice_messages(_("treden")),
    )
    strategies = terms(
        Strategy.objects.select_related("rung"),
        label=_("Welke strategieën gebruikte de gemeente? (niet verplicht)"),
        what=_("strategieën"),
        help_text=_("De strategieën staan bij de trede van de participatietrap waar ze horen."),
        maximum=6,
    )
    sectors = terms(
        Sector.objects.all(),
        label=_("Op welke beleidsterreinen? (niet verplicht)"),
        what=_("beleidsterreinen"),
        help_text=_("Kies er maximaal vier."),
        maximum=4,
    )
    challenges = terms(
        Challenge.objects.all(),
        label=_("Welke knelpunten kwam u tegen of pakte u aan? (niet verplicht)"),
        what=_("knelpunten"),
        help_text=_("Kies er maximaal zes."),
        maximum=6,
    )


# Step 4 ---------------------------------------------------------------------------------


class OutcomeForm(StepForm):
    answers_field = "outcome_answers"
    worth_adding = {
        "success_factors": _("Succesfactoren: wat hielp"),
        "failure_factors": _("Faalfactoren: wat werkte tegen"),
        "result": _("Wat het opleverde"),
    }

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
    end_year = year_field(_("Eindjaar (niet verplicht)"), _("Leeg laten als het nog loopt."))
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

    def __init__(self, *args, submission=None, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        # The end year is checked against the start year of step 2.
        practice = (submission.practice_answers or {}) if submission else {}
        self.start_year = practice.get("start_year")
        self.success_factors = self.add_rows(FactorFormSet, kind=FactorKind.SUCCESS)
        self.failure_factors = self.add_rows(FactorFormSet, kind=FactorKind.FAILURE)

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
        return cleaned

    def factors(self):
        """The named factors as {kind, factor (an existing Factor or None), new, explanation}."""
        return self.success_factors.factors() + self.failure_factors.factors()

    def save(self, submission):
        super().save(submission)
        submission.anonymous = self.cleaned_data["anonymous"]
        return True


# Step 5 ---------------------------------------------------------------------------------


class LinksForm(StepForm):
    answers_field = "link_answers"
    worth_adding = {
        "link_rows": _("Links naar meer informatie"),
        "attachments": _("Bijlagen, zoals een evaluatie"),
    }
    # The file is kept as an attachment, not as an answer.
    not_stored = not_summarised = ("attachment",)
    attachments_label = _("Bijlagen (niet verplicht)")

    attachment = forms.FileField(
        label=_("Bijlage toevoegen (niet verplicht)"),
        help_text=_(
            "Bijvoorbeeld een evaluatie, een samenwerkingsafspraak of een foto. PDF, ODT, DOCX, "
            "XLSX, PNG of JPEG, maximaal 10 MB per bestand en 5 bestanden in totaal."
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

    def __init__(self, *args, submission=None, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        self.attachments = list(submission.attachments.all()) if submission else []
        self.checked_file = None
        self.link_rows = self.add_rows(LinkFormSet)

    def clean_attachment(self):
        from .filetypes import check_upload

        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return None
        if len(self.attachments) >= settings.SUBMISSION_MAX_ATTACHMENTS:
            raise ValidationError(self.too_many_attachments())
        self.checked_file = check_upload(uploaded)
        return uploaded

    def links(self):
        """The links with a title and a web address, as {title, url}."""
        return self.link_rows.links()

    def too_many_attachments(self):
        return _("U kunt maximaal %(maximum)d bijlagen toevoegen. Haal eerst een bijlage weg.") % {
            "maximum": settings.SUBMISSION_MAX_ATTACHMENTS
        }

    def save(self, submission):
        super().save(submission)
        if self.checked_file is None:
            return True
        # Counted again under the lock: two uploads at once cannot pass the maximum.
        if submission.attachments.count() >= settings.SUBMISSION_MAX_ATTACHMENTS:
            self.add_error("attachment", self.too_many_attachments())
            return False
        SubmissionAttachment.store(submission, self.cleaned_data["attachment"], self.checked_file)
        return True

    def draft_note(self):
        # A file is never kept unchecked: it must pass its checks first.
        if self.files.get("attachment"):
            return _(
                "De gekozen bijlage is nog niet bewaard. Voeg die toe met de knop ‘Bijlage "
                "toevoegen’."
            )
        return ""

    def summary_rows(self):
        names = [attachment.original_name for attachment in self.attachments]
        return [*super().summary_rows(), summary_row(self.attachments_label, names)]
