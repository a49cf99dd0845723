"""The API documentation works without the internet: Swagger UI is served by the site itself.

A government site loads no scripts from a third party's CDN (and here, without one, the
page would stay blank).
"""

import re

import pytest
from django.contrib.staticfiles import finders


def asset_urls(html):
    return re.findall(r'(?:src|href)="([^"#][^"]*)"', html)


@pytest.mark.django_db
def test_the_docs_load_their_scripts_and_styles_from_the_site(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assets = [url for url in asset_urls(response.text) if url.endswith((".js", ".css"))]
    assert any("swagger-ui-bundle" in url for url in assets), assets
    for url in assets:
        assert url.startswith("/"), f"{url} comes from outside the site"


@pytest.mark.django_db
def test_every_asset_of_the_docs_is_a_static_file_of_the_site(client):
    response = client.get("/api/v1/docs")
    for url in asset_urls(response.text):
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_shows_the_api_in_a_real_browser(browser, demo_site_live):
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if demo_site_live.url not in r.url else 0)
    page.goto(demo_site_live.url + "/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15_000)
    assert "Praktijkbank doe-democratie" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/v1/practices/").count() >= 1
    assert outside == []
    page.close()
