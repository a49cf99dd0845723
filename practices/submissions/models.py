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
"""

import datetime
import os
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    )
    token_hash = models.CharField(
        _("sleutel van de persoonlijke link (SHA-256)"), max_length=64, unique=True, editable=False
    )
    token_expires_at = models.DateTimeField(
        _("persoonlijke link geldig tot"), default=link_valid_until
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
    )
    editor_comment = models.TextField(
        _("toelichting van de redactie"),
        blank=True,
        help_text=_(
            "De inzender ziet dit via de persoonlijke link: wat er moet veranderen, of waarom "
            "de praktijk niet wordt geplaatst."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

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
        return (self.practice_answers or {}).get("title", "")

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

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
    )
    name = models.CharField(_("naam"), max_length=120)
    role = models.CharField(_("functie of rol"), max_length=120)
    email = models.EmailField(_("e-mailadres"), max_length=254)
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
    )
    key = models.UUIDField(_("sleutel"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=attachment_path, max_length=200
    )
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=160)
    kind = models.CharField(
        _("soort (gecontroleerd op inhoud)"), max_length=10, choices=KIND_CHOICES
    )
    content_type = models.CharField(_("MIME-type"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bijlage bij een inzending")
        verbose_name_plural = _("bijlagen bij inzendingen")

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return os.path.splitext(self.original_name)[1].lower()


@receiver(post_delete, sender=SubmissionAttachment)
def _delete_attachment_file(sender, instance, **kwargs):
    # Also when a whole submission is deleted: no orphaned personal files stay behind.
    if instance.file:
        transaction.on_commit(lambda: instance.file.storage.delete(instance.file.name))
