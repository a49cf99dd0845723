"""E-mail alerts for a saved finder search: the address apart from what it follows.

The address is personal data and lives alone in AlertRecipient; a SearchAlert holds the search
it follows (the finder's parameters), its language and its dates. Deleting the recipient
deletes its alerts. No admin, snippet, page, feed, export, API or index shows either model:
the address is only ever read to send an e-mail to it.

Each alert has a random token for the links in its e-mails (confirm, unsubscribe, delete all
my data). Every digest must repeat the links, so the token itself is kept; a link is looked up
by the token's SHA-256 hash, never by comparing the token, so the lookup's timing tells an
attacker nothing about a token.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(raw):
    return hashlib.sha256(raw.encode("ascii", "replace")).hexdigest()


def normalize_email(address):
    # One recipient per mailbox, however it is typed: in practice no mail server tells
    # Naam@Gemeente.nl and naam@gemeente.nl apart.
    return address.strip().lower()


class AlertRecipient(models.Model):
    """An address that asked for e-mail about new practices."""

    email = models.EmailField(_("e-mailadres"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ontvanger van e-mail bij nieuwe praktijken")
        verbose_name_plural = _("ontvangers van e-mail bij nieuwe praktijken")

    def __str__(self):
        # Never the address: whatever prints a recipient (a log line, an error) must not show it.
        return f"AlertRecipient {self.pk}"

    @classmethod
    def delete_unused(cls):
        """Recipients without alerts left: nothing to send them, so nothing to keep."""
        return cls.objects.filter(alerts__isnull=True).delete()[0]


class SearchAlertQuerySet(models.QuerySet):
    def by_token(self, raw):
        """The alert whose links carry this token, or None; expired confirmations are gone."""
        if not raw:
            return None
        alert = self.filter(token_hash=hash_token(raw)).select_related("recipient").first()
        if alert is None or alert.confirmation_expired:
            return None
        return alert

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_expired(self, now=None):
        return self.filter(confirmed_at__isnull=True, created_at__lt=confirmation_cutoff(now))

    def due(self, now=None):
        """Confirmed alerts whose last digest (or confirmation) is a digest interval ago."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.ALERT_DIGEST_INTERVAL_DAYS)
        return (
            self.confirmed()
            .annotate(last_news_at=Coalesce("last_sent_at", "confirmed_at"))
            .filter(last_news_at__lte=cutoff)
            .select_related("recipient")
            .order_by("pk")
        )


def confirmation_cutoff(now=None):
    now = now or timezone.now()
    return now - datetime.timedelta(days=settings.ALERT_CONFIRMATION_DAYS)


class SearchAlert(models.Model):
    """One search of the finder that a recipient follows by e-mail."""

    recipient = models.ForeignKey(
        AlertRecipient, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("ontvanger")
    )
    search = models.TextField(
        _("zoekopdracht"),
        blank=True,
        help_text=_("De zoekopdracht van de zoekpagina, zoals de feed die schrijft."),
    )
    language = models.CharField(_("taal"), max_length=8, choices=settings.LANGUAGES)
    token = models.CharField(_("sleutel"), max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("laatste e-mail op"), null=True, blank=True)

    objects = SearchAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail bij nieuwe praktijken")
        verbose_name_plural = _("e-mails bij nieuwe praktijken")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "search"], name="one_alert_per_search")
        ]

    def __str__(self):
        return f"SearchAlert {self.pk}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = new_token()
        self.token_hash = hash_token(self.token)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def confirmation_expired(self):
        return not self.is_confirmed and self.created_at < confirmation_cutoff()

    @property
    def news_since(self):
        """Practices published or updated after this moment are news for the next digest."""
        return self.last_sent_at or self.confirmed_at

    def confirm(self):
        if not self.is_confirmed:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    def unsubscribe(self):
        """Delete this alert, and the address with it when it follows nothing else."""
        recipient = self.recipient
        self.delete()
        if not recipient.alerts.exists():
            recipient.delete()
