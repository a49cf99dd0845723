"""An instrument as an OpenDocument text (ODT), with odfpy.

Headings are text:h elements with an outline level and LibreOffice's own heading styles
("Heading 1" to "Heading 3"), so the navigator and screen readers see the structure. Title,
subject, creator and language (nl-NL) are in the document's metadata, and Dutch is the language
of the default style.
"""

import io

from odf import dc, meta, teletype
from odf.element import Element
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    Footer,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import (
    H,
    List,
    ListItem,
    ListLevelStyleBullet,
    ListLevelStyleNumber,
    ListStyle,
    P,
    Span,
)

from .packaging import normalised_zip
from .source import LANGUAGE, PUBLISHER, inline_runs, plain

ACCENT = "#1f4e79"
TINT = "#e7eef5"
TEXT_WIDTH = "17cm"
FONT = "Liberation Sans"


def render_odt(instrument):
    # odfpy collects every namespace it has met in one dict shared by all elements, and
    # declares them all in each file: without a clean start, the first file a process writes
    # differs from the next one, and the same source would not give the same file.
    Element.namespaces.clear()
    document = OpenDocumentText()
    _set_metadata(document, instrument)
    styles = _Styles(document, instrument)
    writer = _Writer(document, styles)
    for block in instrument.document_blocks():
        writer.add(block)
    buffer = io.BytesIO()
    document.write(buffer)
    return normalised_zip(buffer.getvalue())


def _set_metadata(document, instrument):
    moment = instrument.version.isoformat() + "T00:00:00"
    for element in (
        dc.Title(text=instrument.title),
        dc.Subject(text=instrument.summary),
        dc.Description(text=instrument.licence_statement),
        dc.Language(text=LANGUAGE),
        dc.Creator(text=PUBLISHER),
        dc.Date(text=moment),
        meta.InitialCreator(text=PUBLISHER),
        meta.CreationDate(text=moment),
        meta.Keyword(text="doe-democratie"),
        meta.Keyword(text="model om aan te passen"),
        meta.Keyword(text=instrument.tool_type),
    ):
        document.meta.addElement(element)


class _Styles:
    """The named styles the document uses, registered once."""

    def __init__(self, document, instrument):
        self._columns = {}
        language, country = LANGUAGE.split("-")
        # A sans-serif that LibreOffice ships, with Arial's metrics; Word substitutes Arial.
        document.fontfacedecls.addElement(
            FontFace(
                name=FONT,
                fontfamily=f"'{FONT}'",
                fontfamilygeneric="swiss",
                fontpitch="variable",
            )
        )
        default = DefaultStyle(family="paragraph")
        default.addElement(
            TextProperties(language=language, country=country, fontsize="11pt", fontname=FONT)
        )
        document.styles.addElement(default)
        self.body = self._paragraph(document, "Text_20_body", "Text body", marginbottom="0.2cm")
        self.headings = {
            level: self._heading(document, level, size)
            for level, size in ((1, "20pt"), (2, "14pt"), (3, "12pt"))
        }
        self.note = self._paragraph(
            document,
            "Note",
            "Note",
            border=f"0.06cm solid {ACCENT}",
            padding="0.2cm",
            backgroundcolor=TINT,
            margintop="0.2cm",
            marginbottom="0.3cm",
        )
        self.list_paragraph = self._paragraph(document, "List_20_Contents", "List Contents")
        self.cell_paragraph = self._paragraph(document, "Table_20_Contents", "Table Contents")
        self.strong = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
        self.strong.addElement(TextProperties(fontweight="bold"))
        document.styles.addElement(self.strong)
        self.numbered = self._list(document, "Numbering_20_123", "Numbering 123", number=True)
        self.bullets = self._list(document, "List_20_1", "List 1", bullet="•")
        self.checkboxes = self._list(document, "Checklist", "Checklist", bullet="☐")
        self.table = Style(name="Table", family="table")
        self.table.addElement(
            TableProperties(
                width=TEXT_WIDTH, align="margins", margintop="0.1cm", marginbottom="0.3cm"
            )
        )
        document.automaticstyles.addElement(self.table)
        self.cell = Style(name="TableCell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.12cm"))
        document.automaticstyles.addElement(self.cell)
        self.header_cell = Style(name="TableHeaderCell", family="table-cell")
        self.header_cell.addElement(
            TableCellProperties(
                border="0.5pt solid #000000", padding="0.12cm", backgroundcolor=TINT
            )
        )
        document.automaticstyles.addElement(self.header_cell)
        self._page(document, instrument)

    def column(self, document, count):
        """A column style for tables of `count` equal columns, registered once per count."""
        if count not in self._columns:
            style = Style(name=f"Column{count}", family="table-column")
            style.addElement(TableColumnProperties(relcolumnwidth=f"{65535 // count}*"))
            document.automaticstyles.addElement(style)
            self._columns[count] = style
        return self._columns[count]

    @staticmethod
    def _paragraph(document, name, display_name, **properties):
        style = Style(name=name, displayname=display_name, family="paragraph")
        if properties:
            style.addElement(ParagraphProperties(**properties))
        document.styles.addElement(style)
        return style

    @staticmethod
    def _heading(document, level, size):
        style = Style(
            name=f"Heading_20_{level}",
            displayname=f"Heading {level}",
            family="paragraph",
            defaultoutlinelevel=str(level),
            nextstylename="Text_20_body",
        )
        style.addElement(
            ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always")
        )
        style.addElement(TextProperties(fontsize=size, fontweight="bold", color=ACCENT))
        document.styles.addElement(style)
        return style

    @staticmethod
    def _list(document, name, display_name, number=False, bullet=None):
        style = ListStyle(name=name, displayname=display_name)
        if number:
            level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
        else:
            level = ListLevelStyleBullet(level=1, bulletchar=bullet)
        level.addElement(ListLevelProperties(spacebefore="0.2cm", minlabelwidth="0.7cm"))
        style.addElement(level)
        document.styles.addElement(style)
        return style

    @staticmethod
    def _page(document, instrument):
        layout = PageLayout(name="A4")
        layout.addElement(
            PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                margintop="2cm",
                marginbottom="2cm",
                marginleft="2cm",
                marginright="2cm",
                printorientation="portrait",
            )
        )
        document.automaticstyles.addElement(layout)
        footer_style = Style(name="Footer", displayname="Footer", family="paragraph")
        footer_style.addElement(ParagraphProperties(textalign="center"))
        footer_style.addElement(TextProperties(fontsize="8pt"))
        document.styles.addElement(footer_style)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        footer.addElement(
            P(
                stylename=footer_style,
                text=f"{PUBLISHER} – {instrument.title} – {instrument.licence.name}",
            )
        )
        master.addElement(footer)
        document.masterstyles.addElement(master)


