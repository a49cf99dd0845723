"""The keys of publiccode.yml 0.7 (Standard for Public Code), as a JSON Schema.

NOT the official schema: the standard publishes none, and its reference validator
(italia/publiccode-parser-go) is a Go module the Go module proxy does not serve here. This
schema is transcribed by hand from the standard's text, "The Standard" (schema.core.rst of
publiccode.yml v0.7.0, 2026-06-24), and follows the reference parser where the text leaves
room: it is strict about unknown keys, as the parser is in strict mode, and it asks a long
description and features in every language the file describes. The controlled vocabularies
(categories, scopes, the ``supports`` aliases) are the standard's lists of that version,
which the standard publishes under CC0 1.0.

What a schema cannot say is checked in tests/test_repository.py: that the licence is a
valid SPDX expression (ours must equal pyproject.toml's), that dates are real dates, and that
the values agree with the rest of the repository.
"""

DEVELOPMENT_STATUSES = ["concept", "development", "beta", "stable", "obsolete"]
SOFTWARE_TYPES = [
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
]
MAINTENANCE_TYPES = ["internal", "contract", "community", "none"]
CATEGORIES = [
    "accounting",
    "agile-project-management",
    "applicant-tracking",
    "application-development",
    "appointment-scheduling",
    "backup",
    "billing-and-invoicing",
    "blog",
    "budgeting",
    "business-intelligence",
    "business-process-management",
    "cad",
    "call-center-management",
    "cloud-management",
    "collaboration",
    "communications",
    "compliance-management",
    "contact-management",
    "content-management",
    "crm",
    "customer-service-and-support",
    "data-analytics",
    "data-collection",
    "data-visualization",
    "design",
    "design-system",
    "digital-asset-management",
    "digital-citizenship",
    "document-management",
    "donor-management",
    "e-commerce",
    "e-signature",
    "educational-content",
    "email-management",
    "email-marketing",
    "employee-management",
    "enterprise-project-management",
    "enterprise-social-networking",
    "erp",
    "event-management",
    "facility-management",
    "feedback-and-reviews-management",
    "financial-reporting",
    "fleet-management",
    "fundraising",
    "gamification",
    "geographic-information-systems",
    "grant-management",
    "graphic-design",
    "help-desk",
    "hr",
    "ide",
    "identity-management",
    "instant-messaging",
    "integrated-library-system",
    "inventory-management",
    "it-asset-management",
    "it-development",
    "it-management",
    "it-security",
    "it-service-management",
    "knowledge-management",
    "learning-management-system",
    "marketing",
    "mind-mapping",
    "mobile-marketing",
    "mobile-payment",
    "network-management",
    "office",
    "online-booking",
    "online-community",
    "payment-gateway",
    "payroll",
    "predictive-analysis",
    "procurement",
    "productivity-suite",
    "project-collaboration",
    "project-management",
    "property-management",
    "real-estate-management",
    "regulations-and-directives",
    "remote-support",
    "resource-management",
    "sales-management",
    "seo",
    "service-desk",
    "social-media-management",
    "survey",
    "talent-management",
    "task-management",
    "taxes-management",
    "test-management",
    "time-management",
    "time-tracking",
    "translation",
    "video-conferencing",
    "video-editing",
    "visitor-management",
    "voip",
    "warehouse-management",
    "web-collaboration",
    "web-conferencing",
    "website-builder",
    "whistleblowing",
    "workflow-management",
    "other",
]
SCOPES = [
    "agriculture",
    "culture",
    "defence",
    "education",
    "emergency-services",
    "employment",
    "energy",
    "environment",
    "finance-and-economic-development",
    "foreign-affairs",
    "government",
    "healthcare",
    "infrastructures",
    "justice",
    "local-authorities",
    "manufacturing",
    "research",
    "science-and-technology",
    "security",
    "society",
    "sport",
    "tourism",
    "transportation",
    "welfare",
]
SUPPORT_ALIASES = ["gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"]

