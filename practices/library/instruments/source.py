"""The source of an instrument: one Markdown file with TOML front matter, read into blocks.

The grammar is a small, strict part of Markdown, so that the three downloads (DOCX, ODT, PDF)
can render every construct the same way:

    +++
    title = "..."             # the document's title and the tool page's title
    tool_type = "checklist"   # a ToolType value
    summary = "..."           # two or three sentences, for listings and the tool page
    about = "..."             # what it is and where it comes from, for the tool page
    strategies = ["..."]      # taxonomy slugs
    forms = ["..."]
    licence = "CC0-1.0"       # an SPDX identifier from LICENCES
    version = 2026-12-01      # shown in the document; a TOML date
    +++

    ## Section heading        (### for a subsection; the title is the only level-1 heading)
    A paragraph, lines joined. **Bold** is the only inline markup; [invulvelden] stay as typed.
    1. numbered list item     - bullet item      - [ ] checklist item
    > a note, set apart
    | table | header |        (first row is the header, then a |---| row)

A section headed "Zo gebruikt u dit model" is also shown on the tool page.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..choices import ToolType

SOURCES = Path(__file__).resolve().parent / "sources"
HOW_TO_USE = "Zo gebruikt u dit model"
PUBLISHER = "Praktijkbank doe-democratie"
LANGUAGE = "nl-NL"
DISCLAIMER = (
    "Model om aan te passen – geen juridisch advies. Laat uw eigen jurist meekijken voordat "
    "u dit model gebruikt. Tekst tussen [blokhaken] vult u zelf in of past u aan."
)
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class Licence:
    name: str
    url: str
    terms: str


LICENCES = {
    # CC0: a municipality adopts the text as its own regulation or agreement, and that text
    # should carry no conditions of ours. We ask for, but cannot require, a mention.
    "CC0-1.0": Licence(
        name="CC0 1.0 Universeel",
        url="https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
        terms=(
            "u mag de tekst zonder toestemming overnemen, aanpassen en verspreiden, ook zonder "
            "bronvermelding. Noemt u de {publisher} als bron, dan vinden andere gemeenten het "
            "model ook."
        ),
    ),
    "CC-BY-4.0": Licence(
        name="CC BY 4.0 (Naamsvermelding)",
        url="https://creativecommons.org/licenses/by/4.0/deed.nl",
        terms=(
            "u mag de tekst overnemen, aanpassen en verspreiden, als u de {publisher} als bron "
            "noemt."
        ),
    ),
}


class InstrumentSourceError(ValueError):
    """A source file that does not follow the grammar above; the message names file and line."""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class NumberedList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Instrument:
    slug: str
    title: str
    tool_type: str
    summary: str
    about: str
    strategies: tuple[str, ...]
    forms: tuple[str, ...]
    licence_id: str
    version: datetime.date
    blocks: tuple

    @property
    def licence(self):
        return LICENCES[self.licence_id]

    @property
    def licence_statement(self):
        terms = self.licence.terms.format(publisher=PUBLISHER)
        return f"Licentie: {self.licence.name} ({self.licence.url}): {terms}"

    @property
    def colophon(self):
        version = self.version
        return f"{PUBLISHER}, versie {version.day} {MONTHS[version.month - 1]} {version.year}"

    def document_blocks(self):
        """Every block of the downloadable document, from the title to the last section."""
        return (
            Heading(1, self.title),
            Note(DISCLAIMER),
            Paragraph(self.summary),
            Paragraph(f"{self.colophon}. {self.licence_statement}"),
            *self.blocks,
        )

    def headings(self):
        return [block.text for block in self.document_blocks() if isinstance(block, Heading)]

    def how_to_use(self):
        """The steps of the section "Zo gebruikt u dit model", for the tool page."""
        in_section = False
        for block in self.blocks:
            if isinstance(block, Heading):
                in_section = block.text == HOW_TO_USE
            elif in_section and isinstance(block, NumberedList):
                return block.items
        return ()


def read_instruments(folder=SOURCES):
    """Every instrument in the folder, in the order of their titles."""
    instruments = [read_instrument(path) for path in sorted(Path(folder).glob("*.md"))]
    return sorted(instruments, key=lambda instrument: instrument.title)


def read_instrument(path):
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    meta, body, body_line = _split_front_matter(text, path)
    _check_meta(meta, path)
    return Instrument(
        slug=path.stem,
        title=meta["title"],
        tool_type=meta["tool_type"],
        summary=meta["summary"].strip(),
        about=meta["about"].strip(),
        strategies=tuple(meta.get("strategies", ())),
        forms=tuple(meta.get("forms", ())),
        licence_id=meta["licence"],
        version=meta["version"],
        blocks=tuple(parse_blocks(body, path, first_line=body_line)),
    )


def _split_front_matter(text, path):
    lines = text.splitlines()
    if not lines or lines[0].strip() != "+++":
        raise InstrumentSourceError(f"{path}:1: het bestand begint niet met '+++'")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "+++")
    except StopIteration:
        raise InstrumentSourceError(f"{path}: de front matter sluit niet af met '+++'") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise InstrumentSourceError(f"{path}: front matter: {error}") from None
    return meta, lines[end + 1 :], end + 2


REQUIRED = ("title", "tool_type", "summary", "about", "licence", "version")


def _check_meta(meta, path):
    missing = [key for key in REQUIRED if key not in meta]
    if missing:
        raise InstrumentSourceError(f"{path}: front matter mist {', '.join(missing)}")
    if meta["tool_type"] not in ToolType.values:
        raise InstrumentSourceError(f"{path}: onbekend tool_type {meta['tool_type']!r}")
    if meta["licence"] not in LICENCES:
        raise InstrumentSourceError(f"{path}: onbekende licentie {meta['licence']!r}")
    if not isinstance(meta["version"], datetime.date):
        raise InstrumentSourceError(f"{path}: version is een datum, zoals 2026-12-01")


NUMBERED = re.compile(r"^\d+\.\s+(.*)$")
CHECK = re.compile(r"^- \[ \]\s+(.*)$")
BULLET = re.compile(r"^- (?!\[ \])(.*)$")


def parse_blocks(lines, path="<tekst>", first_line=1):
    """The blocks of a body: blank lines separate them, the first line says what each is."""
    blocks = []
    for number, chunk in _chunks(lines, first_line):
        try:
            blocks.extend(_parse_chunk(chunk))
        except InstrumentSourceError as error:
            raise InstrumentSourceError(f"{path}:{number}: {error}") from None
    return blocks


def _chunks(lines, first_line):
    chunk, start = [], first_line
    for number, line in enumerate(lines, first_line):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line.rstrip())
        elif chunk:
            yield start, chunk
            chunk = []
    if chunk:
        yield start, chunk


def _parse_chunk(chunk):
    first = chunk[0]
    if first.startswith("#"):
        return [_heading(line) for line in chunk]
    if first.startswith(">"):
        return [Note(_join(line.lstrip(">").strip() for line in chunk))]
    if first.startswith("|"):
        return [_table(chunk)]
    for pattern, kind in ((CHECK, Checklist), (NUMBERED, NumberedList), (BULLET, BulletList)):
        if pattern.match(first):
            return [kind(tuple(_items(chunk, pattern)))]
    return [Paragraph(_join(chunk))]


def _heading(line):
    marks, _space, text = line.partition(" ")
    if marks not in ("##", "###") or not text.strip():
        raise InstrumentSourceError(
            "een kop begint met '## ' of '### ' (de titel staat in de front matter)"
        )
    return Heading(len(marks), text.strip())


def _items(chunk, pattern):
    """List items; an indented line continues the item above it."""
    items = []
    for line in chunk:
        match = pattern.match(line)
        if match:
            items.append(match.group(1).strip())
        elif line.startswith(" ") and items:
            items[-1] += " " + line.strip()
        else:
            raise InstrumentSourceError(f"deze regel hoort niet bij de lijst: {line!r}")
    return items


def _table(chunk):
    rows = [tuple(cell.strip() for cell in line.strip().strip("|").split("|")) for line in chunk]
    if len(rows) < 2 or not all(set(cell) <= set("-: ") for cell in rows[1]):
        raise InstrumentSourceError("een tabel heeft een kopregel en daaronder |---|")
    header, body = rows[0], rows[2:]
    if any(len(row) != len(header) for row in body):
        raise InstrumentSourceError("elke rij van de tabel heeft evenveel cellen als de kop")
    return Table(header, tuple(body))


def _join(lines):
    return " ".join(line.strip() for line in lines)


BOLD = re.compile(r"\*\*(.+?)\*\*")


def inline_runs(text):
    """The text as (piece, bold) runs: **bold** is the only inline markup."""
    runs, position = [], 0
    for match in BOLD.finditer(text):
        if match.start() > position:
            runs.append((text[position : match.start()], False))
        runs.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], False))
    return runs


def plain(text):
    return BOLD.sub(r"\1", text)
