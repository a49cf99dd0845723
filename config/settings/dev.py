"""Local development: the embedded default (SQLite, database search), debug on."""

from .base import *  # noqa: F403

DEBUG = True
# Local only: a fixed key is fine because dev never serves the public.
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The SQLite database and uploads live in var/; create it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
