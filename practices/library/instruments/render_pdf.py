"""An instrument as a PDF to read and print, with fpdf2.

The text is real, selectable text in an embedded Unicode font (DejaVu Sans from Debian's
fonts-dejavu-core), with the title shown as the window title, Dutch (nl-NL) as the document's
language and the headings as bookmarks. fpdf2 does not write a tagged PDF (no structure tree),
so a screen reader gets the text in reading order but not the headings as headings: the DOCX
and ODT downloads are the accessible versions, and the tool page says what each is for.

Without that font, fpdf2's built-in Helvetica is used with the Windows-1252 encoding, which
has the typographic quotes and dashes; the few characters it lacks are replaced.
"""

import datetime
from pathlib import Path

from fpdf import FPDF, FontFace, ViewerPreferences

from .source import (
    LANGUAGE,
    PUBLISHER,
    plain,
)

FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian and Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu"),  # Fedora and Arch
    Path("/usr/share/fonts/TTF"),
)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# What Helvetica in Windows-1252 lacks, written so that it still reads right.
CORE_FONT_REPLACEMENTS = str.maketrans({"☐": "[ ]", "→": "->", "≥": ">=", "≤": "<="})

ACCENT = (31, 78, 121)
TINT = (231, 238, 245)
SIZES = {1: 18, 2: 13, 3: 11}
BODY_SIZE = 10
LINE = 5.2  # mm per line of body text


def unicode_font_files():
    """The regular, bold and italic DejaVu Sans files, or None when they are not installed."""
    for folder in FONT_FOLDERS:
        files = {style: folder / name for style, name in FONT_FILES.items()}
        if all(path.is_file() for path in files.values()):
            return files
    return None


def render_pdf(instrument):
    pdf = InstrumentPdf(instrument)
    for block in instrument.document_blocks():
        pdf.add_block(block)
    return bytes(pdf.output())


class InstrumentPdf(FPDF):
    def __init__(self, instrument):
        super().__init__(format="A4")
        self.instrument = instrument
        self._set_metadata()
        self._set_font_family()
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def _set_metadata(self):
        self.set_title(self.instrument.title)
        self.set_lang(LANGUAGE)
        self.set_subject(self.instrument.summary)
        self.set_author(PUBLISHER)
        self.set_creator(PUBLISHER)
        self.set_keywords(f"doe-democratie, model om aan te passen, {self.instrument.tool_type}")
        # A fixed date: the same source gives the same file.
        moment = datetime.datetime.combine(self.instrument.version, datetime.time())
        self.set_creation_date(moment.replace(tzinfo=datetime.UTC))
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)

    def _set_font_family(self):
        files = unicode_font_files()
        if files:
            for style, path in files.items():
                self.add_font("DejaVu", style=style, fname=str(path))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
            self.core_fonts_encoding = "windows-1252"
        self.set_font(self.family, size=BODY_SIZE)

    def normalize_text(self, text):
        if not self.is_ttf_font:
            text = text.translate(CORE_FONT_REPLACEMENTS)
            text = text.encode("windows-1252", "replace").decode("windows-1252")
        return super().normalize_text(text)

    def footer(self):
        self.set_y(-13)
        self.set_font(self.family, size=7.5)
        self.set_text_color(90, 90, 90)
        text = f"{PUBLISHER} – {self.instrument.title} – {self.instrument.licence.name}"
        self.cell(0, 5, f"{text} – pagina {self.page_no()} van {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def add_block(self, block):
        # One method per kind of block in `source`, named after it: _heading, _numberedlist...
        method = getattr(self, "_" + type(block).__name__.lower())
        method(block)

    def _heading(self, block):
        text = plain(block.text)
        if block.level > 1:
            self.ln(3)
        # Keep a heading with the first lines under it.
        if self.will_page_break(SIZES[block.level] + 3 * LINE):
            self.add_page()
        self.start_section(text, level=block.level - 1)
        self.set_font(self.family, "B", SIZES[block.level])
        self.set_text_color(*ACCENT)
        self.multi_cell(0, SIZES[block.level] * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font(self.family, size=BODY_SIZE)
        self.ln(1.5)

    def _paragraph(self, block):
        self._text(block.text)
        self.ln(2)

    def _note(self, block):
        self.set_fill_color(*TINT)
        self.set_draw_color(*ACCENT)
        self.multi_cell(
            0,
            LINE,
            _markdown(block.text),
            border=1,
            fill=True,
            padding=3,
            align="L",
            markdown=True,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_draw_color(0, 0, 0)
        self.set_fill_color(255, 255, 255)
        self.ln(3)

    def _numberedlist(self, block):
        self._items([f"{number}." for number in range(1, len(block.items) + 1)], block.items)

    def _bulletlist(self, block):
        self._items(["•"] * len(block.items), block.items)

    def _checklist(self, block):
        self._items(["☐"] * len(block.items), block.items)

    def _items(self, labels, items):
        for label, item in zip(labels, items, strict=True):
            self.set_x(self.l_margin + 2)
            self.cell(7, LINE, label)
            self._text(item)
            self.ln(1)
        self.ln(1.5)

    def _table(self, block):
        self.ln(1)
        with self.table(
            text_align="LEFT",
            line_height=LINE,
            padding=1.6,
            markdown=True,
            headings_style=FontFace(emphasis="BOLD", fill_color=TINT),
        ) as table:
            header = table.row()
            for text in block.header:
                header.cell(_markdown(text) or " ")
            for cells in block.rows:
                row = table.row()
                for text in cells:
                    # An empty cell is a space to write in, on paper too.
                    row.cell(_markdown(text) if text else "\n\n")
        self.ln(4)

    def _text(self, text):
        # Left-aligned, never justified: even word spacing reads more easily.
        self.multi_cell(
            0, LINE, _markdown(text), align="L", markdown=True, new_x="LMARGIN", new_y="NEXT"
        )


def _markdown(text):
    """Our **bold** for fpdf2's markdown, with its other markers (__, --, ~~) escaped."""
    for marker in ("__", "--", "~~"):
        text = text.replace(marker, "\\" + marker)
    return text
