"""Instruments: real models a municipality can adapt, as DOCX, ODT and PDF from one source each,
on a tool page that says they are models to adapt and under which licence."""

import dataclasses
import io
import re

import pytest
from django.template.defaultfilters import filesizeformat
from docx import Document as WordDocument
from odf import dc, teletype
from odf import text as odf_text
from odf.opendocument import load as load_odt
from pypdf import PdfReader
from wagtail.documents import get_document_model

from practices.library.instruments import load_instruments, read_instruments, render_pdf
from practices.library.instruments.formats import FORMATS, render
from practices.library.instruments.source import (
    DISCLAIMER,
    LANGUAGE,
    InstrumentSourceError,
    Table,
    parse_blocks,
)
from practices.library.models import ToolPage
from practices.taxonomy.models import Form, Strategy

INSTRUMENTS = read_instruments()
INSTRUMENTS_BY_SLUG = {instrument.slug: instrument for instrument in INSTRUMENTS}
each_instrument = pytest.mark.parametrize(
    "instrument", INSTRUMENTS, ids=[instrument.slug for instrument in INSTRUMENTS]
)
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}


def words(text):
    return " ".join(text.split())


def bookmark_titles(outline):
    """The PDF's bookmarks in reading order; pypdf nests a level's children in a list."""
    for item in outline:
        if isinstance(item, list):
            yield from bookmark_titles(item)
        else:
            yield item.title


def test_there_are_at_least_eight_instruments():
    assert len(INSTRUMENTS) >= 8


@each_instrument
def test_the_docx_has_the_title_as_first_heading_and_every_section_heading(instrument):
    document = WordDocument(io.BytesIO(render(instrument, "docx")))
    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", instrument.title)
    assert [text for _style, text in headings] == instrument.headings()
    assert {style for style, _text in headings[1:]} <= {"Heading 2", "Heading 3"}
    assert document.core_properties.title == instrument.title
    assert document.core_properties.language == LANGUAGE


@each_instrument
def test_the_odt_has_the_same_headings_with_outline_levels(instrument):
    document = load_odt(io.BytesIO(render(instrument, "odt")))
    headings = document.getElementsByType(odf_text.H)
    assert [teletype.extractText(heading) for heading in headings] == instrument.headings()
    assert headings[0].getAttribute("outlinelevel") == "1"
    assert teletype.extractText(document.meta.getElementsByType(dc.Title)[0]) == instrument.title
    assert teletype.extractText(document.meta.getElementsByType(dc.Language)[0]) == LANGUAGE


@each_instrument
def test_the_pdf_has_selectable_text_with_the_title_the_disclaimer_and_bookmarks(instrument):
    reader = PdfReader(io.BytesIO(render(instrument, "pdf")))
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert instrument.title in text
    assert DISCLAIMER in text
    assert reader.metadata.title == instrument.title
    assert reader.trailer["/Root"]["/Lang"] == LANGUAGE
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert list(bookmark_titles(reader.outline)) == instrument.headings()


@each_instrument
def test_every_download_says_it_is_a_model_to_adapt_and_names_its_licence(instrument):
    word = words(
        " ".join(p.text for p in WordDocument(io.BytesIO(render(instrument, "docx"))).paragraphs)
    )
    odt = words(teletype.extractText(load_odt(io.BytesIO(render(instrument, "odt"))).text))
    for text in (word, odt):
        assert DISCLAIMER in text
        assert instrument.licence.name in text


def test_the_same_source_gives_the_same_files_whatever_was_rendered_before():
    first, second = INSTRUMENTS[0], INSTRUMENTS[1]
    for file_format in FORMATS:
        before = file_format.render(first)
        file_format.render(second)
        assert file_format.render(first) == before, file_format.extension


@pytest.mark.django_db
def test_every_instrument_serves_real_strategies_and_forms():
    strategies = set(Strategy.objects.values_list("slug", flat=True))
    forms = set(Form.objects.values_list("slug", flat=True))
    for instrument in INSTRUMENTS:
        assert instrument.strategies and set(instrument.strategies) <= strategies, instrument.slug
        assert instrument.forms and set(instrument.forms) <= forms, instrument.slug


def test_every_instrument_tells_how_to_use_it():
    for instrument in INSTRUMENTS:
        assert len(instrument.how_to_use()) >= 3, instrument.slug


