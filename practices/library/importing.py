"""Import practices: the other way round of the open-data export (search/exports.py).

``import_practices`` reads a file with the export's columns (search.exports.COLUMNS) — the
export's own CSV or JSON, or a spreadsheet (XLSX through openpyxl, ODS through odfpy) with a
header row of the same column names — and creates or updates practice pages below the
practice index, as drafts or published.

The key of a row is its place below the practice index, read from ``url``: the slugs after
the index's own (``…/praktijken/buurtbudget/kinderraad/`` → ``buurtbudget/kinderraad``), or
the last part alone when the address is not one of this site (another platform's). A row
without ``url`` gets the slug of its title, right below the index. The key is matched with
the pages' ``url_path``: exact, and stable under a change of title or host, so a second
import of the same file updates what the first created. A nested key needs its parent: a
practice of the site or one row of the same file (parents are written first).

Written are what the columns say of a practice itself: title, summary, fictitious (the
page's ``illustrative``), municipality (by ``municipality_cbs_code``), years, status,
status_year, stop_reason, evidence_level, last_verified, government_role_slug, the
taxonomy by its ``…_slugs`` columns, factors by kind and tags. Never guessed: an unknown
CBS code or slug is a row problem. Read-only columns — labels beside slugs, the
municipality's name and province, ``rung_slugs`` (derived from the strategies and the
role), ``tool_type``, the publication times (Wagtail's own) and the licence — are not
written. Rows of ``type`` ``instrument`` are skipped with a note: a tool is its text and
downloads (practices/library/instruments), which no export carries, so an imported tool
would be an empty shell.

All or nothing: every row is checked (its cells first, then the page as saving checks it,
each in a savepoint), and one problem anywhere rolls the whole file back. A dry run does
the same and always rolls back.
"""

import csv
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from odf import teletype
from odf.namespaces import OFFICENS, TABLENS
from odf.opendocument import load
from odf.table import Table, TableRow
from odf.text import P
from openpyxl import load_workbook

from practices.municipalities.models import Municipality
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, Strategy
from search.exports import COLUMN_NAMES

from .choices import EvidenceLevel, FactorKind, Status
from .models import PracticeFactor, PracticeIndexPage, PracticePage
from .years import EARLIEST_YEAR, this_year, year_bounds

PRACTICE, TOOL = "praktijk", "instrument"
# A multi-valued cell: the export parts its values with " | "; a bar alone is enough here.
SEPARATOR = "|"
TRUE_WORDS = {"true", "waar", "ja", "yes", "1"}
FALSE_WORDS = {"false", "onwaar", "nee", "no", "0", ""}
# Taxonomy columns: column → (model, the word for one of its terms in a message).
TAXONOMY = {
    "form_slugs": (Form, gettext_lazy("vorm")),
    "strategy_slugs": (Strategy, gettext_lazy("strategie")),
    "sector_slugs": (Sector, gettext_lazy("beleidsterrein")),
    "challenge_slugs": (Challenge, gettext_lazy("knelpunt")),
}
FACTOR_COLUMNS = {
    "success_factor_slugs": FactorKind.SUCCESS,
    "failure_factor_slugs": FactorKind.FAILURE,
}
YEAR_COLUMNS = ("start_year", "end_year", "status_year")
# A page field whose problem saving finds → the column it comes from.
FIELD_COLUMNS = {
    "slug": "url",
    "illustrative": "fictitious",
    "municipality": "municipality_cbs_code",
    "government_role": "government_role_slug",
}
TAG_MAX_LENGTH = 100  # taggit's Tag.name


