"""Security gates that also run in pytest.

bandit finds no high-severity problem in the code (platform/test runs the same command; here
it costs about two seconds). Production's settings hold what the protections assume: one
cache shared by every process, so a rate limit is not multiplied by the workers, and only
nginx on the same host is trusted to name the client's address.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ["config", "practices", "search"]
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def test_bandit_finds_no_high_severity_problem():
    bandit = Path(sys.executable).with_name("bandit")
    command = [str(bandit), "-r", *CODE, "--severity-level", "high", "--format", "json", "-q"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    report = json.loads(result.stdout)
    findings = [
        f"{found['filename']}:{found['line_number']} {found['test_id']} {found['issue_text']}"
        for found in report["results"]
    ]
    assert not findings, "\n".join(findings)
    assert not report["errors"], report["errors"]
    assert result.returncode == 0, result.stderr


def production_settings(*names, **environment):
    """The named settings as production loads them, in a process of their own."""
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("PRAKTIJK")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "praktijkbank.example.nl",
        "DATABASE_URL": "postgres://praktijkbank:secret@127.0.0.1:5432/praktijkbank",
        **environment,
    }
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_shares_one_cache_between_all_its_processes():
    cache = production_settings("CACHES")["CACHES"]["default"]
    assert cache["BACKEND"] not in PER_PROCESS_CACHES
    assert cache["BACKEND"] != "django.core.cache.backends.filebased.FileBasedCache"


def test_production_trusts_only_nginx_on_the_same_host_unless_told_otherwise():
    trusted = production_settings("PRAKTIJKBANK_TRUSTED_PROXIES")["PRAKTIJKBANK_TRUSTED_PROXIES"]
    assert trusted == ["127.0.0.1", "::1"]


def test_production_refuses_a_trusted_proxy_that_is_no_address():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://praktijkbank:secret@127.0.0.1:5432/praktijkbank",
        "PRAKTIJKBANK_TRUSTED_PROXIES": "127.0.0.1,proxy.example",
    }
    script = "from django.conf import settings; settings.CACHES"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "proxy.example" in result.stderr
