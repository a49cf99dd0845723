"""Static files as production serves them, and a first visit that downloads little CSS.

The site ships one NL Design System stylesheet, built by templates/static/vendor.sh with
subset_css.py: only the Utrecht components the templates use and the theme tokens they read.
These tests hold that file to a budget, check that no component or token the site uses lost its
rules, test the filter itself, and check what WhiteNoise serves after collectstatic.
"""

import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "templates" / "static"
SHIPPED = STATIC / "vendor" / "nl-design-system.css"
UTRECHT = ROOT / "node_modules" / "@utrecht" / "component-library-css" / "dist"
THEME = ROOT / "node_modules" / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist"

# What a first visit may download in stylesheets: the gzip figure is what travels (WhiteNoise
# serves the gzip copy), about 0.5 s on slow 3G. Raw is what the browser parses; the components
# the site uses (buttons, form controls, tables, with their states and forced-colours rules)
# and their tokens are ~170 KB of it, the site's own CSS the rest. Before: 712 KB and 61 KB.
BUDGET_RAW = 250_000
BUDGET_GZIP = 25_000


def load_subset_css():
    """templates/static/subset_css.py, without leaving a __pycache__ in a folder that
    collectstatic publishes."""
    spec = importlib.util.spec_from_file_location("subset_css", STATIC / "subset_css.py")
    module = importlib.util.module_from_spec(spec)
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module


subset_css = load_subset_css()


def needs_npm_packages():
    """The full NL Design System CSS, to compare the shipped part with (npm ci brings it)."""
    if not (UTRECHT / "index.css").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules ontbreekt; platform/test moet npm ci draaien.")
        pytest.skip("node_modules is missing: run `npm ci && sh templates/static/vendor.sh`.")


def stylesheets(client, url):
    """The stylesheets a page links to, as {href: bytes}, fetched through the site."""
    response = client.get(url)
    assert response.status_code in (200, 404), url
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.content.decode())
    return {href: fetch(client, href) for href in hrefs}


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def selectors_of(css):
    """Every selector in the CSS, also those inside @media and @supports."""
    found = []
    for statement in subset_css.parse(css):
        if statement.block is None:
            continue
        if statement.prelude.startswith(subset_css.GROUPING_AT_RULES):
            found += selectors_of(statement.block)
        elif not statement.prelude.startswith("@"):
            found += subset_css.split_top_level(statement.prelude, ",")
    return found


def classes_with_rules(css):
    return {name for s in selectors_of(css) for name in subset_css.CLASS_IN_SELECTOR.findall(s)}


def defined_tokens(css):
    return set(re.findall(r"(--[\w-]+)\s*:", subset_css.strip_comments(css)))


def public_pages(client):
    """The HTML of one page per public template, the submission form's steps included, and a
    step sent empty (for the classes of fields with an error)."""
    from tests.practices.library.test_accessibility import one_url_per_template
    from tests.practices.submissions.journey import new_submission, review_url, step_url

    _submission, token = new_submission()
    urls = [
        *one_url_per_template().values(),
        "/wat-werkt/",
        "/praktijk-insturen/",
        *(step_url(token, number) for number in range(2, 6)),
        review_url(token),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), f"{url}: {response.status_code}"
        pages[url] = response.content.decode()
    pages["step 2 sent empty"] = client.post(step_url(token, 2), {}).content.decode()
    return pages


# --- The demo serves what production serves --------------------------------------------------