class ImportFailed(Exception):
    """The file could not be read, or rows have problems: ``problems`` lists them all."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Report:
    created: list = field(default_factory=list)  # (row number, title)
    updated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # notes: instruments, unknown columns
    dry_run: bool = False
    published: bool = False


class Problem(str):
    """A problem as people read it, knowing its row (to list the problems in file order)."""

    def __new__(cls, text, row):
        made = super().__new__(cls, text)
        made.row = row
        return made


def problem(row, column, message):
    if column:
        text = _("Rij %(row)s, kolom %(column)s: %(message)s") % {
            "row": row,
            "column": column,
            "message": message,
        }
    else:
        text = _("Rij %(row)s: %(message)s") % {"row": row, "message": message}
    return Problem(text, row)


# -- Reading the file ---------------------------------------------------------------------------
def read_rows(path):
    """(row number, {column: raw value}) per row, as the file numbers them: a spreadsheet's
    or CSV's row number (the header is row 1), or the place in the JSON's list (from 1)."""
    path = Path(path)
    readers = {".csv": _read_csv, ".json": _read_json, ".xlsx": _read_xlsx, ".ods": _read_ods}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ImportFailed(
            [
                _("%(file)s: dit soort bestand kunnen we niet lezen. Kies CSV, JSON, XLSX of ODS.")
                % {"file": path.name}
            ]
        )
    try:
        return reader(path)
    except ImportFailed:
        raise
    except Exception as error:  # a damaged file: whatever its library raises, say so plainly
        raise ImportFailed(
            [
                _("%(file)s is niet te lezen: %(error)s")
                % {"file": path.name, "error": error or error.__class__.__name__}
            ]
        ) from error


def _read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return _from_table(list(csv.reader(file)))


def _read_json(path):
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    items = data.get("practices") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportFailed([_("Het JSON-bestand heeft geen lijst ‘practices’.")])
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ImportFailed([problem(number, None, _("dit is geen object met kolommen."))])
        rows.append((number, item))
    return rows


def _read_xlsx(path):
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return _from_table(
            [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        )
    finally:
        workbook.close()


def _read_ods(path):
    table = load(str(path)).spreadsheet.getElementsByType(Table)[0]
    lines = []
    for row in table.getElementsByType(TableRow):
        cells = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            value = _ods_value(cell)
            repeated = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            # An application fills a row to its last column with one empty cell repeated.
            cells.extend([value] * min(repeated, 1024))
        if not any(value not in (None, "") for value in cells):
            continue  # blank rows, often one repeated a million times
        repeated = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
        lines.extend([cells] * min(repeated, 1000))
    return _from_table(lines)


def _ods_value(cell):
    kind = cell.getAttrNS(OFFICENS, "value-type")
    if kind in ("float", "percentage", "currency"):
        return float(cell.getAttrNS(OFFICENS, "value"))
    if kind == "boolean":
        return cell.getAttrNS(OFFICENS, "boolean-value") == "true"
    if kind == "date":
        return datetime.date.fromisoformat(cell.getAttrNS(OFFICENS, "date-value")[:10])
    paragraphs = cell.getElementsByType(P)
    if not paragraphs:
        return None
    return "\n".join(teletype.extractText(paragraph) for paragraph in paragraphs)


def _from_table(lines):
    """The rows of a table whose first line names the columns; blank lines are left out."""
    if not lines:
        raise ImportFailed([_("Het bestand is leeg: er staat geen kopregel met kolomnamen in.")])
    header = [_text(name).strip() for name in lines[0]]
    named = [name for name in header if name]
    doubles = sorted({name for name in named if named.count(name) > 1})
    if doubles:
        raise ImportFailed(
            [
                _("Deze kolommen staan er twee keer in: %(columns)s.")
                % {"columns": ", ".join(doubles)}
            ]
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(_safe_text(value).strip() for value in line):
            continue
        # A short line (a spreadsheet drops its empty last cells) leaves those columns empty.
        cells = zip(header, line, strict=False)
        rows.append((number, {name: value for name, value in cells if name}))
    return rows


# -- Reading the cells --------------------------------------------------------------------------
class CellProblem(Exception):
    pass


def _text(value):
    """A cell as text: a spreadsheet's 2013.0 as 2013, true as true, a date in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return (
            value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
        )
    if isinstance(value, list | tuple | dict):
        raise CellProblem(_("hier hoort één waarde, geen lijst."))
    text = str(value)
    if "\x00" in text:
        raise CellProblem(_("er staat een onzichtbaar teken (NUL) in. Haal het weg."))
    return text


