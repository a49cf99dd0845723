"""Instruments on the site: one tool page per source, with its three downloads as documents.

Loading looks up what exists first, so loading twice changes nothing: a page is saved only when
its title, summary, body, taxonomy or downloads differ from the source, and a file is written
only when its bytes differ from the stored document's (the renderers give the same bytes for
the same source). A changed source replaces the file inside the same document, so links to it
keep working.
"""

import io
from dataclasses import dataclass, field
from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText
from wagtail.utils.file import hash_filelike

from practices.taxonomy.loading import LoadReport
from practices.taxonomy.models import Form, Strategy

from ..demo import ensure_site_tree
from ..models import ToolDocument, ToolPage
from .formats import FORMATS, render
from .source import DISCLAIMER, PUBLISHER, read_instruments

COLLECTION = "Instrumenten"


@dataclass
class InstrumentLoad:
    """What loading one instrument did."""

    page: ToolPage
    page_created: bool = False
    page_updated: bool = False
    files_written: list = field(default_factory=list)


@transaction.atomic
def load_instruments(instruments=None):
    """Creates or updates the tool page and documents of every instrument; returns what it did."""
    instruments = instruments if instruments is not None else read_instruments()
    _home, _practice_index, tool_index = ensure_site_tree(LoadReport())
    collection = _collection()
    return [_load(tool_index, instrument, collection) for instrument in instruments]


def _collection():
    """The collection that keeps the instruments' documents together in the admin."""
    existing = Collection.objects.filter(name=COLLECTION).first()
    if existing:
        return existing
    # A flushed database (the browser tests) has lost the root that Wagtail's migrations make.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return root.add_child(name=COLLECTION)


def _load(tool_index, instrument, collection):
    page = ToolPage.objects.child_of(tool_index).filter(slug=instrument.slug).first()
    load = InstrumentLoad(page=page or ToolPage(slug=instrument.slug))
    current = _current_documents(page)
    documents = []
    for file_format in FORMATS:
        document, written = _ensure_document(
            current.get(file_format.extension), instrument, file_format, collection
        )
        documents.append(document)
        if written:
            load.files_written.append(document)
    wanted = _page_values(instrument)
    if page is None:
        _fill(load.page, wanted, documents)
        tool_index.add_child(instance=load.page)
        load.page.save_revision().publish()
        load.page_created = True
    elif _page_differs(page, wanted, documents):
        _fill(page, wanted, documents)
        page.save_revision().publish()
        load.page_updated = True
    return load


def _current_documents(page):
    if page is None:
        return {}
    rows = page.documents.select_related("document")
    return {row.document.file_extension: row.document for row in rows}


def _ensure_document(document, instrument, file_format, collection):
    """The instrument's document in this format, and whether its file was (re)written."""
    data = render(instrument, file_format.extension)
    title = f"{instrument.title} ({file_format.name})"
    digest = hash_filelike(io.BytesIO(data))
    if document is not None and document.file_hash == digest:
        if document.title != title:
            document.title = title
            document.save(update_fields=["title"])
        return document, False
    if document is None:
        document = get_document_model()(title=title, collection=collection)
    elif document.file:
        document.file.delete(save=False)
    document.title = title
    document.file.save(f"{instrument.slug}.{file_format.extension}", ContentFile(data), save=False)
    document.file_size = len(data)
    document.file_hash = digest
    document.save()
    return document, True


def _page_values(instrument):
    return {
        "title": instrument.title,
        "tool_type": instrument.tool_type,
        "summary": instrument.summary,
        "body": page_body_html(instrument),
        "strategies": set(Strategy.objects.filter(slug__in=instrument.strategies)),
        "forms": set(Form.objects.filter(slug__in=instrument.forms)),
    }


def _page_differs(page, wanted, documents):
    return (
        page.title != wanted["title"]
        or page.tool_type != wanted["tool_type"]
        or page.summary != wanted["summary"]
        or [(block.block_type, block.value.source) for block in page.body]
        != [("paragraph", wanted["body"])]
        or set(page.strategies.all()) != wanted["strategies"]
        or set(page.forms.all()) != wanted["forms"]
        or [row.document_id for row in page.documents.all()] != [d.pk for d in documents]
    )


def _fill(page, wanted, documents):
    page.title = wanted["title"]
    page.tool_type = wanted["tool_type"]
    page.summary = wanted["summary"]
    page.body = [("paragraph", RichText(wanted["body"]))]
    page.strategies.set(wanted["strategies"])
    page.forms.set(wanted["forms"])
    page.documents = [
        ToolDocument(document=document, sort_order=position)
        for position, document in enumerate(documents)
    ]


def page_body_html(instrument):
    """What the tool page says: that it is a model to adapt, what it is, how to use it, the
    licence. The full text is in the downloads."""
    steps = "".join(f"<li>{escape(step)}</li>" for step in instrument.how_to_use())
    licence = instrument.licence
    return (
        f"<p><b>{escape(DISCLAIMER)}</b></p>"
        f"<p>{escape(instrument.about)}</p>"
        + (f"<p>Zo gebruikt u dit model:</p><ol>{steps}</ol>" if steps else "")
        + "<p>De volledige tekst staat in de downloads hieronder: Word (DOCX) en OpenDocument "
        "(ODT) om aan te passen, PDF om te lezen en te printen.</p>"
        f'<p>Licentie: <a href="{escape(licence.url)}">{escape(licence.name)}</a>: '
        f"{escape(licence.terms.format(publisher=PUBLISHER))}</p>"
    )