def settings_of(module, **environment):
    """Some settings as platform/run's fresh process reads them from this settings module."""
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'demo': s.PRAKTIJKBANK_DEMO, 'hosts': s.ALLOWED_HOSTS,"
        " 'static': s.STORAGES['staticfiles']['BACKEND'], 'middleware': s.MIDDLEWARE}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PRAKTIJKBANK_DEBUG"}
    env.update(DJANGO_SETTINGS_MODULE=module, **environment)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_platform_run_serves_the_demo_with_debug_off_and_collected_static_files(tmp_path):
    demo = settings_of("config.settings.dev", PRAKTIJKBANK_VAR_DIR=str(tmp_path))
    assert demo["debug"] is False
    assert demo["demo"] is True  # so load_demo_content still makes the local admin
    assert {"127.0.0.1", "localhost"} <= set(demo["hosts"])
    assert demo["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in demo["middleware"]


def test_one_switch_turns_the_demo_into_development(tmp_path):
    development = settings_of(
        "config.settings.dev", PRAKTIJKBANK_VAR_DIR=str(tmp_path), PRAKTIJKBANK_DEBUG="1"
    )
    assert development["debug"] is True
    assert development["demo"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/bestaat-niet/", "/en/bestaat-niet/", "/praktijken/niets/"])
def test_a_mistyped_address_gets_the_sites_own_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = response.content.decode()
    assert "Using the URLconf" not in text and "Traceback" not in text
    assert 'class="utrecht-heading-1"' in text
    assert stylesheets(client, url)  # styled like every other page


def test_the_500_page_links_stylesheets_that_exist_without_the_database():
    # No db fixture: a query here fails the test, as a broken database would fail the page.
    text = server_error(RequestFactory().get("/")).content.decode()
    hrefs = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', text)
    assert "vendor/nl-design-system.css" in hrefs
    assert all(finders.find(href) for href in hrefs), hrefs


# --- WhiteNoise serves collected files: hashed, compressed, cached a year ------------------------


@pytest.fixture
def collected_static(settings, tmp_path):
    """The site's own static files collected as production collects them, served by WhiteNoise
    from there (Wagtail's admin files are left out: they would take a minute)."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    return tmp_path


@pytest.mark.django_db
def test_a_page_links_hashed_stylesheets_served_gzipped_and_immutable_for_a_year(
    collected_static,
):
    needs_npm_packages()
    client = Client()  # a new client builds the middleware, so WhiteNoise sees STATIC_ROOT
    page = client.get("/").content.decode()
    href = re.search(r'href="(/static/vendor/nl-design-system\.[0-9a-f]{12}\.css)"', page)
    assert href, "the page links the stylesheet by its hashed name"
    response = client.get(href.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    # WhiteNoise's "forever" is ten years; the hash in the name changes with the content.
    max_age, *flags = response["Cache-Control"].split(", ")
    assert int(max_age.removeprefix("max-age=")) >= 365 * 24 * 60 * 60
    assert "immutable" in flags
    body = gzip.decompress(b"".join(response.streaming_content))
    assert body == SHIPPED.read_bytes()


def test_the_500_pages_unhashed_stylesheet_is_served_too(collected_static):
    client = Client()
    text = server_error(RequestFactory().get("/")).content.decode()
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text):
        response = client.get(href)
        assert response.status_code == 200, href
        assert "immutable" not in response["Cache-Control"]  # its content may change


# --- A first visit downloads little CSS, and no component loses its style -------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/zoeken/"])
def test_a_first_visit_downloads_css_within_the_budget(client, url):
    needs_npm_packages()
    files = stylesheets(client, url)
    raw = sum(len(body) for body in files.values())
    compressed = sum(len(gzip.compress(body, 9)) for body in files.values())
    assert raw <= BUDGET_RAW, f"{url}: {raw} bytes of CSS ({list(files)})"
    assert compressed <= BUDGET_GZIP, f"{url}: {compressed} bytes of gzipped CSS"


@pytest.mark.django_db
def test_every_utrecht_class_on_the_public_pages_keeps_its_rules(client):
    needs_npm_packages()
    full = classes_with_rules((UTRECHT / "index.css").read_text())
    shipped = classes_with_rules(SHIPPED.read_text())
    missing = {}
    for url, html in public_pages(client).items():
        used = set(
            re.findall(r"utrecht-[a-z0-9_-]+", " ".join(re.findall(r'class="([^"]*)"', html)))
        )
        if lost := sorted((used & full) - shipped):
            missing[url] = lost
    assert not missing, f"run sh templates/static/vendor.sh; classes without style: {missing}"


def test_every_utrecht_class_the_sources_name_keeps_its_rules():
    # Also what no page above renders, such as a class only the JavaScript sets.
    needs_npm_packages()
    usage = subset_css.Usage.from_text(subset_css.site_sources())
    full = classes_with_rules((UTRECHT / "index.css").read_text())
    shipped = classes_with_rules(SHIPPED.read_text())
    lost = sorted(name for name in full - shipped if usage.uses(name))
    assert not lost, f"run sh templates/static/vendor.sh; classes without style: {lost}"


def test_every_design_token_the_site_reads_keeps_its_value():
    needs_npm_packages()
    site_css = "\n".join(p.read_text() for p in STATIC.joinpath("css").glob("*.css"))
    read = subset_css.token_references(SHIPPED.read_text() + site_css)
    theme = defined_tokens((THEME / "theme.css").read_text())
    lost = sorted((read & theme) - defined_tokens(SHIPPED.read_text()))
    assert not lost, f"run sh templates/static/vendor.sh; tokens without value: {lost}"


# --- The filter (templates/static/subset_css.py) -----------------------------------------------


def subset(css, sources, **options):
    usage = subset_css.Usage.from_text(sources)
    return subset_css.serialize(subset_css.subset_rules(subset_css.parse(css), usage, **options))


def test_the_filter_keeps_the_components_named_and_drops_the_others():
    css = ".utrecht-button { color: red }\n.utrecht-accordion { color: blue }"
    assert subset(css, '<button class="utrecht-button">') == ".utrecht-button{color:red}"


def test_the_filter_keeps_a_block_when_only_its_modifier_is_named():
    # `utrecht-{% if %}radio-button ...{% endif %}` names the block only through its modifier.
    css = ".utrecht-radio-button { a: 1 }\n.utrecht-radio-button--html-input { b: 2 }"
    assert subset(css, "utrecht-radio-button--html-input") == (
        ".utrecht-radio-button{a:1}\n.utrecht-radio-button--html-input{b:2}"
    )


def test_the_filter_keeps_what_a_template_variable_can_name():
    css = ".utrecht-heading-4 { a: 1 }\n.utrecht-heading-group { b: 2 }\n.utrecht-link { c: 3 }"
    kept = subset(css, 'class="utrecht-heading-{{ level }}"')
    assert ".utrecht-heading-4{a:1}" in kept and ".utrecht-link" not in kept


def test_the_filter_drops_unused_selectors_from_a_list_and_keeps_negations():
    css = (
        ".utrecht-button--hover, .utrecht-button:hover { a: 1 }\n"
        ".utrecht-button:not(.utrecht-button--busy) { b: 2 }"
    )
    assert subset(css, "utrecht-button") == (
        ".utrecht-button:hover{a:1}\n.utrecht-button:not(.utrecht-button--busy){b:2}"
    )


def test_the_filter_looks_inside_media_queries_and_drops_emptied_ones():
    css = (
        "@media (forced-colors: active) { .utrecht-link { a: 1 } .utrecht-tab { b: 2 } }\n"
        "@media print { .utrecht-tab { c: 3 } }\n"
        "@keyframes spin { from { x: 0 } to { x: 1 } }"
    )
    kept = subset(css, "utrecht-link")
    assert "@media (forced-colors: active){.utrecht-link{a:1}}" in kept
    assert "utrecht-tab" not in kept and "print" not in kept
    assert "@keyframes spin" in kept


def test_the_filter_is_not_fooled_by_braces_in_strings_and_comments():
    css = '/* .utrecht-tab { */ .utrecht-link::after { content: "}{" } .utrecht-tab { x: 1 }'
    assert subset(css, "utrecht-link") == '.utrecht-link::after{content:"}{"}'


def test_rich_text_keeps_its_elements_but_no_form_controls():
    css = ".utrecht-html a { a: 1 }\n.utrecht-html input[type=checkbox] { b: 2 }"
    kept = subset(css, "utrecht-html", drop_elements=frozenset(subset_css.FORM_ELEMENTS))
    assert kept == ".utrecht-html a{a:1}"


def test_the_theme_keeps_the_tokens_read_and_the_tokens_those_read():
    theme = ".voorbeeld-theme { --link: var(--blue); --blue: #00f; --tab: red; --unused: 1 }"
    kept = subset_css.serialize(subset_css.subset_theme(subset_css.parse(theme), {"--link"}))
    assert kept == ".voorbeeld-theme{--link:var(--blue);--blue:#00f}"


def test_the_theme_keeps_read_tokens_inside_media_queries_too():
    theme = (
        ".voorbeeld-theme { --link: blue }\n"
        "@media (prefers-color-scheme: dark) { .voorbeeld-theme { --link: #8cf; --tab: red } }"
    )
    kept = subset_css.serialize(subset_css.subset_theme(subset_css.parse(theme), {"--link"}))
    assert kept == (
        ".voorbeeld-theme{--link:blue}\n"
        "@media (prefers-color-scheme: dark){.voorbeeld-theme{--link:#8cf}}"
    )