def _values(value):
    """A multi-valued cell: a JSON list, or text with values parted by bars."""
    items = value if isinstance(value, list | tuple) else _text(value).split(SEPARATOR)
    values = []
    for item in items:
        text = _text(item).strip()
        if text and text not in values:
            values.append(text)
    return values


def _year(value):
    text = _text(value).strip()
    if not text:
        return None
    try:
        year = int(text)
    except ValueError:
        raise CellProblem(_("‘%(value)s’ is geen jaartal.") % {"value": text}) from None
    # Checked here as well as on saving: a draft is saved before it is checked, and a
    # number too large for the database would stop the import there.
    if not EARLIEST_YEAR <= year <= this_year():
        raise CellProblem(_("Vul een jaar in tussen %(first)s en %(last)s.") % year_bounds())
    return year


def _yes_no(value):
    text = _text(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellProblem(_("‘%(value)s’ is geen ja of nee. Vul true of false in.") % {"value": text})


def _date(value):
    text = _text(value).strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CellProblem(
            _("‘%(value)s’ is geen datum. Schrijf hem als JJJJ-MM-DD, zoals 2024-05-31.")
            % {"value": text}
        ) from None


def _choice(choices, noun):
    def read(value):
        text = _text(value).strip()
        if text and text not in choices.values:
            raise _unknown(text, noun, choices.values)
        return text

    return read


def _unknown(value, noun, known):
    return CellProblem(
        _("‘%(value)s’ kennen we niet als %(noun)s. Kies een van: %(choices)s.")
        % {"value": value, "noun": noun, "choices": ", ".join(sorted(known))}
    )


# -- Rows ---------------------------------------------------------------------------------------
@dataclass
class Row:
    number: int
    path: list  # the slugs below the practice index
    fields: dict  # page field → value
    terms: dict  # relation (forms, strategies, ...) → terms
    factors: list  # (kind, factor)
    tags: list

    @property
    def depth(self):
        return len(self.path)


class Vocabulary:
    """What a row may name, read once per file."""

    def __init__(self):
        self.terms = {
            column: {term.slug: term for term in model.objects.all()}
            for column, (model, _noun) in TAXONOMY.items()
        }
        self.factors = {factor.slug: factor for factor in Factor.objects.all()}
        self.rungs = {rung.slug: rung for rung in Rung.objects.all()}
        self.municipalities = {m.cbs_code: m for m in Municipality.objects.all()}


def index_page():
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise ImportFailed(
            [_("De site heeft nog geen overzicht van praktijken om onder te zetten.")]
        )
    return index


def read_row(number, cells, vocabulary, index):
    """The row as a Row, or the list of its problems."""
    problems, values = [], {}

    def cell(column, read):
        try:
            values[column] = read(cells.get(column))
        except CellProblem as error:
            problems.append(problem(number, column, str(error)))

    cell("title", lambda value: _text(value).strip())
    cell("url", _text)
    cell("summary", _text)
    cell("stop_reason", _text)
    cell("fictitious", _yes_no)
    for column in YEAR_COLUMNS:
        cell(column, _year)
    cell("status", _choice(Status, _("status")))
    cell("evidence_level", _choice(EvidenceLevel, _("kennisniveau")))
    cell("last_verified", _date)
    cell(
        "municipality_cbs_code",
        lambda value: _one_of(
            vocabulary.municipalities, value, _("CBS-code van een gemeente"), list_choices=False
        ),
    )
    cell("municipality", _text)
    cell(
        "government_role_slug",
        lambda value: _one_of(vocabulary.rungs, value, _("trede van de participatietrap")),
    )
    for column, (_model, noun) in TAXONOMY.items():
        cell(column, lambda value, c=column, n=noun: _many(vocabulary.terms[c], value, n))
    for column in FACTOR_COLUMNS:
        cell(column, lambda value: _many(vocabulary.factors, value, _("factor")))
    cell("tags", _values)
    cell("tag_slugs", _values)
    if problems:
        return problems
    if not values["title"]:
        return [problem(number, "title", _("de titel ontbreekt."))]
    if values["municipality"].strip() and values["municipality_cbs_code"] is None:
        return [
            problem(
                number,
                "municipality_cbs_code",
                _(
                    "leeg, maar kolom municipality noemt ‘%(name)s’. Vul de CBS-code in, "
                    "zoals GM0363."
                )
                % {"name": values["municipality"].strip()},
            )
        ]
    path = _path(values["url"], values["title"], index)
    if not path:
        return [problem(number, "url", _("uit dit adres is geen praktijk af te leiden."))]
    try:
        # As the page's slug field checks it: a draft is saved before it is checked in full.
        PracticePage._meta.get_field("slug").clean(path[-1], None)
    except ValidationError as error:
        return [problem(number, "url", message) for message in error.messages]
    tags = values["tags"] or values["tag_slugs"]
    too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
    if too_long:
        return [
            problem(
                number,
                "tags",
                _("een trefwoord is langer dan %(max)s tekens.") % {"max": TAG_MAX_LENGTH},
            )
        ]
    return Row(
        number=number,
        path=path,
        fields={
            "title": values["title"],
            "summary": values["summary"],
            "illustrative": values["fictitious"],
            "municipality": values["municipality_cbs_code"],
            "start_year": values["start_year"],
            "end_year": values["end_year"],
            "status": values["status"],
            "status_year": values["status_year"],
            "stop_reason": values["stop_reason"],
            "evidence_level": values["evidence_level"] or EvidenceLevel.DESCRIBED,
            "last_verified": values["last_verified"],
            "government_role": values["government_role_slug"],
        },
        terms={
            "forms": values["form_slugs"],
            "strategies": values["strategy_slugs"],
            "sectors": values["sector_slugs"],
            "challenges": values["challenge_slugs"],
        },
        factors=[
            (kind, factor) for column, kind in FACTOR_COLUMNS.items() for factor in values[column]
        ],
        tags=tags,
    )


def _one_of(known, value, noun, list_choices=True):
    text = _text(value).strip()
    if not text:
        return None
    if text not in known:
        if not list_choices:
            raise CellProblem(
                _("‘%(value)s’ kennen we niet als %(noun)s.") % {"value": text, "noun": noun}
            )
        raise _unknown(text, noun, known)
    return known[text]


def _many(known, value, noun):
    terms = []
    for slug in _values(value):
        if slug not in known:
            raise _unknown(slug, noun, known)
        terms.append(known[slug])
    return terms


def _path(url, title, index):
    """The slugs below the practice index (see the module's docstring)."""
    if not url.strip():
        slug = slugify(title, allow_unicode=True)
        return [slug] if slug else []
    try:
        parts = [unquote(part) for part in urlsplit(url.strip()).path.split("/") if part]
    except ValueError:
        return []
    if index.slug in parts:
        return parts[len(parts) - parts[::-1].index(index.slug) :]
    return parts[-1:]


# -- Writing ------------------------------------------------------------------------------------
class _RollBack(Exception):
    pass


def import_practices(path, publish=False, dry_run=False, progress=None):
    """Creates or updates the practices of the file; a Report, or ImportFailed with every
    problem. ``progress(done, total)`` is called after each row."""
    rows = read_rows(path)
    report = Report(dry_run=dry_run, published=publish)
    index = index_page()
    vocabulary = Vocabulary()
    known = set(COLUMN_NAMES)  # the export defines the columns
    unknown = sorted({name for _number, cells in rows for name in cells} - known)
    if unknown:
        report.skipped.append(
            _("Deze kolommen kennen we niet; ze zijn overgeslagen: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    problems, parsed = [], []
    for number, cells in rows:
        kind = (_safe_text(cells.get("type")) or PRACTICE).strip()
        if kind == TOOL:
            report.skipped.append(
                problem(number, None, _("een instrument; instrumenten importeren we niet."))
            )
            continue
        if kind != PRACTICE:
            problems.append(
                problem(number, "type", _unknown(kind, _("soort"), (PRACTICE, TOOL)).args[0])
            )
            continue
        row = read_row(number, cells, vocabulary, index)
        if isinstance(row, list):
            problems.extend(row)
        else:
            parsed.append(row)
    problems.extend(_doubles(parsed))
    total = len(parsed)
    try:
        with transaction.atomic():
            for done, row in enumerate(sorted(parsed, key=lambda row: row.depth), start=1):
                problems.extend(_write(row, index, publish, report))
                if progress:
                    progress(done, total)
            if problems or dry_run:
                raise _RollBack
    except _RollBack:
        pass
    if problems:
        raise ImportFailed(sorted(problems, key=lambda found: found.row))
    report.created.sort()
    report.updated.sort()
    return report


def _safe_text(value):
    try:
        return _text(value)
    except CellProblem:
        return repr(value)


def _doubles(rows):
    seen, problems = {}, []
    for row in rows:
        key = "/".join(row.path)
        if key in seen:
            problems.append(
                problem(
                    row.number,
                    "url",
                    _("dezelfde praktijk als rij %(row)s (%(key)s).")
                    % {"row": seen[key], "key": key},
                )
            )
        else:
            seen[key] = row.number
    return problems


def _write(row, index, publish, report):
    """Saves one row in a savepoint; its problems (none when it saved)."""
    try:
        with transaction.atomic():
            existing = _page_at(index, row.path)
            parent = _page_at(index, row.path[:-1]) if row.depth > 1 else index
            if parent is None:
                return [
                    problem(
                        row.number,
                        "url",
                        _("de praktijk erboven (%(path)s) staat niet op de site of in het bestand.")
                        % {"path": "/".join(row.path[:-1])},
                    )
                ]
            if existing:
                page = existing.get_latest_revision_as_object()
                _fill(page, row)
                revision = page.save_revision()
                report.updated.append((row.number, row.fields["title"]))
            else:
                page = PracticePage(slug=row.path[-1], live=False)
                _fill(page, row)
                parent = PracticeIndexPage.objects.get(pk=index.pk) if parent == index else parent
                parent.add_child(instance=page)
                revision = page.save_revision()
                report.created.append((row.number, row.fields["title"]))
            if publish:
                revision.publish()
    except ValidationError as error:
        return _saving_problems(row.number, error)
    except DatabaseError as error:
        return [
            problem(row.number, None, _("kan niet worden opgeslagen: %(error)s") % {"error": error})
        ]
    return []


def _page_at(index, path):
    if not path:
        return None
    url_path = index.url_path + "/".join(path) + "/"
    return PracticePage.objects.filter(url_path=url_path).first()


def _fill(page, row):
    for name, value in row.fields.items():
        setattr(page, name, value)
    for relation, terms in row.terms.items():
        getattr(page, relation).set(terms)
    page.tags.set(row.tags)
    kept = {(use.kind, use.factor_id): use for use in page.factors.all()}
    # A factor named before keeps the editors' explanation of it (the file has none).
    page.factors = [
        kept.get((kind, factor.pk)) or PracticeFactor(factor=factor, kind=kind)
        for kind, factor in row.factors
    ]


def _saving_problems(number, error):
    if not hasattr(error, "error_dict"):
        return [problem(number, None, message) for message in error.messages]
    return [
        problem(number, FIELD_COLUMNS.get(name, name) if name != "__all__" else None, message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]
