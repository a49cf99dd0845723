"""Production settings pass Django's deployment checks with no warning left."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# What the test run sets for itself and a deployment never does (the browser tests' switch).
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def deploy_check(**environment):
    env = {
        **{name: value for name, value in os.environ.items() if name not in TEST_ONLY},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "praktijkbank.example.nl",
        "DATABASE_URL": "postgres://praktijkbank:secret@127.0.0.1:5432/praktijkbank",
        **environment,
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_settings_pass_the_deployment_checks():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_switching_a_protection_off_is_reported_by_the_deployment_checks():
    result = deploy_check(PRAKTIJKBANK_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
