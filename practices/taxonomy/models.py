"""The controlled vocabulary of the platform, transcribed from the 2013 survey report.

Forms of doe-democratie, the rungs of the government participation ladder with the strategies
on them, challenges, sectors and municipality size classes are snippets that editors maintain.
Each form and strategy carries its 2013 survey baseline as figures, never as typed-in totals.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from modeltranslation.utils import build_localized_fieldname, get_language
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# A term's name and description are read in the visitor's language, else in these (translation.py).
FALLBACK_LANGUAGES = ("nl", "en")


class TaxonomyTerm(models.Model):
    """A term with a label, a slug for URLs and filters, an explanation and an order.

    The label and explanation are Dutch, with an English translation beside them
    (``name_nl``/``name_en``, see translation.py); ``name`` reads the visitor's language.
    """

    name = models.CharField(
        _("naam"), max_length=160, unique=True, help_text=_("De naam zoals bezoekers die lezen.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Korte naam voor webadressen en filters: kleine letters en streepjes."),
    )
    description = models.TextField(
        _("toelichting"), blank=True, help_text=_("Een korte uitleg in gewone taal.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lagere nummers staan eerder in lijsten.")
    )

    text_panels = [
        FieldPanel("name_nl"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description_nl"),
        FieldPanel("description_en"),
    ]
    panels = [*text_panels, FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def name_lang(self):
        """The language ``name`` is shown in, for a lang attribute: English under /en/ only
        where the term has an English name."""
        return self._shown_language("name")

    @property
    def description_lang(self):
        return self._shown_language("description")

    def _shown_language(self, field):
        languages = dict.fromkeys((get_language(), *FALLBACK_LANGUAGES))
        for language in languages:
            if getattr(self, build_localized_fieldname(field, language), None):
                return language
        return FALLBACK_LANGUAGES[0]


class Form(ClusterableModel, TaxonomyTerm):
    """One of the seven forms of doe-democratie (report section 1.5 and figure 2.1)."""

    examples = models.TextField(
        _("voorbeelden"),
        blank=True,
        help_text=_("Eén voorbeeld per regel, zoals 'Denk bijvoorbeeld aan ...' in het rapport."),
    )

    panels = [
        *TaxonomyTerm.panels,
        FieldPanel("examples"),
        InlinePanel("survey_figures", label=_("Cijfers uit de enquête van 2013")),
    ]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("vorm van doe-democratie")
        verbose_name_plural = _("vormen van doe-democratie")

    @property
    def example_list(self):
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class Rung(TaxonomyTerm):
    """A rung of the government participation ladder (ROB 2012); sort_order is its position."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("trede van de participatietrap")
        verbose_name_plural = _("treden van de participatietrap")


class Strategy(ClusterableModel, TaxonomyTerm):
    """A municipal strategy to support doe-democratie, on one rung of the ladder."""

    rung = models.ForeignKey(
        Rung,
        verbose_name=_("trede"),
        on_delete=models.PROTECT,
        related_name="strategies",
        help_text=_("De trede van de overheidsparticipatietrap waar deze strategie bij hoort."),
    )

    panels = [
        *TaxonomyTerm.text_panels,
        FieldPanel("rung"),
        FieldPanel("sort_order"),
        InlinePanel("survey_figures", label=_("Cijfers uit de enquête van 2013")),
    ]

    class Meta:
        ordering = ["rung__sort_order", "sort_order", "name"]
        verbose_name = _("strategie")
        verbose_name_plural = _("strategieën")


class Challenge(TaxonomyTerm):
    """A challenge (knelpunt) municipalities meet, inside government or in society."""

    class Group(models.TextChoices):
        GOVERNMENT = "government", _("Binnen de overheid")
        SOCIETY = "society", _("In de samenleving")

    group = models.CharField(
        _("groep"),
        max_length=20,
        choices=Group.choices,
        help_text=_("Ligt het knelpunt binnen de gemeente zelf, of in de samenleving?"),
    )
    survey_share = models.PositiveSmallIntegerField(
        _("aandeel gemeenten in 2013 (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Percentage gemeenten dat hier in 2013 vaak of regelmatig tegenaan liep. "
            "Leeg laten als het rapport dit niet noemt."
        ),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("group"), FieldPanel("survey_share")]

    class Meta(TaxonomyTerm.Meta):
        ordering = ["group", "sort_order", "name"]
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")


