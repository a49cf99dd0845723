"""The DCAT-AP-NL description of the exports: valid JSON-LD (read as RDF by rdflib), one
dataset with a distribution per export format, every address absolute and answering."""

from urllib.parse import urlsplit

import pytest
from rdflib import RDF, Graph, URIRef, namespace

from practices.library.models import PracticePage

pytestmark = pytest.mark.django_db

EU = "http://publications.europa.eu/resource/authority"
VCARD_EMAIL = URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")


def catalogue_graph(client):
    response = client.get("/open-data/dcat.jsonld", HTTP_HOST="praktijkbank.example.nl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return Graph().parse(data=response.content, format="json-ld")


def the_dataset(graph):
    (dataset,) = graph.subjects(RDF.type, namespace.DCAT.Dataset)
    return dataset


def test_the_catalogue_describes_one_dataset_with_what_dcat_ap_nl_requires(client):
    graph = catalogue_graph(client)
    (catalogue,) = graph.subjects(RDF.type, namespace.DCAT.Catalog)
    dataset = the_dataset(graph)
    assert (catalogue, namespace.DCAT.dataset, dataset) in graph
    for required in (
        namespace.DCTERMS.title,
        namespace.DCTERMS.description,
        namespace.DCTERMS.identifier,
        namespace.DCTERMS.license,
    ):
        assert graph.value(dataset, required) is not None, required
    assert graph.value(dataset, namespace.DCTERMS.language) == URIRef(f"{EU}/language/NLD")
    assert graph.value(dataset, namespace.DCTERMS.accessRights) == URIRef(
        f"{EU}/access-right/PUBLIC"
    )
    publisher = graph.value(dataset, namespace.DCTERMS.publisher)
    assert graph.value(publisher, namespace.FOAF.name) is not None
    contact = graph.value(dataset, namespace.DCAT.contactPoint)
    assert str(graph.value(contact, VCARD_EMAIL)).startswith("mailto:")


def test_each_distribution_is_an_export_that_answers_in_its_media_type(client):
    graph = catalogue_graph(client)
    distributions = list(graph.objects(the_dataset(graph), namespace.DCAT.distribution))
    formats = {
        str(graph.value(d, namespace.DCTERMS["format"])).rsplit("/", 1)[-1] for d in distributions
    }
    assert {"CSV", "JSON"} <= formats
    for distribution in distributions:
        url = urlsplit(str(graph.value(distribution, namespace.DCAT.downloadURL)))
        assert (url.scheme, url.netloc) == ("http", "praktijkbank.example.nl")
        response = client.get(url.path)
        assert response.status_code == 200, url.path
        media_type = str(graph.value(distribution, namespace.DCAT.mediaType)).split("media-types/")[
            1
        ]
        assert response["Content-Type"].startswith(media_type)
        assert graph.value(distribution, namespace.DCTERMS.license) is not None


def test_the_api_is_described_as_the_data_service_of_the_dataset(client):
    graph = catalogue_graph(client)
    (service,) = graph.subjects(RDF.type, namespace.DCAT.DataService)
    assert (service, namespace.DCAT.servesDataset, the_dataset(graph)) in graph
    description = urlsplit(str(graph.value(service, namespace.DCAT.endpointDescription)))
    assert client.get(description.path).json()["openapi"]


def test_the_dataset_is_dated_by_its_first_and_last_published_practice(client):
    graph = catalogue_graph(client)
    dataset = the_dataset(graph)
    practices = PracticePage.objects.live()
    newest = max(page.last_published_at for page in practices)
    assert graph.value(dataset, namespace.DCTERMS.modified).toPython() == newest
