"""Everything the public can read of the site, and every search index document, as text.

``public_outputs`` fetches, as an anonymous visitor, every URL in the sitemap and the URLs the
published practice page links to (in Dutch and in English), the finder, "what works", the
feeds, every GET route of the API (read from its OpenAPI schema), the exports, the DCAT
catalogue, robots.txt and the dossier, and returns {path: text}. The text of a response is
its status, its headers and its body; a PDF or DOCX file is read back to its text and
metadata. The submitter's private link pages are not public and are left out.

``index_documents`` returns every document of the database index and of Wagtail's own index of
pages; ``engine_documents`` every document in the engine, on the fresh indices that
``engine_index`` makes when PRAKTIJKBANK_TEST_ENGINE_URL names a node.
"""

import contextlib
import io
import json
import os
import uuid
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import translation
from docx import Document as WordDocument
from pypdf import PdfReader
from wagtail.models import Page
from wagtail.search.models import IndexEntry as WagtailIndexEntry

from search.documents import published_documents
from search.facets import PRACTICE, keywords
from search.models import IndexEntry

ENGINE_BACKEND = "search.backends.engine.EngineBackend"
SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Not public: the submitter's private link (a token in the path) and the editors' screens.
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/en/admin/")
SUBMISSION_FORM = "/praktijk-insturen/"


def public_outputs(client, page, title, person_words):
    """{path: text} for everything an anonymous visitor can fetch about the site."""
    with translation.override(settings.LANGUAGE_CODE):
        page_path = page.url  # the requests below leave English active in the thread
    reader = Reader(client)
    for path in ("/", "/robots.txt", "/open-data/dcat.jsonld", SUBMISSION_FORM):
        reader.read_in_both_languages(path)
    for path in sitemap_paths(reader):
        reader.read_in_both_languages(path)
    for language_path in (page_path, f"/en{page_path}"):
        for path in linked_paths(reader.texts[language_path]):
            reader.read(path)
    values = practice_facet_values(page)
    read_finder(reader, title, values)
    read_what_works(reader, values)
    read_feeds(reader, title, values)
    read_dossiers(reader, page, values)
    read_api(reader, title, values)
    read_searches_for_the_person(reader, person_words)
    return reader.texts


class Reader:
    """Fetches paths once each, insisting on a 200, and keeps their text."""

    def __init__(self, client):
        self.client = client
        self.texts = {}

    def read(self, path, keep=None):
        if path in self.texts or is_private(path):
            return self.texts.get(path)
        response = self.client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        body = response_body(response)
        self.texts[path] = keep(body) if keep else response_text(response, body)
        return body

    def read_in_both_languages(self, path):
        self.read(path)
        if not path.startswith("/en/") and "." not in path.rsplit("/", 1)[-1]:
            self.read(f"/en{path}")


def is_private(path):
    if path.startswith(PRIVATE_PREFIXES):
        return True
    # Below the form's start page only the public attachment download is not private.
    for form in (SUBMISSION_FORM, f"/en{SUBMISSION_FORM}"):
        if path.startswith(form) and path != form:
            return not path.startswith(f"{form}bijlage/")
    return False


def response_body(response):
    if response.streaming:
        # Reading it to the end closes it, as the test client does: closing it again would
        # send request_finished a second time, and Django would then close the database
        # connection this module's data lives in (PostgreSQL; SQLite's in-memory one stays).
        return b"".join(response.streaming_content)
    return response.content


def response_text(response, body):
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return f"{response.status_code}\n{headers}\n\n{body_text(response['Content-Type'], body)}"


def body_text(content_type, body):
    if content_type.startswith("application/pdf"):
        return pdf_text(body)
    if content_type.startswith("application/vnd.openxmlformats-officedocument"):
        return docx_text(body)
    return body.decode("utf-8", errors="replace")


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    metadata = {str(key): str(value) for key, value in (reader.metadata or {}).items()}
    return json.dumps(metadata) + "\n" + "\n".join(page.extract_text() for page in reader.pages)


def docx_text(data):
    document = WordDocument(io.BytesIO(data))
    properties = document.core_properties
    metadata = [properties.author, properties.title, properties.subject, properties.keywords]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    return "\n".join(str(item or "") for item in metadata + paragraphs + cells)


# Where the paths come from ------------------------------------------------------------------


def sitemap_paths(reader, path="/sitemap.xml"):
    """Every page in the sitemap, following a sitemap index to its sitemaps."""
    root = ElementTree.fromstring(reader.read(path))
    locations = [urlsplit(loc.text.strip()) for loc in root.iter(f"{SITEMAP_NAMESPACE}loc")]
    paths = [
        location.path + (f"?{location.query}" if location.query else "") for location in locations
    ]
    if root.tag == f"{SITEMAP_NAMESPACE}sitemapindex":
        return [found for sitemap in paths for found in sitemap_paths(reader, sitemap)]
    return paths


def linked_paths(html):
    """The site's own addresses that a page links to."""
    document = BeautifulSoup(html.split("\n\n", 1)[1], "html.parser")
    paths = set()
    for element in document.find_all(href=True) + document.find_all(src=True):
        address = element.get("href") or element.get("src")
        split = urlsplit(address)
        own = split.scheme in ("", "http", "https") and split.netloc in ("", "testserver")
        if own and split.path.startswith("/") and not split.path.startswith("/static/"):
            paths.add(path_of(split))
    return paths