class _Writer:
    def __init__(self, document, styles):
        self.document = document
        self.styles = styles
        self.tables = 0

    def add(self, block):
        # One method per kind of block in `source`, named after it: _heading, _numberedlist...
        method = getattr(self, "_" + type(block).__name__.lower())
        self.document.text.addElement(method(block))

    def _heading(self, block):
        return H(
            outlinelevel=block.level,
            stylename=self.styles.headings[block.level],
            text=plain(block.text),
        )

    def _paragraph(self, block):
        return self._runs(P(stylename=self.styles.body), block.text)

    def _note(self, block):
        return self._runs(P(stylename=self.styles.note), block.text)

    def _numberedlist(self, block):
        return self._list(self.styles.numbered, block.items)

    def _bulletlist(self, block):
        return self._list(self.styles.bullets, block.items)

    def _checklist(self, block):
        return self._list(self.styles.checkboxes, block.items)

    def _list(self, style, items):
        element = List(stylename=style)
        for item in items:
            list_item = ListItem()
            list_item.addElement(self._runs(P(stylename=self.styles.list_paragraph), item))
            element.addElement(list_item)
        return element

    def _table(self, block):
        self.tables += 1
        table = Table(name=f"Tabel{self.tables}", stylename=self.styles.table)
        column = self.styles.column(self.document, len(block.header))
        table.addElement(TableColumn(numbercolumnsrepeated=len(block.header), stylename=column))
        header_rows = TableHeaderRows()
        header_rows.addElement(self._row(block.header, self.styles.header_cell, bold=True))
        table.addElement(header_rows)
        for row in block.rows:
            table.addElement(self._row(row, self.styles.cell))
        return table

    def _row(self, cells, cell_style, bold=False):
        row = TableRow()
        for text in cells:
            cell = TableCell(stylename=cell_style, valuetype="string")
            paragraph = P(stylename=self.styles.cell_paragraph)
            cell.addElement(self._runs(paragraph, f"**{text}**" if bold and text else text))
            row.addElement(cell)
        return row

    def _runs(self, paragraph, text):
        for piece, bold in inline_runs(text):
            if bold:
                span = Span(stylename=self.styles.strong)
                teletype.addTextToElement(span, piece)
                paragraph.addElement(span)
            else:
                teletype.addTextToElement(paragraph, piece)
        return paragraph
