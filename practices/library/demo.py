"""Demo content: the site tree, and the practices and tools of section 2 of the report.

``load_demo_content`` loads what the report says (data/demo.toml): the content every site
starts with. ``load_illustrative_practices`` adds fictitious examples (data/illustrative.toml)
that show a newcomer what a full index looks like; only the local demo (platform/run) loads
them, and every one is marked as fictitious (PracticePage.illustrative). ``load_demo_content``
also creates the site's accessibility and privacy statements (data/statements.toml), once.

Every step looks up what exists by slug first, so loading twice changes nothing.
"""

import re
import tomllib
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from practices.municipalities.models import Municipality, Province
from practices.taxonomy.loading import LoadReport
from practices.taxonomy.models import Challenge, Factor, Form, Sector, Strategy

from .choices import FactorKind
from .models import (
    HomePage,
    PracticeFactor,
    PracticeIndexPage,
    PracticePage,
    PracticeToolLink,
    RelatedPracticeLink,
    StatementPage,
    ToolIndexPage,
    ToolPage,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILE = DATA_DIR / "demo.toml"
ILLUSTRATIVE_FILE = DATA_DIR / "illustrative.toml"
STATEMENTS_FILE = DATA_DIR / "statements.toml"
BODY_SECTIONS = ("context", "initiative", "municipality_role", "result")


def read_data(path):
    with path.open("rb") as file:
        return tomllib.load(file)


def read_demo_data():
    return read_data(DEMO_FILE)


@transaction.atomic
def load_demo_content(data=None):
    """The report's examples and tools (or ``data`` in the same shape), on the site tree, and
    the site's statements."""
    report = _load(data if data is not None else read_demo_data(), illustrative=False)
    ensure_statement_pages(report)
    return report


@transaction.atomic
def load_illustrative_practices(data=None):
    """The fictitious example practices, each marked as such: for the local demo only."""
    return _load(data if data is not None else read_data(ILLUSTRATIVE_FILE), illustrative=True)


def _load(data, illustrative):
    report = LoadReport()
    _home, practice_index, tool_index = ensure_site_tree(report)
    for entry in data.get("municipalities", []):
        report.add(_("gemeenten"), _ensure_municipality(entry))
    for entry in data.get("factors", []):
        report.add(_("factoren"), _ensure_factor(entry))
    practices = {}
    for entry in _parents_first(data.get("practices", [])):
        parent = practices.get(entry.get("parent"), practice_index)
        practices[entry["slug"]], created = _ensure_practice(parent, entry, illustrative)
        report.add(_("praktijken"), created)
    for entry in data.get("practices", []):
        _link_related(practices[entry["slug"]], [practices[s] for s in entry.get("related", [])])
    for entry in data.get("tools", []):
        tool, created = _ensure_tool(tool_index, entry)
        report.add(_("instrumenten"), created)
        for slug in entry.get("used_in", []):
            PracticeToolLink.objects.get_or_create(page=practices[slug], tool=tool)
    return report


HOME_INTRO_EN = (
    "<p>Here municipalities share what works when residents take on public tasks themselves: "
    "practices, tools, and success and failure factors.</p>"
)


def ensure_site_tree(report):
    """The home page as the default site's root, with the practice and tool indexes below it."""
    home = HomePage.objects.first()
    if home is None:
        # On an empty database (no migrations' initial data) Wagtail needs a locale and a root.
        if not Locale.objects.exists():
            language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
            Locale.objects.create(language_code=language)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(
            instance=HomePage(
                title=_("Praktijkbank doe-democratie"),
                slug="praktijkbank",
                intro=(
                    "<p>Hier delen gemeenten wat werkt als inwoners zelf publieke taken oppakken: "
                    "praktijken, instrumenten en succes- en faalfactoren.</p>"
                ),
                intro_en=HOME_INTRO_EN,
            )
        )
        report.add(_("pagina's"), True)
    elif not home.intro_en:
        # A demo home from before the English introduction gets it; nothing is overwritten.
        HomePage.objects.filter(pk=home.pk).update(intro_en=HOME_INTRO_EN)
    _make_default_site_root(home)
    practice_index = PracticeIndexPage.objects.first() or _publish_child(
        home, PracticeIndexPage(title="Praktijken", slug="praktijken", show_in_menus=True), report
    )
    tool_index = ToolIndexPage.objects.first() or _publish_child(
        home, ToolIndexPage(title="Instrumenten", slug="instrumenten", show_in_menus=True), report
    )
    return home, practice_index, tool_index


def ensure_statement_pages(report, data=None):
    """The accessibility and privacy statements under the home page, each created once.

    A statement of that type that exists is the editors' (edited, moved or unpublished): it is
    left as it is, and so is a page that already has the statement's address.
    """
    home = HomePage.objects.get()
    for entry in (data or read_data(STATEMENTS_FILE))["statements"]:
        if StatementPage.objects.filter(statement_type=entry["statement_type"]).exists():
            continue
        if Page.objects.child_of(home).filter(slug=entry["slug"]).exists():
            continue
        statement = StatementPage(
            title=entry["title"],
            slug=entry["slug"],
            statement_type=entry["statement_type"],
            intro=entry.get("intro", ""),
            last_reviewed=entry["last_reviewed"],
            body=_statement_body(entry.get("sections", [])),
        )
        _publish_child(home, statement, report)


def _statement_body(sections):
    body = []
    for section in sections:
        body.append(("heading", section["heading"]))
        if section.get("text"):
            body.append(("paragraph", RichText(statement_html(section["text"]))))
        if section.get("retention_periods"):
            body.append(("retention_periods", None))
    return body


# Where the organisation that runs the site still has to fill something in.
PLACEHOLDER = re.compile(r"\[invullen:[^\]]*\]")


def statement_html(text):
    """The text format of data/statements.toml as rich text: paragraphs, lists of "- " lines,
    "### " subheadings; every placeholder in bold, so that nobody reads it as real text."""
    parts = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if all(line.startswith("- ") for line in lines):
            parts.append(
                "<ul>" + "".join(f"<li>{_marked(line[2:])}</li>" for line in lines) + "</ul>"
            )
        elif len(lines) == 1 and lines[0].startswith("### "):
            parts.append(f"<h3>{_marked(lines[0][4:])}</h3>")
        else:
            parts.append(f"<p>{_marked(' '.join(lines))}</p>")
    return "".join(parts)


def _marked(html):
    return PLACEHOLDER.sub(lambda match: f"<b>{match.group()}</b>", html)


def _make_default_site_root(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    if settings.PRAKTIJKBANK_DEMO:
        _site_at_base_address(site)
    if site.root_page_id == home.pk:
        return
    old_root = site.root_page
    site.root_page = home
    site.save()
    # Wagtail's placeholder "Welcome" page is a plain Page; nothing else points at it.
    if type(old_root.specific) is Page and old_root.get_children_count() == 0:
        old_root.delete()


def _site_at_base_address(site):
    """The demo's site answers at the one configured address (PRAKTIJKBANK_BASE_URL, which
    platform/run sets to where it serves): full URLs, as in the sitemap, point there."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname = address.hostname or "localhost"
    port = address.port or (443 if address.scheme == "https" else 80)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])


def _ensure_factor(entry):
    """A factor the data names, by slug: created when missing; one that exists keeps its
    texts, and only gets the English ones where it has none (demo data from before them)."""
    texts = {
        "name_nl": entry["name"],
        "name_en": entry.get("name_en") or None,
        "description_nl": entry.get("description", ""),
        "description_en": entry.get("description_en", ""),
    }
    factor, created = Factor.objects.get_or_create(slug=entry["slug"], defaults=texts)
    missing = {
        field: texts[field]
        for field in ("name_en", "description_en")
        if texts[field] and not getattr(factor, field)
    }
    if missing:
        Factor.objects.filter(pk=factor.pk).update(**missing)
    return created


def _ensure_municipality(entry):
    """A municipality the data names, by CBS code: created when missing. One that the CBS list
    brought in without inhabitants gets the data's number, so its size class is known; a
    number already there is never changed."""
    existing = Municipality.objects.filter(cbs_code=entry["cbs_code"]).first()
    if existing:
        if existing.inhabitants is None and entry.get("inhabitants"):
            existing.inhabitants = entry["inhabitants"]
            existing.save(update_fields=["inhabitants"])
        return False
    province = Province.from_label(entry["province"])
    municipality = Municipality(
        cbs_code=entry["cbs_code"],
        name=entry["name"],
        province=province.value if province else entry["province"],
        inhabitants=entry.get("inhabitants"),
    )
    municipality.full_clean()
    municipality.save()
    return True


def _publish_child(parent, page, report):
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.add(_("pagina's"), True)
    return page


def _parents_first(entries):
    return sorted(entries, key=lambda entry: entry.get("parent") is not None)


def _ensure_practice(parent, entry, illustrative=False):
    existing = PracticePage.objects.child_of(parent).filter(slug=entry["slug"]).first()
    if existing:
        return existing, False
    page = PracticePage(
        title=entry["title"],
        slug=entry["slug"],
        summary=entry["summary"],
        body=_practice_body(entry),
        municipality=Municipality.objects.filter(cbs_code=entry.get("municipality")).first(),
        start_year=entry.get("start_year"),
        end_year=entry.get("end_year"),
        status=entry.get("status", ""),
        status_year=entry.get("status_year"),
        stop_reason=entry.get("stop_reason", ""),
        illustrative=illustrative,
    )
    page.forms.set(Form.objects.filter(slug__in=entry.get("forms", [])))
    page.strategies.set(Strategy.objects.filter(slug__in=entry.get("strategies", [])))
    page.sectors.set(Sector.objects.filter(slug__in=entry.get("sectors", [])))
    page.challenges.set(Challenge.objects.filter(slug__in=entry.get("challenges", [])))
    page.tags.set(entry.get("tags", []))
    page.factors = [
        PracticeFactor(
            factor=Factor.objects.get(slug=item["factor"]),
            kind=kind,
            explanation=item.get("explanation", ""),
        )
        for key, kind in (
            ("success_factors", FactorKind.SUCCESS),
            ("failure_factors", FactorKind.FAILURE),
        )
        for item in entry.get(key, [])
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _practice_body(entry):
    body = [
        (section, RichText(_paragraphs(entry[section])))
        for section in BODY_SECTIONS
        if entry.get(section)
    ]
    if entry.get("sources"):
        body.append(("sources", [{"title": title, "url": ""} for title in entry["sources"]]))
    return body


def _paragraphs(text):
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def _link_related(page, related_pages):
    for related in related_pages:
        RelatedPracticeLink.objects.get_or_create(page=page, practice=related)


def _ensure_tool(tool_index, entry):
    existing = ToolPage.objects.child_of(tool_index).filter(slug=entry["slug"]).first()
    if existing:
        return existing, False
    tool = ToolPage(
        title=entry["title"],
        slug=entry["slug"],
        tool_type=entry["tool_type"],
        summary=entry["summary"],
        body=[("paragraph", RichText(_paragraphs(entry.get("body", ""))))]
        if entry.get("body")
        else [],
    )
    tool.strategies.set(Strategy.objects.filter(slug__in=entry.get("strategies", [])))
    tool.forms.set(Form.objects.filter(slug__in=entry.get("forms", [])))
    tool_index.add_child(instance=tool)
    tool.save_revision().publish()
    return tool, True
