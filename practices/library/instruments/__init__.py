"""Instruments that municipalities can download and adapt: model agreements, a grant scheme,
checklists, guides and forms.

Each instrument has one source in `sources/` (Markdown with TOML front matter, see `source`),
from which `formats` renders a DOCX, an ODT and a PDF, and `loading` makes its tool page with
the three files as documents. Edit the source, not the page: loading writes the page again.
"""

from .loading import load_instruments
from .source import read_instruments

__all__ = ["load_instruments", "read_instruments"]