def path_of(split):
    return split.path + (f"?{split.query}" if split.query else "")


def practice_facet_values(page):
    """Facet name → the first value the published practice has, for filtered views."""
    return {name: values[0] for name, values in keywords(PRACTICE, page).items() if values}


def with_query(path, **parameters):
    return f"{path}?{urlencode(parameters, doseq=True)}"


def read_finder(reader, title, values):
    for prefix in ("", "/en"):
        reader.read(with_query(f"{prefix}/zoeken/", q=title))
        reader.read(with_query(f"{prefix}/zoeken/", q=title, **values))
        for name, value in values.items():
            reader.read(with_query(f"{prefix}/zoeken/", **{name: value}))


def read_what_works(reader, values):
    for prefix in ("", "/en"):
        reader.read(f"{prefix}/wat-werkt/")
        narrowing = {name: values[name] for name in ("form", "size", "sector") if name in values}
        reader.read(with_query(f"{prefix}/wat-werkt/", **narrowing))


def read_feeds(reader, title, values):
    for prefix in ("", "/en"):
        reader.read(f"{prefix}/feeds/praktijken/")
        reader.read(with_query(f"{prefix}/feeds/praktijken/", q=title))
        reader.read(with_query(f"{prefix}/feeds/praktijken/", **values))


def read_dossiers(reader, page, values):
    for prefix in ("", "/en"):
        for output in ("pdf", "docx"):
            reader.read(with_query(f"{prefix}/dossier/", praktijk=page.pk, formaat=output))
            if "strategy" in values:
                reader.read(
                    with_query(f"{prefix}/dossier/", strategie=values["strategy"], formaat=output)
                )


def read_api(reader, title, values):
    """Every GET route of the API that takes no path parameter: bare, searched and filtered."""
    schema = json.loads(reader.read("/api/v1/openapi.json"))
    reader.read("/api/v1/docs")
    for route, operations in schema["paths"].items():
        if "get" not in operations or "{" in route:
            continue
        names = {parameter["name"] for parameter in operations["get"].get("parameters", [])}
        reader.read(route)
        if "q" in names:
            reader.read(with_query(route, q=title))
            reader.read(with_query(route, q=title.split()[0][:4]))
        filters = {name: value for name, value in values.items() if name in names}
        if filters:
            reader.read(with_query(route, **filters))


def read_searches_for_the_person(reader, words):
    """Searches for the submitter's name: what they find, not the words they echo back."""
    for word in words:
        reader.read(with_query("/api/v1/practices/", q=word), keep=found_practices)
        reader.read(with_query("/api/v1/practices/", q=word, literal=1), keep=found_practices)
        reader.read(with_query("/api/v1/suggest/", q=word[:4]), keep=bytes.decode)
        reader.read(with_query("/api/v1/suggest/", q=word), keep=bytes.decode)


def found_practices(body):
    answer = json.loads(body)
    return json.dumps({"results": answer["results"], "facets": answer["facets"]})


# The search indices -------------------------------------------------------------------------


@contextlib.contextmanager
def engine_index():
    """A search engine backend on its own fresh indices, when PRAKTIJKBANK_TEST_ENGINE_URL
    names a node (None otherwise); the indices are deleted afterwards."""
    url = os.environ.get("PRAKTIJKBANK_TEST_ENGINE_URL", "")
    if not url:
        yield None
        return
    from search.backends.engine import EngineBackend
    from search.backends.engine.management import drop

    with override_settings(
        ELASTICSEARCH_URL=url,
        SEARCH_INDEX_PREFIX=f"test-{uuid.uuid4().hex[:12]}-",
        PRAKTIJKBANK_SEARCH_BACKEND=ENGINE_BACKEND,
    ):
        backend = EngineBackend()
        backend.rebuild(published_documents())
        try:
            yield backend
        finally:
            drop(backend.client)


def index_documents():
    """{where: text} for every document of the database index and of Wagtail's page index."""
    documents = {}
    for entry in IndexEntry.objects.all():
        documents[f"database index: {entry.key}"] = row_text(entry)
    page_types = [
        content_type.pk
        for content_type in ContentType.objects.all()
        if content_type.model_class() and issubclass(content_type.model_class(), Page)
    ]
    for entry in WagtailIndexEntry.objects.filter(content_type_id__in=page_types):
        documents[f"Wagtail page index: {entry.content_type_id}/{entry.object_id}"] = row_text(
            entry
        )
    return documents


def engine_documents(backend):
    """{where: text} for every document in the engine's index (a match_all scan)."""
    from search.backends.engine.management import alias_name

    alias = alias_name()
    backend.client.refresh(alias)
    return {
        f"engine index: {hit['_id']}": json.dumps(hit["_source"], ensure_ascii=False)
        for hit in backend.client.scan(alias, {"query": {"match_all": {}}})
    }


def row_text(row):
    return "\n".join(str(getattr(row, field.attname)) for field in row._meta.concrete_fields)
