"""The exports described for open-data catalogues: DCAT-AP-NL in JSON-LD.

Open-data portals (data.overheid.nl, the European data portal) harvest datasets from a
description in DCAT, with the Dutch profile's vocabularies (DCAT-AP-DONL: themes from the
OWMS/TOOI lists, languages, file types and access rights from the EU's authority tables).
One dataset, "Praktijken doe-democratie", with a distribution per export format and the API as
its data service. Every URL is absolute, built from the request, so the description is right
at whatever address the site runs. The context is inline: a harvester needs nothing else.
"""

from django.conf import settings
from django.db.models import Max, Min
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation

from practices.library.models import PracticePage

EU = "http://publications.europa.eu/resource/authority"
OWMS = "http://standaarden.overheid.nl/owms/terms"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "overheid": "http://standaarden.overheid.nl/owms/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:modified": {"@type": "xsd:dateTime"},
}
# Each export: (its address in the API, title, IANA media type, EU file type).
DISTRIBUTIONS = (
    ("export.csv", "Praktijken als CSV", "text/csv", "CSV"),
    ("export.json", "Praktijken als JSON", "application/json", "JSON"),
)


def dcat_catalogue(request):
    """GET /open-data/dcat.jsonld: the catalogue with the one dataset of the exports."""
    with translation.override(settings.LANGUAGE_CODE):
        body = catalogue(request.build_absolute_uri)
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


def catalogue(absolute):
    """The catalogue as a JSON-LD document; ``absolute`` turns a path into a full URL."""
    home = absolute("/")
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("dcat_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Praktijkbank doe-democratie",
        "dct:description": "Praktijken van gemeenten die doe-democratie steunen.",
        "dct:publisher": _publisher(),
        "dct:language": {"@id": f"{EU}/language/NLD"},
        "foaf:homepage": {"@id": home},
        "dcat:dataset": [_dataset(absolute)],
        "dcat:service": [_api(absolute)],
    }


def _api(absolute):
    """The JSON API, which serves the same dataset with its filters."""
    root = absolute(reverse("api-1:api-root"))
    return {
        "@id": root,
        "@type": "dcat:DataService",
        "dct:title": "API van de Praktijkbank doe-democratie",
        "dcat:endpointURL": {"@id": root},
        "dcat:endpointDescription": {"@id": absolute(reverse("api-1:openapi-json"))},
        "dcat:servesDataset": {"@id": _dataset_id(absolute)},
        "dct:license": {"@id": _licence_url()},
    }


def _dataset_id(absolute):
    return absolute(reverse("dcat_catalogue")) + "#praktijken"


def _dataset(absolute):
    licence = _licence_url()
    published = (
        PracticePage.objects.live()
        .public()
        .aggregate(issued=Min("first_published_at"), modified=Max("last_published_at"))
    )
    dataset = {
        "@id": _dataset_id(absolute),
        "@type": "dcat:Dataset",
        "dct:identifier": absolute(reverse("search")),
        "dct:title": "Praktijken doe-democratie",
        "dct:description": (
            "Praktijken van Nederlandse gemeenten waarin inwoners publieke taken oppakken: "
            "per praktijk de gemeente, de vorm van doe-democratie, de strategie van de "
            "gemeente, de succes- en faalfactoren en de afloop. Fictieve voorbeelden zijn als "
            "zodanig gemarkeerd (kolom fictitious)."
        ),
        "dcat:keyword": ["doe-democratie", "burgerinitiatief", "participatie", "gemeenten"],
        "dcat:theme": {"@id": f"{OWMS}/Bestuur"},
        "dct:language": {"@id": f"{EU}/language/NLD"},
        "dct:license": {"@id": licence},
        "dct:accessRights": {"@id": f"{EU}/access-right/PUBLIC"},
        "dct:spatial": {"@id": f"{OWMS}/Nederland"},
        "dct:publisher": _publisher(),
        "overheid:authority": _publisher(),
        "dcat:contactPoint": _contact_point(),
        "dcat:landingPage": {"@id": absolute(reverse("search"))},
        "dcat:distribution": [
            _distribution(absolute, name, title, media_type, file_type, licence)
            for name, title, media_type, file_type in DISTRIBUTIONS
        ],
    }
    for key, moment in (
        ("dct:issued", published["issued"]),
        ("dct:modified", published["modified"]),
    ):
        if moment:
            dataset[key] = moment.isoformat()
    return dataset


def _distribution(absolute, name, title, media_type, file_type, licence):
    url = absolute(f"{reverse('api-1:api-root')}practices/{name}")
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": {"@id": f"{EU}/file-type/{file_type}"},
        "dct:license": {"@id": licence},
    }


def _publisher():
    publisher = settings.PRAKTIJKBANK_PUBLISHER
    return {"@id": publisher["uri"], "@type": "foaf:Agent", "foaf:name": publisher["name"]}


def _contact_point():
    contact = settings.PRAKTIJKBANK_PUBLISHER
    return {
        "@type": "vcard:Kind",
        "vcard:fn": contact["name"],
        "vcard:hasEmail": {"@id": f"mailto:{contact['email']}"},
    }


def _licence_url():
    licence = getattr(settings, "PRAKTIJKBANK_CONTENT_LICENCE", None) or {}
    return licence.get("url") or "https://creativecommons.org/licenses/by/4.0/"
