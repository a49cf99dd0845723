"""The local demo that platform/run serves: the embedded default (SQLite, database search).

It shows what production shows: debug off, so a wrong address gets the site's own 404 page and
an error its 500 page, and static files come collected, hashed and compressed from WhiteNoise.
``PRAKTIJKBANK_DEBUG=1`` switches on development: Django's debug pages, and static files
straight from templates/static, so a changed stylesheet shows without collectstatic.
"""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = os.environ.get("PRAKTIJKBANK_DEBUG", "") == "1"
# This is the local demo (whatever DEBUG says): load_demo_content may create a local admin.
PRAKTIJKBANK_DEMO = True
# Local only: a fixed key is fine because dev never serves the public.
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# WhiteNoise serves static files under runserver too (from templates/static when DEBUG is on),
# so the demo and development serve them one way.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]

# The SQLite database and uploads live in var/; create it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
