"""Editable synonyms, and the database backend's index table."""

import contextlib
import uuid

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class SynonymGroup(models.Model):
    """Words people use for the same thing; a search for one also finds the others.

    ``terms`` is a comma list of equivalents, or a one-way rule in the Solr synonym syntax
    (``groen => groenbeheer, plantsoen``): see search.thesaurus, which turns groups into
    search rules. Groups from search/data/thesaurus.toml carry their key in ``seed``.
    """

    terms = models.TextField(
        _("woorden"),
        help_text=_(
            "Woorden of woordgroepen die bij het zoeken hetzelfde betekenen, gescheiden door "
            "komma's; elk woord vindt dan ook de andere. Bijvoorbeeld: buurthuis, wijkcentrum, "
            "dorpshuis. Moet een breder woord de smallere vinden, maar niet andersom? Zet dan "
            "'=>' ertussen, het brede woord links. Bijvoorbeeld: groen => groenbeheer, "
            "plantsoen, boomspiegel. Een treffer op een synoniem telt even zwaar als op het "
            "woord zelf: zet alleen woorden bij elkaar die echt hetzelfde betekenen."
        ),
    )
    active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_(
            "Zet uit om deze groep niet meer bij het zoeken te gebruiken. Een groep uit de "
            "standaardlijst komt na verwijderen terug; uitzetten blijft bewaard."
        ),
    )
    seed = models.CharField(
        _("standaardgroep"),
        max_length=100,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The key of the group in search/data/thesaurus.toml, if it came from there.",
    )
    changed = models.DateTimeField(_("gewijzigd"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("active")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synoniemen")
        verbose_name_plural = _("synoniemen")

    def __str__(self):
        return self.terms

    def clean(self):
        from .thesaurus import normalise_group

        super().clean()
        try:
            self.terms = normalise_group(self.terms)
        except ValueError as error:
            raise ValidationError({"terms": str(error)}) from None

    @property
    def term_list(self):
        """Every member as typed, both sides of a one-way rule (search.thesaurus parses it)."""
        return [
            term.strip()
            for side in self.terms.split("=>")
            for term in side.split(",")
            if term.strip()
        ]


class IndexVersion(models.Model):
    """One row whose token changes with every write to IndexEntry, in the same transaction.

    Each process keeps the index in memory for searching (search.backends.snapshot) and reads
    this one row per search to know whether that copy is still current, across gunicorn
    workers too. A random token, not a counter: a rolled-back write restores the old token,
    and a counter could later reach the same number again with other rows behind it.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "index version"

    def __str__(self):
        return self.token

    @classmethod
    def current(cls, using="default"):
        """The token, or None before the first write (then nothing may be cached)."""
        return cls.objects.using(using).filter(pk=1).values_list("token", flat=True).first()

    @classmethod
    def renew(cls, using="default"):
        cls.objects.using(using).bulk_create(
            [cls(pk=1, token=uuid.uuid4().hex)],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["token"],
        )


@contextlib.contextmanager
def renewing_version(using):
    """A transaction whose writes to IndexEntry come after renewing IndexVersion.

    First, not last: every writer then locks the version row before any entry row, so on
    PostgreSQL concurrent writers queue there instead of deadlocking over each other's rows.
    """
    with transaction.atomic(using=using):
        IndexVersion.renew(using)
        yield


class IndexEntryQuerySet(models.QuerySet):
    """Bulk writes that renew IndexVersion, so no in-memory copy of the index goes stale."""

    def bulk_create(self, objs, *args, **kwargs):
        with renewing_version(self.db):
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        with renewing_version(self.db):
            return super().bulk_update(objs, *args, **kwargs)

    def update(self, **kwargs):
        with renewing_version(self.db):
            return super().update(**kwargs)

    def delete(self):
        with renewing_version(self.db):
            return super().delete()


class IndexEntry(models.Model):
    """One published page as the database backend searches it.

    Text fields hold analysed terms (see search.analysis) between spaces, so that a term
    matches with a plain ``LIKE '% term %'`` on SQLite and PostgreSQL alike. Every write
    through the ORM renews IndexVersion; raw SQL writes must do so themselves.
    """

    key = models.CharField(max_length=40, primary_key=True)
    fingerprint = models.CharField(max_length=32)
    page_id = models.PositiveIntegerField(db_index=True)
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    summary = models.TextField()
    text = models.TextField(help_text="Summary and body as plain text, for highlights.")
    municipality = models.CharField(max_length=100, blank=True)
    forms = models.JSONField(default=list)
    strategies = models.JSONField(default=list)
    published = models.DateTimeField(null=True)
    start_year = models.PositiveSmallIntegerField(null=True)
    keywords = models.TextField(help_text="' facet:value facet:value ' for filters and facets.")
    all_terms = models.TextField()
    title_terms = models.TextField()
    labels_terms = models.TextField()
    summary_terms = models.TextField()
    municipality_terms = models.TextField()
    factors_terms = models.TextField()
    body_terms = models.TextField()
    parts_terms = models.TextField(default="", help_text="Terms of the parts of compounds.")
    words = models.TextField(
        default="", help_text="The distinct folded words as written, for fixing typos."
    )

    objects = IndexEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "index entry"

    def __str__(self):
        return self.key

    def save(self, *args, using=None, **kwargs):
        using = using or router.db_for_write(type(self), instance=self)
        with renewing_version(using):
            super().save(*args, using=using, **kwargs)

    def delete(self, *args, using=None, **kwargs):
        using = using or router.db_for_write(type(self), instance=self)
        with renewing_version(using):
            return super().delete(*args, using=using, **kwargs)


class QueuedIndexUpdate(models.Model):
    """A page whose index entries must be brought in line: the outbox of index work.

    Written by search.signals in the same transaction as the page change, so a rolled-back
    change leaves no row and a committed one cannot be lost; search.index_queue works the rows
    off and keeps each one, with a growing delay, until every backend has taken the change.
    A plain page id, not a foreign key: the row must outlive a deleted page (its entries are
    then removed).
    """

    page_id = models.PositiveIntegerField(unique=True)
    queued_at = models.DateTimeField(
        help_text="When the latest change was queued; a worker that finds it changed after "
        "its attempt keeps the row, for the newer change."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Failed attempts so far.")
    next_attempt_at = models.DateTimeField(db_index=True)
    last_attempt_at = models.DateTimeField(null=True)
    last_error = models.TextField(blank=True)
    claimed_until = models.DateTimeField(
        null=True,
        help_text="A worker is busy with the row until then; after that (it died), another "
        "may take it.",
    )

    class Meta:
        verbose_name = "queued index update"
        ordering = ["next_attempt_at", "pk"]

    def __str__(self):
        return f"page {self.page_id}"