URL = {"type": "string", "pattern": r"^[a-z][a-z0-9+.-]*://\S+$"}
HTTP_URL = {"type": "string", "pattern": r"^https?://\S+$"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
# BCP 47 with its primary language subtag, as the standard requires ("nl", "en", "sl-IT-nedis");
# BCP 47 tags are case-insensitive.
LANGUAGE_TAG = {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"}
COUNTRY = {"type": "string", "pattern": r"^[A-Za-z]{2}$"}  # ISO 3166-1 alpha-2
STRINGS = {"type": "array", "items": {"type": "string"}}
VERSION = {"type": "string"}


def _object(properties, required=()):
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _list_of(item, at_least=0):
    return {"type": "array", "items": item, "minItems": at_least}


ORGANISATION = _object({"name": {"type": "string"}, "uri": {"type": "string"}}, ["name"])
CONTACT = _object(
    {
        "name": {"type": "string", "minLength": 1},
        "email": {"type": "string", "format": "email"},
        "phone": {"type": "string"},
        "affiliation": {"type": "string"},
    },
    ["name"],
)
CONTRACTOR = _object(
    {
        "name": {"type": "string", "minLength": 1},
        "until": DATE,
        "email": {"type": "string", "format": "email"},
        "website": HTTP_URL,
    },
    ["name", "until"],
)
DEPENDENCY = _object(
    {
        "name": {"type": "string", "minLength": 1},
        "versionMin": VERSION,
        "versionMax": VERSION,
        "version": VERSION,
        "optional": {"type": "boolean"},
    },
    ["name"],
)
DESCRIPTION = _object(
    {
        "localisedName": {"type": "string"},
        "genericName": {"type": "string", "maxLength": 35},  # deprecated
        "shortDescription": {"type": "string", "minLength": 1, "maxLength": 150},
        "longDescription": {"type": "string", "minLength": 150, "maxLength": 10000},
        "documentation": HTTP_URL,
        "apiDocumentation": HTTP_URL,
        "features": _list_of({"type": "string", "minLength": 1}, at_least=1),
        "screenshots": STRINGS,
        "videos": _list_of(HTTP_URL),
        "awards": STRINGS,
    },
    ["shortDescription", "longDescription", "features"],
)
MAINTENANCE = {
    **_object(
        {
            "type": {"enum": MAINTENANCE_TYPES},
            "contractors": _list_of(CONTRACTOR, at_least=1),
            "contacts": _list_of(CONTACT, at_least=1),
        },
        ["type"],
    ),
    # Contractors exactly when maintained under contract; contacts when maintained
    # internally or by a community.
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "contract"}}},
            "then": {"required": ["contractors"]},
            "else": {"not": {"required": ["contractors"]}},
        },
        {
            "if": {"properties": {"type": {"enum": ["internal", "community"]}}},
            "then": {"required": ["contacts"]},
        },
    ],
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "publiccode.yml 0.7 (transcribed from the standard; not an official schema)",
    **_object(
        {
            "publiccodeYmlVersion": {"type": "string"},
            "name": {"type": "string", "minLength": 1},
            "applicationSuite": {"type": "string"},
            "url": URL,
            "landingURL": HTTP_URL,
            "isBasedOn": {"anyOf": [URL, _list_of(URL)]},
            "softwareVersion": {"type": "string"},
            "releaseDate": DATE,
            "logo": {"type": "string"},
            "monochromeLogo": {"type": "string"},  # deprecated
            "inputTypes": STRINGS,  # deprecated
            "outputTypes": STRINGS,  # deprecated
            "platforms": {"anyOf": [{"type": "string"}, _list_of({"type": "string"}, 1)]},
            "categories": _list_of({"enum": CATEGORIES}),
            "usedBy": STRINGS,
            "fundedBy": _list_of(ORGANISATION),
            "roadmap": HTTP_URL,
            "developmentStatus": {"enum": DEVELOPMENT_STATUSES},
            "softwareType": {"enum": SOFTWARE_TYPES},
            "supports": _list_of(
                _object(
                    {
                        "id": {
                            "anyOf": [
                                {"enum": [f"alias:{alias}" for alias in SUPPORT_ALIASES]},
                                {"type": "string", "pattern": r"^(?!alias:)[a-zA-Z][\w+.-]*:\S+$"},
                            ]
                        }
                    },
                    ["id"],
                )
            ),
            "organisation": _object(
                {"uri": {"type": "string", "minLength": 1}, "name": {"type": "string"}}, ["uri"]
            ),
            "intendedAudience": _object(
                {
                    "countries": _list_of(COUNTRY),
                    "unsupportedCountries": _list_of(COUNTRY),
                    "scope": _list_of({"enum": SCOPES}),
                }
            ),
            "description": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": LANGUAGE_TAG,
                "additionalProperties": DESCRIPTION,
            },
            "legal": _object(
                {
                    "license": {"type": "string", "minLength": 1},
                    "mainCopyrightOwner": {"type": "string"},
                    "repoOwner": {"type": "string"},  # deprecated
                    "authorsFile": {"type": "string"},  # deprecated
                },
                ["license"],
            ),
            "maintenance": MAINTENANCE,
            "localisation": _object(
                {
                    "localisationReady": {"type": "boolean"},
                    "availableLanguages": _list_of(LANGUAGE_TAG, at_least=1),
                },
                ["localisationReady", "availableLanguages"],
            ),
            "dependsOn": _object(
                {
                    "open": _list_of(DEPENDENCY),
                    "proprietary": _list_of(DEPENDENCY),
                    "hardware": _list_of(DEPENDENCY),
                }
            ),
            # The one country section the standard defines (Italian), deprecated in 0.7.
            "IT": {"type": "object"},
            "it": {"type": "object"},
        },
        [
            "publiccodeYmlVersion",
            "name",
            "url",
            "platforms",
            "developmentStatus",
            "softwareType",
            "description",
            "legal",
            "maintenance",
            "localisation",
        ],
    ),
}
