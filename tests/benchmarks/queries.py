"""The fixed mix of finder queries the benchmark sends to GET /api/v1/practices/.

Every answer carries all facet counts (the API always returns them). Facet values are slugs
from the report's taxonomy (load_taxonomy) and the benchmark's tags, so every request is
valid; one text query is meant to find nothing. The text queries include typos, compounds
and a question, which the search corrects, splits and strips of its question words.

The same text queries also go to the HTML finder page (``page_paths``), to measure what a
visitor waits for: the search, the notices about what it understood, the facets and the page.
"""

from urllib.parse import urlencode

API_PATH = "/api/v1/practices/"
PAGE_PATH = "/zoeken/"

TEXT, TEXT_FILTERS, FACETS_ONLY, PAGING, NEWEST = (
    "text",
    "text + filters",
    "facets only",
    "paging",
    "sort newest",
)
KINDS = (TEXT, TEXT_FILTERS, FACETS_ONLY, PAGING, NEWEST)

QUERIES = (
    # Text only, including synonyms (wijkbudget ~ buurtbudget, burgerinitiatief ~ ...).
    (TEXT, [("q", "zwembad")]),
    (TEXT, [("q", "bibliotheek vrijwilligers")]),
    (TEXT, [("q", "buurthuis")]),
    (TEXT, [("q", "groenbeheer")]),
    (TEXT, [("q", "buurtbus ouderen")]),
    (TEXT, [("q", "energiecoöperatie")]),
    (TEXT, [("q", "speeltuin")]),
    (TEXT, [("q", "wijkbudget")]),
    (TEXT, [("q", "burgerinitiatief")]),
    (TEXT, [("q", "zorg eenzaamheid")]),
    (TEXT, [("q", "right to challenge")]),
    (TEXT, [("q", "moestuin voedselbank")]),
    (TEXT, [("q", "stichting gemeente vrijwilligers")]),
    (TEXT, [("q", "xylofoonfabriek")]),
    # Typos, plural compounds and a question, as people type them.
    (TEXT, [("q", "zwembd")]),
    (TEXT, [("q", "bibiotheek vrijwilligers")]),
    (TEXT, [("q", "hoe houden we de bibliotheek open")]),
    (TEXT, [("q", "speeltuinen")]),
    (TEXT, [("q", "buurthuizen")]),
    # Text with one to three facet filters.
    (TEXT_FILTERS, [("q", "zwembad"), ("province", "gelderland")]),
    (
        TEXT_FILTERS,
        [
            ("q", "vrijwilligers"),
            ("form", "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"),
        ],
    ),
    (TEXT_FILTERS, [("q", "buurthuis"), ("size", "tot-20000"), ("outcome", "lopend")]),
    (TEXT_FILTERS, [("q", "zonnepanelen"), ("sector", "beheer-openbare-ruimte")]),
    (
        TEXT_FILTERS,
        [("q", "speeltuin"), ("strategy", "startkapitaal-seed-money"), ("evidence", "geevalueerd")],
    ),
    (TEXT_FILTERS, [("q", "wijkbudget"), ("rung", "loslaten")]),
    (
        TEXT_FILTERS,
        [
            ("q", "zorg"),
            ("sector", "zorg-en-volksgezondheid"),
            ("province", "noord-brabant"),
            ("size", "20000-50000"),
        ],
    ),
    (TEXT_FILTERS, [("q", "groenbeheer"), ("tag", "adoptiegroen")]),
    (TEXT_FILTERS, [("q", "bibliotheek"), ("outcome", "gestopt")]),
    (TEXT_FILTERS, [("q", "buurtbus"), ("year_from", "2015"), ("year_to", "2022")]),
    (
        TEXT_FILTERS,
        [
            ("q", "repair café"),
            ("form", "sociaal-ondernemerschap"),
            ("form", "nieuwe-netwerken-en-coalities"),
        ],
    ),
    (TEXT_FILTERS, [("q", "jongeren"), ("challenge", "beperkte-participatiebereidheid")]),
    # Facets only: browsing without text (always newest first).
    (FACETS_ONLY, []),
    (FACETS_ONLY, [("form", "zelfbeheer-openbare-ruimte")]),
    (FACETS_ONLY, [("province", "zuid-holland"), ("size", "100000-plus")]),
    (
        FACETS_ONLY,
        [("strategy", "ambtelijke-ondersteuning"), ("strategy", "loket-voor-initiatiefnemers")],
    ),
    (FACETS_ONLY, [("outcome", "gestopt"), ("evidence", "extern-onderzocht")]),
    (
        FACETS_ONLY,
        [
            ("sector", "jeugd-en-opvoeding"),
            ("challenge", "te-grote-regeldichtheid"),
            ("rung", "faciliteren"),
        ],
    ),
    (FACETS_ONLY, [("tag", "zwembad")]),
    (FACETS_ONLY, [("year_from", "2020")]),
    (FACETS_ONLY, [("type", "praktijk"), ("province", "fryslan")]),
    (
        FACETS_ONLY,
        [
            ("size", "tot-20000"),
            ("outcome", "afgerond"),
            ("form", "sociale-samenhang-en-actieve-deelname"),
        ],
    ),
    # Paging, down to a deep page.
    (PAGING, [("page", "2")]),
    (PAGING, [("q", "vrijwilligers"), ("page", "3")]),
    (PAGING, [("province", "utrecht"), ("page", "10")]),
    (PAGING, [("page", "50")]),
    # Newest first.
    (NEWEST, [("sort", "newest")]),
    (NEWEST, [("q", "buurthuis"), ("sort", "newest")]),
    (NEWEST, [("form", "overdracht-politieke-zeggenschap"), ("sort", "newest")]),
    (
        NEWEST,
        [("q", "energiecoöperatie"), ("province", "overijssel"), ("sort", "newest"), ("page", "2")],
    ),
)


def paths():
    """(kind, path with query string) for every query, in a fixed order."""
    return [
        (kind, f"{API_PATH}?{urlencode(params)}" if params else API_PATH)
        for kind, params in QUERIES
    ]


def page_paths():
    """(kind, finder page path) for every text-only query, in the same order."""
    return [(kind, f"{PAGE_PATH}?{urlencode(params)}") for kind, params in QUERIES if kind == TEXT]
