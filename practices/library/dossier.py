"""A dossier for the college: chosen practices as a short memo to download, PDF or DOCX.

A civil servant who writes a collegenotitie or a raadsinformatiebrief picks practices in the
finder (a checkbox "Opnemen in dossier" on each practice card, in a form with the buttons
"Dossier maken (PDF)" and "(DOCX)"; or the link "dossier van deze pagina" for every practice
on the page of results: a selection cannot outlive its page without a script or a session) or
takes the practices of one strategy from "Wat werkt?", and gets a memo with, per practice, the
summary, the municipality, the role it took, the success and failure factors with their
explanations, the outcome and the link; for a strategy also its "what works" figures over the
whole site with the 2013 baseline and the source line. Every memo states the day it was made
and the licence of the content, and marks each fictitious example as such. At most
MAX_PRACTICES practices: more is refused with a message; a strategy with more shows its first
MAX_PRACTICES and links the rest.

``/dossier/?praktijk=12&praktijk=34&formaat=pdf`` or ``/dossier/?strategie=<slug>&formaat=docx``
(GET: making a memo changes nothing, and a plain form or link needs no script). A bad request
(no or an unknown format, no practice, too many, a non-number, an unknown, unpublished or
private page, a tool, an unknown strategy) gets a 400 with a plain-Dutch message, never a 500.

One document model, two formats: the memo is a list of the blocks the instruments are written
in (practices.library.instruments.source: headings, paragraphs, notes, lists), rendered
by the instruments' own fpdf2 (PDF, embedded DejaVu font, Dutch as the document language) and
python-docx (DOCX, real heading styles) writers. Not WeasyPrint: it needs the system's Pango
libraries, which a fresh machine may lack, and the instruments already show fpdf2 is enough
for a text document. The DOCX is the accessible version (fpdf2 writes no tagged PDF).

Nothing of a submitter is in it: no contact_* field of a page and nothing of
practices.submissions, only what the public practice page shows.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from fpdf import ViewerPreferences

from practices.insights.computation import compute
from practices.insights.figures import survey_source
from practices.taxonomy.models import Strategy
from search import exports

from .choices import FactorKind
from .instruments.render_docx import write_blocks
from .instruments.render_pdf import InstrumentPdf
from .instruments.source import (
    LANGUAGE,
    MONTHS,
    PUBLISHER,
    BulletList,
    Heading,
    Note,
    Paragraph,
)
from .models import PracticeFactor, PracticePage, ToolPage

# Enough for a memo that someone still reads; more is a list, for which the finder has exports.
MAX_PRACTICES = 50
PAGE_PARAM, STRATEGY_PARAM, FORMAT_PARAM = "praktijk", "strategie", "formaat"
PAGE_ID = re.compile(r"[0-9]{1,10}")  # a database id; longer is no id of ours
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class DossierRequestError(ValueError):
    """A request the dossier cannot answer; the message says why, in plain Dutch."""


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


@dataclass(frozen=True)
class Dossier:
    """A memo in the shape the instruments' renderers take (title, summary, version, licence,
    document_blocks)."""

    title: str
    summary: str
    version: datetime.date  # the day it was made
    licence: Licence
    blocks: tuple

    def document_blocks(self):
        return self.blocks

    @property
    def filename(self):
        return f"{slugify(self.title)[:60]}-{self.version.isoformat()}"


# -- The request ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DossierRequest:
    format: str
    pages: tuple  # PracticePage, in the order chosen
    strategy: Strategy | None = None
    strategy_total: int = 0  # the strategy's practices, of which at most MAX_PRACTICES shown


def read_request(params):
    """The format and the practices (or the strategy) a query asks for, or DossierRequestError."""
    output = params.get(FORMAT_PARAM, "")
    if output not in CONTENT_TYPES:
        raise DossierRequestError(_("Kies PDF of DOCX als formaat van het dossier."))
    values = params.getlist(PAGE_PARAM)
    slug = params.get(STRATEGY_PARAM, "")
    if values and slug:
        raise DossierRequestError(
            _("Kies praktijken of een strategie voor het dossier, niet allebei.")
        )
    if slug:
        strategy = Strategy.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        if strategy is None:
            raise DossierRequestError(
                _("Deze strategie kennen we niet: ‘%(slug)s’.") % {"slug": slug[:60]}
            )
        # Real practices first: a fictitious example only shows how the platform works.
        practices = public_practices().filter(strategies=strategy)
        practices = practices.order_by("illustrative", "title", "pk")
        total = practices.count()
        return DossierRequest(output, tuple(practices[:MAX_PRACTICES]), strategy, total)
    return DossierRequest(output, chosen_practices(values))


def chosen_practices(values):
    ids = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    if not ids:
        raise DossierRequestError(_("Kies ten minste één praktijk voor het dossier."))
    if len(ids) > MAX_PRACTICES:
        raise DossierRequestError(
            _(
                "Een dossier kan ten hoogste %(maximum)d praktijken bevatten. U koos er "
                "%(count)d. Maak er twee of meer dossiers van."
            )
            % {"maximum": MAX_PRACTICES, "count": len(ids)}
        )
    for value in ids:
        if not PAGE_ID.fullmatch(value):
            raise DossierRequestError(
                _("‘%(value)s’ is geen nummer van een praktijk.") % {"value": value[:40]}
            )
    found = public_practices().in_bulk([int(value) for value in ids])
    for value in ids:
        if int(value) not in found:
            raise DossierRequestError(_missing_message(int(value)))
    return tuple(found[int(value)] for value in ids)


def _missing_message(page_id):
    # A tool is public, so it may be named as one; an unpublished page is "not public" like
    # a page that never existed, so the answer tells nothing about drafts.
    if ToolPage.objects.live().public().filter(pk=page_id).exists():
        return _(
            "Nummer %(id)d is een instrument, geen praktijk. Een dossier bevat alleen praktijken."
        ) % {"id": page_id}
    return _("Er is geen openbare praktijk met nummer %(id)d.") % {"id": page_id}


def public_practices():
    factors = PracticeFactor.objects.select_related("factor").order_by("sort_order", "pk")
    return (
        PracticePage.objects.live()
        .public()
        .select_related("municipality", "government_role")
        .prefetch_related(Prefetch("factors", queryset=factors))
    )


# -- The document ----------------------------------------------------------------------------------
def build_dossier(request_data, absolute, today=None):
    """The memo for a DossierRequest; ``absolute`` makes a path a full URL."""
    today = today or timezone.localdate()
    # The memo is Dutch whatever language the site is read in: the practices are written in
    # Dutch and the document says so (nl-NL) to spell checkers and speech.
    with translation.override("nl"):
        return _build(request_data, absolute, today)


def _build(request_data, absolute, today):
    pages, strategy = request_data.pages, request_data.strategy
    if strategy:
        title = _("Dossier: strategie %(name)s") % {"name": strategy.name}
    else:
        title = _("Dossier: praktijken van doe-democratie")
    licence = content_licence()
    summary = ngettext(
        "Een korte notitie over %(count)d praktijk van doe-democratie, voor een "
        "collegenotitie of raadsinformatiebrief.",
        "Een korte notitie over %(count)d praktijken van doe-democratie, voor een "
        "collegenotitie of raadsinformatiebrief.",
        len(pages),
    ) % {"count": len(pages)}
    blocks = [
        Heading(1, title),
        Paragraph(summary),
        Paragraph(
            _("Gemaakt op %(date)s door de %(publisher)s (%(site)s).")
            % {"date": dutch_date(today), "publisher": PUBLISHER, "site": absolute("/")}
        ),
        Paragraph(
            _("Licentie van de inhoud: %(name)s (%(url)s). Noem de %(publisher)s als bron.")
            % {"name": licence.name, "url": licence.url, "publisher": PUBLISHER}
        ),
    ]
    fictitious = sum(page.illustrative for page in pages)
    if fictitious:
        blocks.append(Note(_fictitious_notice(fictitious)))
    if strategy:
        blocks += _strategy_blocks(request_data, absolute)
    blocks.append(Heading(2, _("De praktijken")))
    if not pages:
        blocks.append(Paragraph(_("Nog geen praktijken")))
    for page in pages:
        blocks += practice_blocks(page, absolute)
    return Dossier(title, summary, today, licence, tuple(blocks))


def _fictitious_notice(count):
    return ngettext(
        "**Let op:** %(count)d praktijk in dit dossier is een fictief voorbeeld. Die is "
        "verzonnen om te laten zien wat de Praktijkbank kan. Gebruik die niet als bron.",
        "**Let op:** %(count)d praktijken in dit dossier zijn fictieve voorbeelden. Die zijn "
        "verzonnen om te laten zien wat de Praktijkbank kan. Gebruik die niet als bron.",
        count,
    ) % {"count": count}


def practice_blocks(page, absolute):
    heading = page.title
    if page.illustrative:
        heading = _("%(title)s (fictief voorbeeld)") % {"title": page.title}
    blocks = [Heading(3, heading)]
    if page.illustrative:
        blocks.append(
            Note(
                _(
                    "**Fictief voorbeeld.** Deze praktijk is verzonnen. De gemeente bestaat "
                    "echt, maar het verhaal komt niet van die gemeente."
                )
            )
        )
    blocks.append(Paragraph(page.summary))
    facts = [
        (_("Gemeente"), page.municipality.name if page.municipality else _("niet bekend")),
        (
            _("Rol van de gemeente"),
            page.government_role.name if page.government_role else _("niet bekend"),
        ),
        (_("Uitkomst"), outcome(page)),
        (_("Meer lezen"), absolute(page.url)),
    ]
    blocks.append(BulletList(tuple(f"**{label}:** {value}" for label, value in facts)))
    factors = list(page.factors.all())
    for kind, label in (
        (FactorKind.SUCCESS, _("Succesfactoren")),
        (FactorKind.FAILURE, _("Faalfactoren")),
    ):
        named = [factor for factor in factors if factor.kind == kind]
        if named:
            blocks.append(Paragraph(f"**{label}**"))
            blocks.append(BulletList(tuple(_factor_line(factor) for factor in named)))
    return blocks


def _factor_line(factor):
    explanation = " ".join(factor.explanation.split())
    return f"{factor.factor.name}: {explanation}" if explanation else factor.factor.name


def outcome(page):
    if not page.status:
        return _("niet bekend")
    text = str(page.get_status_display())
    if page.status_year:
        text += " " + _("(volgens de bron in %(year)d)") % {"year": page.status_year}
    reason = " ".join(page.stop_reason.split())
    if reason:
        text += ". " + _("Waarom gestopt: %(reason)s") % {"reason": reason}
    return text


def _strategy_blocks(request_data, absolute):
    strategy = request_data.strategy
    figures = next(
        term for term in compute().strategies if term.slug == strategy.slug
    )  # every strategy has its figures
    blocks = [Heading(2, _("Wat werkt: de cijfers"))]
    if strategy.description:
        blocks.append(Paragraph(strategy.description))
    rows = [
        (_("Praktijken op deze site"), str(figures.practices.count)),
        *((outcome.label, str(outcome.count)) for outcome in figures.outcomes),
    ]
    if figures.outcome_unknown:
        rows.append((_("Status niet bekend"), str(figures.outcome_unknown)))
    rows.append(
        (_("Succesfactoren die het vaakst genoemd worden"), _counts(figures.success_factors))
    )
    rows.append((_("Faalfactoren die het vaakst genoemd worden"), _counts(figures.failure_factors)))
    blocks.append(BulletList(tuple(f"**{label}:** {value}" for label, value in rows)))
    blocks.append(Paragraph(f"**{_('Enquête 2013')}**"))
    if figures.survey_2013:
        blocks.append(
            BulletList(
                tuple(
                    f"{figure.label}: **{figure.display}** "
                    f"({figure.population}, {figure.base}; {figure.source})"
                    for figure in figures.survey_2013
                )
            )
        )
    else:
        blocks.append(Paragraph(_("Voor dit onderwerp staan geen cijfers in de enquête van 2013.")))
    blocks.append(Paragraph(_("Bron: %(source)s") % {"source": survey_source()}))
    if figures.few_practices:
        blocks.append(
            Note(_("**Let op:** dit zijn nog weinig praktijken. Trek er nog geen conclusies uit."))
        )
    if request_data.strategy_total > len(request_data.pages):
        blocks.append(
            Note(
                _(
                    "Dit dossier toont de eerste %(shown)d van de %(total)d praktijken. Alle "
                    "praktijken van deze strategie: %(url)s"
                )
                % {
                    "shown": len(request_data.pages),
                    "total": request_data.strategy_total,
                    "url": absolute(figures.practices.url),
                }
            )
        )
    return blocks


def _counts(linked):
    if not linked:
        return _("nog geen genoemd")
    return "; ".join(f"{count.label} ({count.count})" for count in linked)


def dutch_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def content_licence():
    """The content licence as the exports state it (settings.PRAKTIJKBANK_CONTENT_LICENCE)."""
    return Licence(**exports.content_licence())


# -- The two formats -------------------------------------------------------------------------------
class _DossierPdf(InstrumentPdf):
    """The instruments' PDF writer, with the metadata of a memo instead of a model text."""

    def _set_metadata(self):
        dossier = self.instrument
        self.set_title(dossier.title)
        self.set_lang(LANGUAGE)
        self.set_subject(dossier.summary)
        self.set_author(PUBLISHER)
        self.set_creator(PUBLISHER)
        self.set_keywords("doe-democratie, dossier, praktijken")
        moment = datetime.datetime.combine(dossier.version, datetime.time())
        self.set_creation_date(moment.replace(tzinfo=datetime.UTC))
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)


