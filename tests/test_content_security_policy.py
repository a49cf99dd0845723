"""Every public page answers with a strict Content-Security-Policy (django-csp).

The policy allows only the site's own scripts, stylesheets, images, fonts and requests: no
inline script or style, no eval, no plugins, no framing by another site. Wagtail's and
Django's admin are left out (they rely on inline scripts). The same pages in real Chromium,
with no violation reported: tests/test_csp_browser.py.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.practices.library.test_accessibility import one_url_per_template
from tests.practices.submissions.journey import (
    fill_all_steps,
    new_submission,
    review_url,
    status_url,
    step_url,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"}
STRICT = {
    "default-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def public_urls():
    """Every kind of public page, in Dutch and English, with the submission form's steps."""
    _, draft = new_submission()
    _, submitted = new_submission()
    client = Client()
    fill_all_steps(client, submitted)
    client.post(review_url(submitted))
    return {
        **one_url_per_template(),
        "what works": "/wat-werkt/",
        "what works, filtered": "/wat-werkt/?rung=faciliteren",
        "english what works": "/en/wat-werkt/",
        "submission start": "/praktijk-insturen/",
        "english submission start": "/en/praktijk-insturen/",
        **{f"submission step {number}": step_url(draft, number) for number in range(1, 6)},
        "submission review": review_url(draft),
        "submission status": status_url(submitted),
        "submission receipt": f"/praktijk-insturen/{submitted}/ontvangen/",
        "api docs": "/api/v1/docs",
    }


def directives(header):
    """The policy as {directive: set of sources}."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: set(sources) for name, *sources in parts}


@pytest.fixture
def policies(db, client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    answers = {name: client.get(url) for name, url in public_urls().items()}
    return {
        name: (response.status_code, response.headers.get("Content-Security-Policy"))
        for name, response in answers.items()
    }


def test_every_public_page_answers_with_a_content_security_policy(policies):
    missing = {name: status for name, (status, header) in policies.items() if not header}
    assert not missing, f"pages without a Content-Security-Policy (status): {missing}"


def test_no_public_page_allows_inline_or_evaluated_script_or_style(policies):
    loose = {}
    for name, (_, header) in policies.items():
        policy = directives(header)
        for directive in ("script-src", "style-src"):
            allowed = policy.get(directive, policy["default-src"])
            if allowed & UNSAFE or "'self'" not in allowed:
                loose[name] = header
    assert not loose, loose


def test_every_public_page_loads_only_from_the_site_and_cannot_be_framed(policies):
    loose = {
        name: header
        for name, (_, header) in policies.items()
        if any(directives(header).get(key) != sources for key, sources in STRICT.items())
    }
    assert not loose, loose


def test_a_page_that_asks_for_a_nonce_gets_it_in_its_policy(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view_with_an_inline_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = rf.get("/")
    response = CSPMiddleware(view_with_an_inline_script)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.text).group(1)
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_the_admins_with_their_inline_scripts_are_left_out(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


@pytest.mark.django_db
def test_the_policy_does_not_upgrade_requests_outside_production(client):
    assert "upgrade-insecure-requests" not in client.get("/").headers["Content-Security-Policy"]


def production_policy(**environment):
    """The header django-csp builds from production settings, as directives."""
    env = {
        **{
            name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://praktijkbank:secret@127.0.0.1:5432/praktijkbank",
        **environment,
    }
    code = "from csp.utils import build_policy; print(build_policy())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return directives(result.stdout)


def test_production_upgrades_the_pages_own_http_requests_to_https():
    assert "upgrade-insecure-requests" in production_policy()


def test_production_without_tls_on_127_0_0_1_does_not_upgrade_requests():
    """platform/serve: production settings over plain HTTP, where https:// would fail."""
    assert "upgrade-insecure-requests" not in production_policy(PRAKTIJKBANK_SECURE_COOKIES="false")


# Tags and attributes a strict policy blocks. A <script> with src is the site's own file;
# JSON-LD and other data blocks never run, so the policy does not apply to them.
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
RUNS_NOTHING_INLINE = re.compile(r"\ssrc=|type=\"application/(ld\+)?json\"|csp_nonce")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']|javascript:", re.IGNORECASE)


def inline_code(text):
    """What in a template the policy would block, as (kind, offset)."""
    for match in INLINE_STYLE.finditer(text):
        yield "style", match.start()
    for match in SCRIPT_TAG.finditer(text):
        if not RUNS_NOTHING_INLINE.search(match.group()):
            yield "script", match.start()
    for match in INLINE_HANDLER.finditer(text):
        yield "event handler", match.start()


def test_no_template_holds_inline_code_the_policy_would_block():
    """Caught here before a browser test: move it to a static file, or give an inline script
    nonce="{{ request.csp_nonce }}"."""
    found = [
        f"{kind} in {path.relative_to(ROOT)}, line {text[:offset].count(chr(10)) + 1}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for text in [path.read_text(encoding="utf-8")]
        for kind, offset in inline_code(text)
    ]
    assert not found, found
