"""An instrument as a Word document (DOCX), with python-docx.

Real heading styles (Heading 1 to 3) so that Word's navigation pane and screen readers see the
structure; the title, subject, author and language (nl-NL) in the document's properties and in
its default style, so spelling checks and speech use Dutch.
"""

import datetime
import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .packaging import normalised_zip
from .source import (
    LANGUAGE,
    PUBLISHER,
    inline_runs,
    plain,
)

CHECKBOX = "☐"  # U+2610, in the fonts Word and LibreOffice use for symbols
NOTE_STYLE = "Note"
ACCENT = "1F4E79"
TINT = "E7EEF5"


def render_docx(instrument):
    document = Document()
    _set_properties(document, instrument)
    return write_blocks(document, instrument)


def write_blocks(document, source):
    """The DOCX bytes of ``document`` with the blocks of ``source`` (an instrument, or any
    document with ``document_blocks()`` and the footer's fields): Dutch, with the footer."""
    set_language(document)
    add_footer(document, source)
    writer = BlockWriter(document)
    for block in source.document_blocks():
        writer.add(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalised_zip(buffer.getvalue())


def _set_properties(document, instrument):
    properties = document.core_properties
    properties.title = instrument.title
    properties.subject = _first_sentence(instrument.summary)
    properties.author = PUBLISHER
    properties.last_modified_by = PUBLISHER
    properties.language = LANGUAGE
    properties.keywords = f"doe-democratie, model om aan te passen, {instrument.tool_type}"
    properties.comments = f"Licentie: {instrument.licence.name} ({instrument.licence.url})"
    # Fixed dates: the same source gives the same file, so reloading changes nothing.
    moment = datetime.datetime.combine(instrument.version, datetime.time())
    properties.created = properties.modified = moment
    properties.revision = 1


def _first_sentence(text, limit=255):
    """Word's core properties hold at most 255 characters."""
    sentence = text.split(". ")[0].rstrip(".") + "."
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def set_language(document):
    """Dutch as the language of the default run properties, which every style inherits."""
    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    run_properties = run_defaults.find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)
    language.set(qn("w:bidi"), LANGUAGE)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)


def add_footer(document, instrument):
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{PUBLISHER} – {instrument.title} – {instrument.licence.name}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in footer.runs:
        run.font.size = Pt(8)


class BlockWriter:
    def __init__(self, document):
        self.document = document

    def add(self, block):
        # One method per kind of block in `source`, named after it: _heading, _numberedlist...
        method = getattr(self, "_" + type(block).__name__.lower())
        method(block)

    def _heading(self, block):
        self.document.add_heading(plain(block.text), level=block.level)

    def _paragraph(self, block):
        self._runs(self.document.add_paragraph(), block.text)

    def _note(self, block):
        self._runs(self.document.add_paragraph(style=self._note_style()), block.text)

    def _note_style(self):
        """A framed, tinted paragraph: set apart without the italics of Word's quote styles."""
        if NOTE_STYLE in [style.name for style in self.document.styles]:
            return self.document.styles[NOTE_STYLE]
        style = self.document.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.document.styles["Normal"]
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(10)
        properties = style.element.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            border = OxmlElement(f"w:{side}")
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), "8")
            border.set(qn("w:space"), "4")
            border.set(qn("w:color"), ACCENT)
            borders.append(border)
        properties.append(borders)
        properties.append(_shading(TINT))
        return style

    def _numberedlist(self, block):
        number_id = self._restarted_numbering()
        for item in block.items:
            paragraph = self.document.add_paragraph(style="List Number")
            _set_numbering(paragraph, number_id)
            self._runs(paragraph, item)

    def _bulletlist(self, block):
        for item in block.items:
            self._runs(self.document.add_paragraph(style="List Bullet"), item)

    def _checklist(self, block):
        for item in block.items:
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.75)
            paragraph.paragraph_format.first_line_indent = Cm(-0.75)
            paragraph.paragraph_format.space_after = Pt(4)
            paragraph.add_run(CHECKBOX + "\t")
            self._runs(paragraph, item)

    def _table(self, block):
        table = self.document.add_table(rows=1, cols=len(block.header))
        table.style = "Table Grid"
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, text in zip(header.cells, block.header, strict=True):
            paragraph = cell.paragraphs[0]
            self._runs(paragraph, text, bold=True)
            cell._tc.get_or_add_tcPr().append(_shading(TINT))
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                self._runs(cell.paragraphs[0], text)
        self.document.add_paragraph()  # Word joins two tables that touch

    def _runs(self, paragraph, text, bold=False):
        for piece, piece_bold in inline_runs(text):
            run = paragraph.add_run(piece)
            run.bold = bold or piece_bold or None

    def _restarted_numbering(self):
        """A numbering instance of its own for each list, so every list starts at 1."""
        numbering = self.document.part.numbering_part.element
        style = self.document.styles["List Number"].element
        style_number_id = style.pPr.numPr.numId.val
        abstract_id = next(
            num.abstractNumId.val for num in numbering.num_lst if num.numId == style_number_id
        )
        number = numbering.add_num(abstract_id)
        override = number.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return number.numId


def _set_numbering(paragraph, number_id):
    properties = paragraph._p.get_or_add_pPr()
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = number_id


def _repeat_as_header(row):
    """Marks the row as the table's header: repeated on every page, read as headers."""
    row_properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _shading(colour):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    return shading