def render_pdf(dossier):
    pdf = _DossierPdf(dossier)
    for block in dossier.document_blocks():
        pdf.add_block(block)
    return bytes(pdf.output())


def render_docx(dossier):
    document = Document()
    properties = document.core_properties
    properties.title = dossier.title
    properties.subject = dossier.summary[:255]
    properties.author = properties.last_modified_by = PUBLISHER
    properties.language = LANGUAGE
    properties.keywords = "doe-democratie, dossier, praktijken"
    properties.comments = f"Licentie: {dossier.licence.name} ({dossier.licence.url})"
    properties.created = properties.modified = datetime.datetime.combine(
        dossier.version, datetime.time()
    )
    return write_blocks(document, dossier)


RENDERERS = {"pdf": render_pdf, "docx": render_docx}


# -- The view ------------------------------------------------------------------------------------
def dossier_view(request):
    try:
        request_data = read_request(request.GET)
    except DossierRequestError as error:
        context = {"message": str(error), "finder_url": reverse("search"), "maximum": MAX_PRACTICES}
        return render(request, "library/dossier_error.html", context, status=400)
    dossier = build_dossier(request_data, request.build_absolute_uri)
    response = HttpResponse(
        RENDERERS[request_data.format](dossier), content_type=CONTENT_TYPES[request_data.format]
    )
    filename = f"{dossier.filename}.{request_data.format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response
