"""robots.txt: the public site is open to crawlers, private and heavy addresses are not.

The answer is read with Protego, the parser Scrapy's crawlers use, which follows RFC 9309
(wildcards, the longest rule winning), so the tests ask what a crawler would conclude.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from protego import Protego

pytestmark = pytest.mark.django_db

TOKEN = "Tq3v_8xYb2-LmN0pQrS4tUvWxYz1234567890abcdE"  # the shape of secrets.token_urlsafe(32)
PUBLIC = [
    "/",
    "/zoeken/?vorm=zelfbeheer",
    "/wat-werkt/",
    "/praktijk-insturen/",
    "/en/praktijk-insturen/",
    "/api/v1/practices/",
    "/api/v1/docs",
    "/open-data/dcat.jsonld",
    "/sitemap.xml",
    "/en/",
]
PRIVATE = [
    "/admin/",
    "/admin/pages/3/edit/",
    "/django-admin/",
    "/django-admin/auth/user/",
    f"/praktijk-insturen/{TOKEN}/",
    f"/praktijk-insturen/{TOKEN}/stap/2/",
    f"/praktijk-insturen/{TOKEN}/controleren/",
    f"/praktijk-insturen/{TOKEN}/ontvangen/",
    f"/en/praktijk-insturen/{TOKEN}/stap/1/",
    "/praktijk-insturen/bijlage/0b6f1c1e-4f5b-4c43-9a55-6d7e8f9a0b1c/",
    "/api/v1/practices/export.csv",
    "/api/v1/practices/export.json?vorm=zelfbeheer",
]


def robots(client, host="testserver", secure=False):
    return client.get("/robots.txt", HTTP_HOST=host, secure=secure)


def test_robots_txt_is_plain_text_at_the_site_root(client):
    response = robots(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reverse("robots_txt") == "/robots.txt"


@pytest.mark.parametrize("path", PUBLIC)
def test_crawlers_may_fetch_the_public_site(client, path):
    rules = Protego.parse(robots(client).content.decode())

    assert rules.can_fetch(f"http://testserver{path}", "Googlebot")


@pytest.mark.parametrize("path", PRIVATE)
def test_crawlers_keep_out_of_the_admins_private_links_and_exports(client, path):
    rules = Protego.parse(robots(client).content.decode())

    assert not rules.can_fetch(f"http://testserver{path}", "Googlebot")


def test_the_disallowed_paths_are_listed_by_name(client):
    lines = robots(client).content.decode().splitlines()

    assert {
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /praktijk-insturen/*/",
        "Disallow: /en/praktijk-insturen/*/",
        "Disallow: /api/v1/practices/export.",
    } <= set(lines)


def test_the_sitemap_is_named_at_the_host_and_scheme_that_were_asked(client):
    rules = Protego.parse(robots(client, "praktijkbank.example.nl", secure=True).content.decode())

    assert list(rules.sitemaps) == ["https://praktijkbank.example.nl/sitemap.xml"]


def test_the_named_sitemap_answers(client):
    (sitemap,) = Protego.parse(robots(client).content.decode()).sitemaps

    assert client.get(sitemap).status_code == 200


@settings(max_examples=50, deadline=None)
@given(
    host=st.from_regex(r"\A[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,20}){0,3}\Z"),
    port=st.none() | st.integers(min_value=1, max_value=65535),
)
def test_any_host_gets_its_own_sitemap_line_and_the_same_rules(host, port):
    asked = host if port is None else f"{host}:{port}"

    lines = robots(Client(), asked).content.decode().splitlines()
    usual = robots(Client()).content.decode().splitlines()

    assert f"Sitemap: http://{asked}/sitemap.xml" in lines
    assert [line for line in lines if not line.startswith("Sitemap:")] == [
        line for line in usual if not line.startswith("Sitemap:")
    ]
