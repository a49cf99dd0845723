"""The practice library: practices, tools, their index pages, the home page and the site's
statements (accessibility, privacy)."""

import datetime

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import URLValidator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from practices.taxonomy.models import Form, Strategy

from .blocks import RICH_TEXT_FEATURES, PracticeBodyBlock, ToolBodyBlock, has_text
from .choices import EVIDENCE_CRITERIA, EvidenceLevel, FactorKind, Status, ToolType
from .years import EARLIEST_YEAR, this_year

PAGE_SIZE = 12


def _checkboxes():
    # Controlled vocabularies are short: checkboxes show every choice at once.
    return django_forms.CheckboxSelectMultiple


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a listing; a page number that does not exist gives a 404."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= max(
        paginator.num_pages, 1
    ):
        raise Http404(_("Deze pagina van de lijst bestaat niet."))
    return paginator.page(int(number))


class PracticeQuerySet(PageQuerySet):
    def for_listing(self):
        """Published practices with what a listing card shows, in a fixed number of queries."""
        return (
            self.live()
            .public()
            .select_related("municipality")
            .prefetch_related("forms", "strategies")
            .order_by("-first_published_at", "title")
        )


def english_introduction():
    """A fixed page's introduction for the English site (/en/), beside its Dutch ``intro``.

    Practice and tool pages stay Dutch (their text is the case itself); the fixed pages that
    explain the site say it in English too.
    """
    return RichTextField(
        _("introductie in het Engels"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_(
            "De introductie op de Engelse site (/en/). Leeg: bezoekers lezen de Nederlandse tekst."
        ),
    )


class HomePage(Page):
    intro = RichTextField(
        _("introductie"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("Twee of drie zinnen: wat vindt een bezoeker hier?"),
    )

    intro_en = english_introduction()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("intro_en")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "library.PracticeIndexPage",
        "library.ToolIndexPage",
        "library.StatementPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("homepagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newest_practices"] = PracticePage.objects.for_listing()[:6]
        context["forms"] = Form.objects.all()
        context["practice_index"] = PracticeIndexPage.objects.live().first()
        context["tool_index"] = ToolIndexPage.objects.live().first()
        return context


class PracticeIndexPage(RoutablePageMixin, Page):
    """All practices, with a listing per form and per strategy."""

    intro = RichTextField(
        _("introductie"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("Een korte tekst boven de lijst: welke praktijken staan hier?"),
    )

    intro_en = english_introduction()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("intro_en")]

    parent_page_types = ["library.HomePage"]
    subpage_types = ["library.PracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht praktijken")

    @path("")
    def all_practices(self, request):
        page = paginate(request, PracticePage.objects.for_listing())
        return self.render(request, context_overrides={"practices": page})

    @path("vorm/<slug:slug>/", name="form")
    def practices_by_form(self, request, slug):
        form = get_object_or_404(Form.objects.prefetch_related("survey_figures"), slug=slug)
        page = paginate(request, PracticePage.objects.for_listing().filter(forms=form))
        return self.render(
            request,
            template="library/practices_by_term.html",
            context_overrides={"term": form, "term_kind": "form", "practices": page},
        )

    @path("strategie/<slug:slug>/", name="strategy")
    def practices_by_strategy(self, request, slug):
        strategies = Strategy.objects.select_related("rung").prefetch_related("survey_figures")
        strategy = get_object_or_404(strategies, slug=slug)
        page = paginate(request, PracticePage.objects.for_listing().filter(strategies=strategy))
        return self.render(
            request,
            template="library/practices_by_term.html",
            context_overrides={"term": strategy, "term_kind": "strategy", "practices": page},
        )

    @path("kennisniveaus/", name="evidence_levels")
    def evidence_levels(self, request):
        levels = [(level, EVIDENCE_CRITERIA[level]) for level in EvidenceLevel]
        return self.render(
            request,
            template="library/evidence_levels.html",
            context_overrides={"levels": levels},
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forms"] = Form.objects.all()
        context["strategies"] = Strategy.objects.select_related("rung")
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        extra = [f"vorm/{slug}/" for slug in Form.objects.values_list("slug", flat=True)]
        extra += [f"strategie/{slug}/" for slug in Strategy.objects.values_list("slug", flat=True)]
        extra.append("kennisniveaus/")
        return urls + [{"location": base + suffix} for suffix in extra]


class PracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "library.PracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PracticePage(Page):
    """A do-democracy practice in a municipality, and what is known about how it went."""

    summary = models.TextField(
        _("samenvatting"),
        max_length=600,
        help_text=_("Twee of drie zinnen in gewone taal. Verschijnt in lijsten en zoekresultaten."),
    )
    body = StreamField(
        PracticeBodyBlock(),
        verbose_name=_("beschrijving"),
        blank=True,
        default=[("context", ""), ("initiative", ""), ("municipality_role", ""), ("result", "")],
        help_text=_(
            "Vul de vaste onderdelen in: aanleiding, initiatief, rol van de gemeente, "
            "resultaat en bronnen."
        ),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
        help_text=_("De gemeente waar de praktijk loopt of liep."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"),
        null=True,
        blank=True,
        help_text=_("Het jaar waarin de praktijk begon. Leeg laten als het niet bekend is."),
    )
    end_year = models.PositiveSmallIntegerField(
        _("eindjaar"), null=True, blank=True, help_text=_("Leeg als de praktijk nog loopt.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        default="",
        help_text=_("Loopt de praktijk nog, is hij afgerond of gestopt? Leeg als het onbekend is."),
    )
    status_year = models.PositiveSmallIntegerField(
        _("status volgens de bron in"),
        null=True,
        blank=True,
        help_text=_(
            "Komt de status uit een bron en heeft niemand hem sindsdien gecontroleerd? Vul dan "
            "het jaar van de bron in, bijvoorbeeld 2013 voor de voorbeelden uit het rapport."
        ),
    )
    stop_reason = models.TextField(
        _("waarom gestopt"),
        blank=True,
        help_text=_("Verplicht bij 'gestopt'. Ook mislukkingen zijn kennis voor anderen."),
    )
    evidence_level = models.CharField(
        _("kennisniveau"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.DESCRIBED,
        help_text=_(
            "Hoeveel is er bekend over deze praktijk? Dit is geen keurmerk; zie de "
            "openbare criteria op de pagina 'kennisniveaus'."
        ),
    )
    last_verified = models.DateField(
        _("laatst gecontroleerd"),
        null=True,
        blank=True,
        help_text=_("Wanneer een redacteur de gegevens voor het laatst heeft gecontroleerd."),
    )
    illustrative = models.BooleanField(
        _("fictief voorbeeld"),
        default=False,
        help_text=_(
            "Aan voor een verzonnen praktijk die alleen laat zien hoe de praktijkbank werkt. "
            "De pagina, lijsten, zoekresultaten en de API noemen haar dan een fictief voorbeeld."
        ),
    )
    government_role = models.ForeignKey(
        "taxonomy.Rung",
        verbose_name=_("rol van de gemeente op de participatietrap"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("De trede die het best past bij wat de gemeente deed."),
    )
    forms = ParentalManyToManyField(
        "taxonomy.Form",
        verbose_name=_("vormen van doe-democratie"),
        blank=True,
        related_name="practices",
        help_text=_(
            "Welke vormen van doe-democratie passen bij deze praktijk? Kies er één of meer."
        ),
    )
    strategies = ParentalManyToManyField(
        "taxonomy.Strategy",
        verbose_name=_("strategieën van de gemeente"),
        blank=True,
        related_name="practices",
        help_text=_("Hoe steunde de gemeente het initiatief? Kies alles wat de gemeente deed."),
    )
    sectors = ParentalManyToManyField(
        "taxonomy.Sector",
        verbose_name=_("beleidsterreinen"),
        blank=True,
        related_name="practices",
        help_text=_("Op welke terreinen van beleid speelt de praktijk, zoals zorg of groen?"),
    )
    challenges = ParentalManyToManyField(
        "taxonomy.Challenge",
        verbose_name=_("aangepakte knelpunten"),
        blank=True,
        related_name="practices",
        help_text=_(
            "Welke knelpunten pakte de praktijk aan? Zo vinden anderen met hetzelfde "
            "probleem haar terug."
        ),
    )
    tags = ClusterTaggableManager(
        through=PracticeTag,
        blank=True,
        verbose_name=_("trefwoorden"),
        help_text=_(
            "Losse woorden die bij de praktijk passen, gescheiden door komma's. "
            "Bezoekers vinden de praktijk ook via deze woorden."
        ),
    )
    contact_name = models.CharField(
        _("contactpersoon"),
        max_length=200,
        blank=True,
        help_text=_("Wie anderen kunnen vragen naar de praktijk. Deze naam staat op de pagina."),
    )
    contact_organisation = models.CharField(
        _("organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Waar de contactpersoon werkt, bijvoorbeeld de gemeente of een stichting."),
    )
    contact_email = models.EmailField(
        _("openbaar e-mailadres"),
        blank=True,
        help_text=_("Alleen een adres dat openbaar mag: het staat op de pagina."),
    )
    contact_url = models.URLField(
        _("website"),
        blank=True,
        help_text=_("De website van de praktijk of het initiatief, met https:// ervoor."),
    )

    objects = PageManager.from_queryset(PracticeQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    facts_panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_year"), FieldPanel("stop_reason")],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("evidence_level"),
                FieldPanel("last_verified"),
                FieldPanel("illustrative"),
            ],
            heading=_("Kennis"),
        ),
    ]
    taxonomy_panels = [
        FieldPanel("forms", widget=_checkboxes()),
        FieldPanel("government_role"),
        FieldPanel("strategies", widget=_checkboxes()),
        FieldPanel("sectors", widget=_checkboxes()),
        FieldPanel("challenges", widget=_checkboxes()),
        FieldPanel("tags"),
    ]
    factor_panels = [InlinePanel("factors", label=_("Succes- en faalfactoren"))]
    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_organisation"),
                FieldPanel("contact_email"),
                FieldPanel("contact_url"),
            ],
            heading=_("Contact"),
        ),
        InlinePanel("links", label=_("Links")),
        InlinePanel("documents", label=_("Documenten")),
        InlinePanel("tool_links", label=_("Gebruikte instrumenten")),
        InlinePanel("related_practice_links", label=_("Verwante praktijken")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Verhaal")),
            ObjectList(facts_panels, heading=_("Feiten")),
            ObjectList(taxonomy_panels, heading=_("Indeling")),
            ObjectList(factor_panels, heading=_("Factoren")),
            ObjectList(contact_panels, heading=_("Contact en bijlagen")),
            ObjectList(Page.promote_panels, heading=_("Promotie")),
            ObjectList(Page.settings_panels, heading=_("Instellingen")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("municipality", [index.SearchField("name")]),
        index.RelatedFields("forms", [index.SearchField("name")]),
        index.RelatedFields("strategies", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("evidence_level"),
    ]

    parent_page_types = ["library.PracticeIndexPage", "library.PracticePage"]
    subpage_types = ["library.PracticePage"]

    class Meta:
        verbose_name = _("praktijk")
        verbose_name_plural = _("praktijken")

    def clean(self):
        super().clean()
        errors = {}
        last_year = this_year()
        for field in ("start_year", "end_year", "status_year"):
            year = getattr(self, field)
            if year is not None and not EARLIEST_YEAR <= year <= last_year:
                errors[field] = _("Vul een jaar in tussen %(first)s en %(last)s.") % {
                    "first": EARLIEST_YEAR,
                    "last": last_year,
                }
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Het eindjaar kan niet voor het startjaar liggen.")
        if self.status == Status.STOPPED and not self.stop_reason.strip():
            errors["stop_reason"] = _("Vertel kort waarom de praktijk is gestopt.")
        if self.last_verified and self.last_verified > datetime.date.today():
            errors["last_verified"] = _("Deze datum ligt in de toekomst.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["factors"] = self.factor_list
        context["tool_pages"] = [
            link.tool for link in self.tool_links.select_related("tool") if link.tool.live
        ]
        context["related_practices"] = [
            link.practice
            for link in self.related_practice_links.select_related("practice")
            if link.practice.live
        ]
        context["child_practices"] = PracticePage.objects.child_of(self).live().public()
        return context

    @property
    def story(self):
        """The blocks of the body that hold something to read: an empty section gets no heading."""
        return [block for block in self.body if has_text(block.value)]

    @property
    def status_unchecked(self):
        """A status that nobody has checked since it was written down (a fictitious example
        has nothing to check)."""
        return bool(self.status) and not self.last_verified and not self.illustrative

    @cached_property
    def factor_list(self):
        factors = list(self.factors.select_related("factor"))
        return {
            "success": [f for f in factors if f.kind == FactorKind.SUCCESS],
            "failure": [f for f in factors if f.kind == FactorKind.FAILURE],
        }

    @property
    def evidence_criterion(self):
        return EVIDENCE_CRITERIA.get(self.evidence_level, "")


class PracticeFactor(Orderable):
    """A success or failure factor as named for one practice, with the practice's own words."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="factors")
    factor = models.ForeignKey(
        "taxonomy.Factor",
        verbose_name=_("factor"),
        on_delete=models.PROTECT,
        related_name="uses",
        help_text=_("Kies een factor uit de lijst. Zo is te tellen hoe vaak hij voorkomt."),
    )
    kind = models.CharField(
        _("soort"),
        max_length=10,
        choices=FactorKind.choices,
        help_text=_("Hielp deze factor de praktijk (succes) of zat hij in de weg (faal)?"),
    )
    explanation = models.TextField(
        _("toelichting"), blank=True, help_text=_("Hoe speelde deze factor hier?")
    )

    panels = [FieldRowPanel([FieldPanel("factor"), FieldPanel("kind")]), FieldPanel("explanation")]

    class Meta(Orderable.Meta):
        verbose_name = _("factor bij een praktijk")
        verbose_name_plural = _("factoren bij een praktijk")


def validate_link(value):
    """A web address (http or https), or a path on this site, such as an attachment's."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class PracticeLink(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(
        _("titel"),
        max_length=200,
        help_text=_("De tekst van de link, bijvoorbeeld de naam van het verslag of de website."),
    )
    url = models.CharField(
        _("webadres"),
        max_length=500,
        validators=[validate_link],
        help_text=_(
            "Een volledig adres met https:// ervoor, of een adres op deze site dat met / begint."
        ),
    )

    panels = [FieldPanel("title"), FieldPanel("url")]


class PracticeDocument(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Een bestand bij de praktijk, zoals een evaluatie of een plan. Bezoekers "
            "kunnen het downloaden."
        ),
    )

    panels = [FieldPanel("document")]


class PracticeToolLink(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="tool_links")
    tool = models.ForeignKey(
        "library.ToolPage",
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="practice_links",
        help_text=_(
            "Een instrument dat bij deze praktijk is gebruikt. De praktijk staat dan "
            "ook op de pagina van het instrument."
        ),
    )

    panels = [PageChooserPanel("tool", "library.ToolPage")]


class RelatedPracticeLink(Orderable):
    page = ParentalKey(
        PracticePage, on_delete=models.CASCADE, related_name="related_practice_links"
    )
    practice = models.ForeignKey(
        PracticePage,
        verbose_name=_("praktijk"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Een praktijk die hierop lijkt of ermee samenhangt."),
    )

    panels = [PageChooserPanel("practice", "library.PracticePage")]


class ToolIndexPage(Page):
    intro = RichTextField(
        _("introductie"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("Een korte tekst boven de lijst: welke instrumenten staan hier?"),
    )

    intro_en = english_introduction()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("intro_en")]

    parent_page_types = ["library.HomePage"]
    subpage_types = ["library.ToolPage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht instrumenten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tools = ToolPage.objects.child_of(self).live().public().order_by("title")
        context["tools"] = paginate(request, tools)
        return context


class ToolPage(Page):
    """An instrument or guide (handreiking) that helps municipalities facilitate initiatives."""

    tool_type = models.CharField(
        _("soort instrument"),
        max_length=30,
        choices=ToolType.choices,
        help_text=_("Wat voor instrument is het? Bezoekers kunnen hierop filteren."),
    )
    summary = models.TextField(
        _("samenvatting"), max_length=600, help_text=_("Twee of drie zinnen: wat is het, voor wie?")
    )
    body = StreamField(
        ToolBodyBlock(),
        verbose_name=_("beschrijving"),
        blank=True,
        help_text=_("Hoe werkt het instrument, en waar moet een gemeente op letten?"),
    )
    strategies = ParentalManyToManyField(
        "taxonomy.Strategy",
        verbose_name=_("strategieën"),
        blank=True,
        related_name="tools",
        help_text=_("Bij welke strategieën van de gemeente helpt dit instrument?"),
    )
    forms = ParentalManyToManyField(
        "taxonomy.Form",
        verbose_name=_("vormen van doe-democratie"),
        blank=True,
        related_name="tools",
        help_text=_("Voor welke vormen van doe-democratie is dit instrument bedoeld?"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tool_type"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    taxonomy_panels = [
        FieldPanel("strategies", widget=_checkboxes()),
        FieldPanel("forms", widget=_checkboxes()),
        InlinePanel("documents", label=_("Downloads")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(taxonomy_panels, heading=_("Indeling en downloads")),
            ObjectList(Page.promote_panels, heading=_("Promotie")),
            ObjectList(Page.settings_panels, heading=_("Instellingen")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("strategies", [index.SearchField("name")]),
        index.RelatedFields("forms", [index.SearchField("name")]),
        index.FilterField("tool_type"),
    ]

    parent_page_types = ["library.ToolIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["used_in"] = (
            PracticePage.objects.for_listing().filter(tool_links__tool=self).distinct()
        )
        context["practice_index"] = PracticeIndexPage.objects.live().first()
        return context


class ToolDocument(Orderable):
    page = ParentalKey(ToolPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Een bestand om te downloaden, zoals de handreiking zelf of een model."),
    )

    panels = [FieldPanel("document")]


class StatementType(models.TextChoices):
    ACCESSIBILITY = "toegankelijkheid", _("toegankelijkheidsverklaring")
    PRIVACY = "privacy", _("privacyverklaring")


class StatementPage(Page):
    """A statement that a Dutch government site publishes about itself, such as its
    accessibility statement (toegankelijkheidsverklaring) or privacy statement, with the date
    of its last review. The footer of every page links to the accessibility and privacy
    statement (found by ``statement_type``)."""

    statement_type = models.CharField(
        _("soort verklaring"),
        max_length=20,
        choices=StatementType.choices,
        blank=True,
        help_text=_(
            "De voettekst van elke pagina linkt naar de toegankelijkheidsverklaring en de "
            "privacyverklaring. Van elke soort is er één. Leeg voor een andere tekst over de "
            "site, zoals een colofon."
        ),
    )
    intro = models.TextField(
        _("introductie"),
        max_length=600,
        blank=True,
        help_text=_("Twee of drie zinnen: waar gaat deze verklaring over?"),
    )
    body = StreamField(
        [
            (
                "heading",
                blocks.CharBlock(
                    label=_("kopje"),
                    max_length=120,
                    help_text=_(
                        "Een kopje boven een deel van de tekst. Het staat ook in de inhoudsopgave."
                    ),
                ),
            ),
            ("paragraph", blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)),
            (
                "retention_periods",
                blocks.StaticBlock(
                    label=_("bewaartermijnen"),
                    admin_text=_(
                        "Een tabel met hoe lang de site persoonsgegevens en cookies bewaart. "
                        "De termijnen komen uit de instellingen van de site, dus ze kloppen altijd."
                    ),
                    template="library/blocks/retention_periods.html",
                ),
            ),
        ],
        verbose_name=_("tekst"),
        blank=True,
        help_text=_("De verklaring zelf, in delen met elk een kopje."),
    )
    last_reviewed = models.DateField(
        _("laatst gecontroleerd"),
        help_text=_(
            "Wanneer iemand de verklaring voor het laatst heeft nagelezen en bijgewerkt. "
            "Deze datum staat op de pagina."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("statement_type"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["library.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("verklaring")
        verbose_name_plural = _("verklaringen")

    def clean(self):
        super().clean()
        errors = {}
        if self.statement_type:
            others = StatementPage.objects.filter(statement_type=self.statement_type)
            if others.exclude(pk=self.pk).exists():
                errors["statement_type"] = _(
                    "Er is al een %(statement)s. Pas die aan, of kies hier een andere soort."
                ) % {"statement": self.get_statement_type_display()}
        if self.last_reviewed and self.last_reviewed > datetime.date.today():
            errors["last_reviewed"] = _("Deze datum ligt in de toekomst.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections
        # A table of contents helps from three parts on; it names every heading.
        context["contents"] = [(anchor, block.value) for block, anchor in self.sections if anchor]
        return context

    @cached_property
    def sections(self):
        """The body's blocks, each heading with a unique anchor for the table of contents:
        (block, anchor), with None as the anchor of a block that is not a heading."""
        taken, sections = set(), []
        for block in self.body:
            anchor = None
            if block.block_type == "heading":
                base = slugify(block.value) or "deel"
                anchor, number = base, 2
                while anchor in taken:
                    anchor, number = f"{base}-{number}", number + 1
                taken.add(anchor)
            sections.append((block, anchor))
        return sections
