"""Cases that municipalities submit themselves, without an account.

A ``Submission`` collects the answers of the public form step by step. Each step's answers are
stored in their own JSON field, exactly as that step's form cleaned them (model choices as
primary keys): the form that validated them can validate them again on the final submit, when
the taxonomy may have changed, and the typed, authoritative record is the draft
``PracticePage`` that the final submit creates for the editors. What editors filter and sort on
(status, municipality, dates, reference) are typed columns.

The submitter's name, role and e-mail address are personal data (AVG): they live in
``SubmitterContact``, one row beside the submission that can be deleted on its own, and never
reach the practice page.

A factor the submitter names in their own words is a ``ProposedFactor``: it stays on the
submission, outside the controlled vocabulary, until an editor maps it to an existing factor or
approves it as a new one. A municipality that is not in the list is a proposal too
(``proposed_municipality``), until an editor maps it to a ``Municipality`` or creates one.

"Opslaan en later verder" keeps a step as it was typed, unchecked, in ``draft_answers``; the
step's own JSON field only ever holds answers that its form accepted.
"""

import datetime
import os
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.library.choices import FactorKind
from practices.municipalities.models import Province

from .filetypes import KIND_CHOICES, KINDS
from .storage import private_storage
from .tokens import hash_token, looks_like_token, new_token


class SubmissionStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")
    CHANGES_REQUESTED = "wijzigingen-gevraagd", _("Wijzigingen gevraagd")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    REJECTED = "afgewezen", _("Afgewezen")


# The submitter may change the answers only while the case is with them.
EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.CHANGES_REQUESTED)
# The editors may turn a case down while it waits for them or for the submitter's changes.
REJECTABLE_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.CHANGES_REQUESTED)


def link_valid_until():
    return timezone.now() + datetime.timedelta(days=settings.SUBMISSION_LINK_VALID_DAYS)


class SubmissionQuerySet(models.QuerySet):
    def by_token(self, raw):
        """The submission a private link opens, or None when the token is wrong or expired."""
        if not looks_like_token(raw):
            return None
        return (
            self.select_related("municipality", "page")
            .filter(token_hash=hash_token(raw), token_expires_at__gt=timezone.now())
            .first()
        )