class Sector(TaxonomyTerm):
    """A policy area (beleidsterrein)."""

    survey_mentions = models.PositiveSmallIntegerField(
        _("keren genoemd in 2013"),
        null=True,
        blank=True,
        help_text=_("Hoe vaak gemeenten dit terrein in 2013 noemden (figuur 3.9)."),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("survey_mentions")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("beleidsterrein")
        verbose_name_plural = _("beleidsterreinen")


class SizeClassQuerySet(models.QuerySet):
    def for_inhabitants(self, inhabitants):
        """The size class a municipality with this many inhabitants falls in, or None."""
        if inhabitants is None:
            return None
        return (
            self.filter(min_inhabitants__lte=inhabitants)
            .filter(models.Q(max_inhabitants__gte=inhabitants) | models.Q(max_inhabitants=None))
            .first()
        )


class SizeClass(TaxonomyTerm):
    """A municipality size class by number of inhabitants, as used throughout the report."""

    min_inhabitants = models.PositiveIntegerField(
        _("vanaf (inwoners)"),
        default=0,
        help_text=_("Het kleinste aantal inwoners van een gemeente in deze groep."),
    )
    max_inhabitants = models.PositiveIntegerField(
        _("tot en met (inwoners)"), null=True, blank=True, help_text=_("Leeg: geen bovengrens.")
    )

    objects = SizeClassQuerySet.as_manager()

    panels = [
        *TaxonomyTerm.panels,
        FieldRowPanel([FieldPanel("min_inhabitants"), FieldPanel("max_inhabitants")]),
    ]

    class Meta(TaxonomyTerm.Meta):
        ordering = ["min_inhabitants"]
        verbose_name = _("gemeentegrootte")
        verbose_name_plural = _("gemeentegroottes")

    def clean(self):
        super().clean()
        if self.max_inhabitants is not None and self.max_inhabitants < self.min_inhabitants:
            raise ValidationError(
                {"max_inhabitants": _("De bovengrens moet groter zijn dan de ondergrens.")}
            )

    def contains(self, inhabitants):
        return (
            inhabitants is not None
            and self.min_inhabitants <= inhabitants
            and (self.max_inhabitants is None or inhabitants <= self.max_inhabitants)
        )


class Factor(TaxonomyTerm):
    """A success or failure factor; the same factor is counted across practices."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("succes- of faalfactor")
        verbose_name_plural = _("succes- en faalfactoren")


class SurveyFigure(Orderable):
    """One figure the 2013 report states in its text, with the phrase that states it."""

    class Measure(models.TextChoices):
        OCCURRENCE = "occurrence", _("Komt voor in gemeenten")
        MOST_TYPICAL = "most_typical", _("Genoemd als meest typerend")
        MOST_TYPICAL_SHARE = "most_typical_share", _("Aandeel dat dit het meest typerend vindt")
        USED_REGULARLY = "used_regularly", _("Vaak of regelmatig ingezet")
        USED_AT_LEAST_SOMETIMES = "used_at_least_sometimes", _("Soms, regelmatig of vaak ingezet")
        NAMED_MOST_SUCCESSFUL = "named_most_successful", _("Genoemd bij de drie meest succesvolle")
        NAMED_MOST_SUCCESSFUL_SHARE = (
            "named_most_successful_share",
            _("Aandeel dat dit bij de meest succesvolle noemt"),
        )

    class Unit(models.TextChoices):
        PERCENT = "percent", _("procent")
        COUNT = "count", _("aantal")

    # Counts of respondents naming something read as "61×"; other counts are municipalities.
    TIMES_NAMED = (Measure.MOST_TYPICAL, Measure.NAMED_MOST_SUCCESSFUL)

    measure = models.CharField(
        _("maat"),
        max_length=40,
        choices=Measure.choices,
        help_text=_("Wat het cijfer telt, zoals het rapport het zegt."),
    )
    value = models.DecimalField(
        _("waarde"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Het getal uit het rapport, zonder procentteken. Bij een bereik: het laagste."),
    )
    value_upper = models.DecimalField(
        _("tot waarde"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Alleen voor een bereik, zoals '15 tot 27%'."),
    )
    unit = models.CharField(
        _("eenheid"),
        max_length=10,
        choices=Unit.choices,
        help_text=_("Is de waarde een percentage of een aantal?"),
    )
    population = models.CharField(
        _("groep"),
        max_length=120,
        default="alle gemeenten",
        help_text=_("Over wie het cijfer gaat, bijvoorbeeld 'gemeenten met 100.000+ inwoners'."),
    )
    min_inhabitants = models.PositiveIntegerField(
        _("groep vanaf (inwoners)"),
        default=0,
        help_text=_(
            "Het kleinste aantal inwoners van de gemeenten waar het cijfer over gaat. "
            "0 voor alle gemeenten."
        ),
    )
    max_inhabitants = models.PositiveIntegerField(
        _("groep tot en met (inwoners)"),
        null=True,
        blank=True,
        help_text=_("Het grootste aantal inwoners. Leeg: geen bovengrens."),
    )
    base = models.CharField(
        _("basis"), max_length=60, help_text=_("Bijvoorbeeld 'n=98 gemeenten'.")
    )
    source = models.CharField(
        _("bron in het rapport"),
        max_length=120,
        help_text=_(
            "Waar het cijfer in het rapport staat, bijvoorbeeld 'Hoofdstuk 2, figuur 2.2'."
        ),
    )
    quote = models.TextField(
        _("citaat"),
        blank=True,
        help_text=_("De zin uit het rapport die het cijfer noemt, zodat iedereen het kan nagaan."),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("measure"),
                FieldPanel("value"),
                FieldPanel("value_upper"),
                FieldPanel("unit"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("population"),
                FieldRowPanel([FieldPanel("min_inhabitants"), FieldPanel("max_inhabitants")]),
            ],
            heading=_("Groep"),
        ),
        FieldRowPanel([FieldPanel("base"), FieldPanel("source")]),
        FieldPanel("quote"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.get_measure_display()}: {self.display_value} ({self.population})"

    @property
    def covers_all_municipalities(self):
        return self.min_inhabitants == 0 and self.max_inhabitants is None

    @property
    def display_value(self):
        value = _format_number(self.value)
        if self.value_upper is not None:
            value = f"{value}–{_format_number(self.value_upper)}"
        if self.unit == self.Unit.PERCENT:
            return f"{value}%"
        if self.measure in self.TIMES_NAMED:
            return f"{value}×"
        return ngettext("%(value)s gemeente", "%(value)s gemeenten", int(self.value)) % {
            "value": value
        }

    def covers(self, size_class):
        """Whether this figure's group includes every municipality of the size class."""
        upper_ok = self.max_inhabitants is None or (
            size_class.max_inhabitants is not None
            and size_class.max_inhabitants <= self.max_inhabitants
        )
        return self.min_inhabitants <= size_class.min_inhabitants and upper_ok


def _format_number(value):
    """A figure as the reader's language writes it: 12,5 in Dutch, 12.5 in English."""
    decimals = 0 if value == value.to_integral_value() else 1
    return number_format(value, decimal_pos=decimals)


class FormSurveyFigure(SurveyFigure):
    form = ParentalKey(Form, on_delete=models.CASCADE, related_name="survey_figures")

    class Meta(SurveyFigure.Meta):
        verbose_name = _("enquêtecijfer bij een vorm")
        verbose_name_plural = _("enquêtecijfers bij vormen")


class StrategySurveyFigure(SurveyFigure):
    strategy = ParentalKey(Strategy, on_delete=models.CASCADE, related_name="survey_figures")

    class Meta(SurveyFigure.Meta):
        verbose_name = _("enquêtecijfer bij een strategie")
        verbose_name_plural = _("enquêtecijfers bij strategieën")
