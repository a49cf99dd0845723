"""The three downloads of an instrument: two to adapt, one to read and print."""

from dataclasses import dataclass
from functools import lru_cache

from .render_docx import render_docx
from .render_odt import render_odt
from .render_pdf import render_pdf


@dataclass(frozen=True)
class Format:
    extension: str
    name: str  # as people call it, in the document's title
    render: object


FORMATS = (
    Format("docx", "Word", render_docx),
    Format("odt", "OpenDocument", render_odt),
    Format("pdf", "PDF", render_pdf),
)


@lru_cache(maxsize=64)
def render(instrument, extension):
    """The file's bytes; the same instrument gives the same bytes, so they are kept."""
    return next(f for f in FORMATS if f.extension == extension).render(instrument)
