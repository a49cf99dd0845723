"""Editable synonyms, and the database backend's index table."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class SynonymGroup(models.Model):
    """Words people use for the same thing; a search for one also finds the others."""

    terms = models.TextField(
        _("woorden"),
        help_text=_(
            "Woorden of woordgroepen met dezelfde betekenis, gescheiden door komma's. "
            "Bijvoorbeeld: burgerinitiatief, bewonersinitiatief, maatschappelijk initiatief"
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synoniemen")
        verbose_name_plural = _("synoniemen")

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class IndexEntry(models.Model):
    """One published page as the database backend searches it.

    Text fields hold analysed terms (see search.analysis) between spaces, so that a term
    matches with a plain ``LIKE '% term %'`` on SQLite and PostgreSQL alike.
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

    class Meta:
        verbose_name = "index entry"

    def __str__(self):
        return self.key