@pytest.mark.django_db
def test_loading_gives_each_instrument_a_tool_page_with_three_downloads_and_its_taxonomy():
    load_instruments()
    for instrument in INSTRUMENTS:
        page = ToolPage.objects.live().get(slug=instrument.slug)
        assert page.title == instrument.title
        assert page.tool_type == instrument.tool_type
        assert [row.document.file_extension for row in page.documents.all()] == [
            "docx",
            "odt",
            "pdf",
        ]
        assert set(page.strategies.values_list("slug", flat=True)) == set(instrument.strategies)
        assert set(page.forms.values_list("slug", flat=True)) == set(instrument.forms)


@pytest.mark.django_db
def test_loading_twice_gives_the_same_pages_and_documents():
    load_instruments()
    pages = sorted(ToolPage.objects.values_list("pk", "slug", "latest_revision_id"))
    documents = sorted(get_document_model().objects.values_list("pk", "file", "file_hash"))

    again = load_instruments()

    assert not any(load.page_created or load.page_updated or load.files_written for load in again)
    assert sorted(ToolPage.objects.values_list("pk", "slug", "latest_revision_id")) == pages
    assert sorted(get_document_model().objects.values_list("pk", "file", "file_hash")) == documents


@pytest.mark.django_db
def test_a_changed_source_rewrites_its_files_in_the_same_documents_and_updates_its_page():
    load_instruments()
    instrument = INSTRUMENTS[0]
    changed = dataclasses.replace(instrument, summary="Een nieuwe samenvatting voor de test.")
    before = {
        row.document.file_extension: row.document
        for row in ToolPage.objects.get(slug=instrument.slug).documents.all()
    }

    [load] = load_instruments([changed])

    assert load.page_updated and len(load.files_written) == 3
    page = ToolPage.objects.get(slug=instrument.slug)
    assert page.summary == changed.summary
    after = {row.document.file_extension: row.document for row in page.documents.all()}
    assert {ext: doc.pk for ext, doc in after.items()} == {e: d.pk for e, d in before.items()}
    for extension, document in after.items():
        assert document.file_hash != before[extension].file_hash
    with after["docx"].open_file() as file:
        assert changed.summary in [p.text for p in WordDocument(file).paragraphs]


@pytest.mark.django_db
def test_an_instrument_page_offers_each_format_with_its_size_the_note_and_the_licence(client):
    load_instruments()
    page = ToolPage.objects.get(slug="zelfbeheerovereenkomst-openbaar-groen")
    html = client.get(page.url).content.decode()
    for row in page.documents.all():
        document = row.document
        link_text = (
            f"Download als {document.file_extension.upper()} ({filesizeformat(document.file_size)})"
        )
        assert re.search(
            rf'<a [^>]*href="{re.escape(document.url)}"[^>]*>{re.escape(link_text)}</a>', html
        )
    assert "Model om aan te passen" in html
    assert "CC0 1.0 Universeel" in html
    assert "https://creativecommons.org/publicdomain/zero/1.0/deed.nl" in html


@pytest.mark.django_db
def test_the_downloads_answer_with_their_file_and_content_type(client):
    load_instruments()
    page = ToolPage.objects.get(slug="stappenplan-uitdaagrecht")
    for row in page.documents.all():
        document = row.document
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Type"] == CONTENT_TYPES[document.file_extension]
        body = b"".join(response.streaming_content)
        assert body == render(
            INSTRUMENTS_BY_SLUG["stappenplan-uitdaagrecht"], document.file_extension
        )


def test_a_source_table_reads_into_a_header_and_rows():
    [table] = parse_blocks(["| Vraag | Antwoord |", "|---|---|", "| Naam | |"])
    assert table == Table(header=("Vraag", "Antwoord"), rows=(("Naam", ""),))


@pytest.mark.parametrize(
    "lines",
    [
        ["# Een tweede titel"],
        ["| Vraag | Antwoord |", "|---|---|", "| alleen een cel |"],
        ["1. een stap", "geen stap"],
    ],
    ids=["level-one heading", "short table row", "stray line in a list"],
)
def test_a_source_that_breaks_the_grammar_is_refused_with_its_line(lines):
    with pytest.raises(InstrumentSourceError, match=r"bron\.md:3:"):
        parse_blocks(lines, "bron.md", first_line=3)


def test_without_the_dejavu_font_the_pdf_falls_back_to_helvetica_and_keeps_its_text(monkeypatch):
    monkeypatch.setattr(render_pdf, "FONT_FOLDERS", ())
    instrument = INSTRUMENTS_BY_SLUG["checklist-bewonersinitiatief-ondersteunen"]
    reader = PdfReader(io.BytesIO(render_pdf.render_pdf(instrument)))
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert instrument.title in text
    assert DISCLAIMER in text  # with its en dash, which Windows-1252 has
    assert "[ ] Ik heb binnen [vijf] werkdagen" in text  # the checkbox, which it has not