class Submission(models.Model):
    reference = models.CharField(
        _("referentienummer"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Bijvoorbeeld PB-2026-000123. Staat in de ontvangstbevestiging."),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
        db_index=True,
        help_text=_(
            "Volgt de beoordeling: ingediend, wijzigingen gevraagd, gepubliceerd of afgewezen."
        ),
    )
    token_hash = models.CharField(
        _("sleutel van de persoonlijke link (SHA-256)"), max_length=64, unique=True, editable=False
    )
    token_expires_at = models.DateTimeField(
        _("persoonlijke link geldig tot"),
        default=link_valid_until,
        help_text=_("Na deze datum opent de link uit de e-mail de inzending niet meer."),
    )
    start_nonce = models.CharField(
        _("kenmerk van het startformulier"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Zorgt dat twee keer op 'verder' klikken één inzending geeft."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text=_(
            "Blijft zichtbaar voor de redactie, ook als de praktijk anoniem wordt getoond."
        ),
    )
    proposed_municipality = models.CharField(
        _("voorgestelde gemeente"),
        max_length=100,
        blank=True,
        help_text=_(
            "De naam die de inzender typte omdat de gemeente niet in de lijst stond. Leeg zodra "
            "de redactie de inzending aan een gemeente koppelde."
        ),
    )
    proposed_province = models.CharField(
        _("provincie van de voorgestelde gemeente"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("De provincie die de inzender bij de voorgestelde gemeente koos."),
    )
    practice_answers = models.JSONField(
        _("antwoorden stap 2: de praktijk"), default=dict, blank=True
    )
    classification_answers = models.JSONField(
        _("antwoorden stap 3: indeling"), default=dict, blank=True
    )
    outcome_answers = models.JSONField(
        _("antwoorden stap 4: wat werkte en hoe ging het"), default=dict, blank=True
    )
    link_answers = models.JSONField(_("antwoorden stap 5: links"), default=dict, blank=True)
    draft_answers = models.JSONField(
        _("bewaard om later verder te gaan"),
        default=dict,
        blank=True,
        help_text=_(
            "Per stap wat de inzender met ‘Opslaan en later verder’ bewaarde, zoals getypt en nog "
            "niet gecontroleerd. De controle volgt bij ‘Opslaan en verder’ en bij het versturen."
        ),
    )
    anonymous = models.BooleanField(
        _("anoniem publiceren"),
        default=False,
        help_text=_("De gemeente staat dan niet op de openbare pagina; de redactie ziet haar wel."),
    )
    page = models.OneToOneField(
        "library.PracticePage",
        verbose_name=_("conceptpagina"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
        help_text=_("De praktijkpagina die het insturen maakte; de redactie werkt haar bij."),
    )
    editor_comment = models.TextField(
        _("toelichting van de redactie"),
        blank=True,
        help_text=_(
            "De inzender ziet dit via de persoonlijke link: wat er moet veranderen, of waarom "
            "de praktijk niet wordt geplaatst. Alleen de beoordeling zet deze tekst: "
            "wijzigingen vragen in de workflow, of afwijzen."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    submitted_at = models.DateTimeField(
        _("ingediend op"),
        null=True,
        blank=True,
        help_text=_(
            "Het laatste versturen naar de redactie; de beoordelingstermijn telt vanaf hier."
        ),
    )
    published_at = models.DateTimeField(
        _("gepubliceerd op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de praktijkpagina online kwam; de bewaartermijn telt vanaf hier."),
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")

    def __str__(self):
        title = self.title or _("(nog zonder titel)")
        return f"{self.reference or '–'}: {title}"

    @classmethod
    def start(cls, *, municipality, nonce=None):
        """A new draft with its reference number; returns (submission, raw token for the link)."""
        raw = new_token()
        with transaction.atomic():
            submission = cls.objects.create(
                municipality=municipality, token_hash=hash_token(raw), start_nonce=nonce
            )
            year = timezone.localtime(submission.created_at).year
            submission.reference = f"PB-{year}-{submission.pk:06d}"
            submission.save(update_fields=["reference"])
        return submission, raw

    @property
    def title(self):
        # What was saved for later is newer than what was checked, and only ever shown escaped.
        draft = (self.draft_answers or {}).get("practice_answers") or {}
        return draft.get("title") or (self.practice_answers or {}).get("title", "")

    @property
    def proposed_municipality_text(self):
        """The municipality the submitter proposed, with its province; empty when there is none."""
        if not self.proposed_municipality:
            return ""
        province = self.get_proposed_province_display()
        return (
            f"{self.proposed_municipality} ({province})" if province else self.proposed_municipality
        )

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def fresh_page(self):
        """The practice page as the database has it now; None before the first submit."""
        if self.page_id is None:
            return None
        return Submission.page.field.related_model.objects.filter(pk=self.page_id).first()

    def extend_link(self):
        self.token_expires_at = link_valid_until()

    def renew_link(self):
        """A new private link, saved at once; the old one stops working. Returns the raw token."""
        raw = new_token()
        self.token_hash = hash_token(raw)
        self.extend_link()
        self.save(update_fields=["token_hash", "token_expires_at", "updated_at"])
        return raw


class SubmitterContact(models.Model):
    """Who submitted a case: personal data, shown only to editors, deletable on request."""

    submission = models.OneToOneField(
        Submission,
        verbose_name=_("inzending"),
        on_delete=models.CASCADE,
        related_name="contact",
        help_text=_("De inzending van deze inzender."),
    )
    name = models.CharField(
        _("naam"), max_length=120, help_text=_("Zoals de inzender die in stap 1 invulde.")
    )
    role = models.CharField(
        _("functie of rol"),
        max_length=120,
        help_text=_("Bij de gemeente, zoals de inzender die in stap 1 invulde."),
    )
    email = models.EmailField(
        _("e-mailadres"),
        max_length=254,
        help_text=_("Hierheen gaan de link en de berichten over de beoordeling."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("contactgegevens van de inzender")
        verbose_name_plural = _("contactgegevens van inzenders")

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    # A random name: the original name is kept in the database only, never in the file system.
    kind = KINDS.get(instance.kind)
    extension = kind.extensions[0] if kind else ""
    return f"inzendingen/{uuid.uuid4().hex}{extension}"


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("inzending"),
        on_delete=models.CASCADE,
        related_name="attachments",
        help_text=_("De inzending waarbij de inzender dit bestand meestuurde."),
    )
    key = models.UUIDField(_("sleutel"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=attachment_path, max_length=200
    )
    original_name = models.CharField(
        _("oorspronkelijke bestandsnaam"),
        max_length=160,
        help_text=_(
            "De naam op de computer van de inzender, ontdaan van mappen en vreemde tekens."
        ),
    )
    kind = models.CharField(
        _("soort (gecontroleerd op inhoud)"),
        max_length=10,
        choices=KIND_CHOICES,
        help_text=_("Wat het bestand echt is, gelezen uit de inhoud en niet uit de naam."),
    )
    content_type = models.CharField(_("MIME-type"), max_length=100)
    size = models.PositiveBigIntegerField(
        _("grootte in bytes"), help_text=_("De grootte van het bestand zoals het binnenkwam.")
    )
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        help_text=_("Vingerafdruk van de inhoud: hetzelfde bestand heeft dezelfde waarde."),
    )
    created_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bijlage bij een inzending")
        verbose_name_plural = _("bijlagen bij inzendingen")

    def __str__(self):
        return self.original_name

    @classmethod
    def store(cls, submission, uploaded, checked):
        """Keep an upload that ``filetypes.check_upload`` accepted, under a random name."""
        attachment = cls(
            submission=submission,
            original_name=checked.name,
            kind=checked.kind.key,
            content_type=checked.kind.mime,
            size=checked.size,
            sha256=checked.sha256,
        )
        uploaded.seek(0)
        attachment.file.save(checked.name, uploaded, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.storage.delete(attachment.file.name)
            raise
        return attachment

    @property
    def extension(self):
        return os.path.splitext(self.original_name)[1].lower()

    @property
    def public_name(self):
        """The name a download gets: the original name may name the submitter (AVG)."""
        return f"bijlage-{self.key.hex[:8]}{self.extension}"

    @property
    def path(self):
        """The address of the view that serves the file: what a page links to."""
        return reverse("submissions:attachment", args=[self.key])

    def is_linked_from(self, page):
        """Whether the page, as it is stored, still links this file."""
        return page.links.filter(url__endswith=self.path).exists()


class ProposedFactor(models.Model):
    """A success or failure factor in the submitter's own words: a proposal, not a term.

    Public input never enters the controlled vocabulary by itself. The draft page gets the
    factor once an editor maps the proposal to an existing ``Factor`` or approves it as a new
    one; until then ``factor`` is empty.
    """

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("inzending"),
        on_delete=models.CASCADE,
        related_name="proposed_factors",
        help_text=_("De inzending waarin de inzender deze factor noemde."),
    )
    kind = models.CharField(
        _("soort"),
        max_length=10,
        choices=FactorKind.choices,
        help_text=_("Of de inzender het een succesfactor of een faalfactor noemde."),
    )
    name = models.CharField(
        _("voorgestelde naam"),
        max_length=100,
        help_text=_("De naam zoals de inzender die schreef; nog geen factor in de taxonomie."),
    )
    explanation = models.TextField(
        _("toelichting van de inzender"),
        blank=True,
        help_text=_("Hoe de factor volgens de inzender speelde; komt zo op de pagina."),
    )
    factor = models.ForeignKey(
        "taxonomy.Factor",
        verbose_name=_("factor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "De bestaande of goedgekeurde factor waaraan de redactie het voorstel koppelde. "
            "Leeg: nog niet beoordeeld."
        ),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("voorgestelde factor")
        verbose_name_plural = _("voorgestelde factoren")

    def __str__(self):
        return self.name

    @property
    def is_decided(self):
        return self.factor_id is not None


@receiver(post_delete, sender=SubmissionAttachment)
def _delete_attachment_file(sender, instance, **kwargs):
    # Also when a whole submission is deleted: no orphaned personal files stay behind.
    if instance.file:
        transaction.on_commit(lambda: instance.file.storage.delete(instance.file.name))
