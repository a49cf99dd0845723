"""The load of platform/prove: visitors reading the site and the API as civil servants do.

Each simulated visitor reads the home page, searches the finder with text and with facets,
opens practice and tool pages, reads "what works" and calls the API. What exists is read once
from the site itself (the API's facets and results), so the load fits whatever content the
site has. Requests are named by page type: the figures come per type.

Run by tests/prove/scenarios.py as ``locust -f tests/prove/locustfile.py --headless ...``.
"""

import json
import os
import random

from locust import HttpUser, between, events, task

TEXT_QUERIES = (
    "zwembad",
    "bibliotheek vrijwilligers",
    "buurthuis",
    "groenbeheer",
    "zwembd",
    "hoe houden we de bibliotheek open",
    "speeltuinen",
    "wijkbudget",
    "zorg eenzaamheid",
    "xylofoonfabriek",
)
# Facets worth combining with text; read from the API's answer at start.
FACETS = ("form", "strategy", "rung", "sector", "province", "size", "outcome", "success_factor")

SITE = {"practices": [], "tools": [], "facets": {}}
SERVER_ERRORS = []
# API answers that say the search engine was away and the database answered instead.
DEGRADED = []


@events.test_start.add_listener
def read_the_site(environment, **kwargs):
    """Lists the practice and tool pages and the facet values the site has, once."""
    import requests

    host = environment.host
    answer = requests.get(f"{host}/api/v1/practices/", timeout=30).json()
    SITE["facets"] = {
        name: [value["value"] for value in answer["facets"].get(name, []) if value["count"]]
        for name in FACETS
    }
    for kind, key in (("praktijk", "practices"), ("instrument", "tools")):
        for page in (1, 2, 3):
            results = requests.get(
                f"{host}/api/v1/practices/", params={"type": kind, "page": page}, timeout=30
            ).json()
            SITE[key] += [result["url"] for result in results.get("results", [])]
            if page >= results.get("pages", 1):
                break


@events.request.add_listener
def count_server_errors(response=None, name=None, **kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS.append((name, response.status_code))


@events.test_stop.add_listener
def write_server_errors(environment, **kwargs):
    # Locust's CSV counts failures; the proof also wants the answers ≥ 500 on their own.
    report = os.environ.get("PROVE_LOCUST_REPORT")
    if report:
        with open(report, "w") as file:
            json.dump(
                {
                    "server_errors": len(SERVER_ERRORS),
                    "first": SERVER_ERRORS[:20],
                    "degraded": len(DEGRADED),
                },
                file,
            )


def _facet():
    name = random.choice([name for name, values in SITE["facets"].items() if values])
    return name, random.choice(SITE["facets"][name])


class Visitor(HttpUser):
    wait_time = between(0.5, 2)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def finder_text(self):
        self.client.get("/zoeken/", params={"q": random.choice(TEXT_QUERIES)}, name="finder")

    @task(3)
    def finder_facets(self):
        params = dict([_facet(), _facet()])
        if random.random() < 0.5:
            params["q"] = random.choice(TEXT_QUERIES)
        self.client.get("/zoeken/", params=params, name="finder")

    @task(4)
    def practice(self):
        if SITE["practices"]:
            self._page(random.choice(SITE["practices"]), "practice")

    @task(1)
    def tool(self):
        if SITE["tools"]:
            self._page(random.choice(SITE["tools"]), "tool")

    def _page(self, path, name):
        # The list of pages is read at the start; a scenario that moves, unpublishes or
        # deletes pages meanwhile makes some of them 404 on purpose: that is right, not a fault.
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 404:
                response.success()

    @task(1)
    def what_works(self):
        self.client.get("/wat-werkt/", name="what works")

    @task(3)
    def api(self):
        params = dict([_facet()])
        if random.random() < 0.7:
            params["q"] = random.choice(TEXT_QUERIES)
        with self.client.get(
            "/api/v1/practices/", params=params, name="api", catch_response=True
        ) as response:
            if response.ok and response.json().get("degraded"):
                DEGRADED.append(1)
