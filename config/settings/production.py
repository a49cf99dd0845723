"""Production: PostgreSQL via DATABASE_URL, secrets from the environment, debug off."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PRAKTIJKBANK_DEMO = False  # never a local admin from load_demo_content
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY for production.")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
# Secure unless the operator says otherwise, each with its reason to switch it off:
# - subdomains: only when some subdomain of the site's domain is still served over plain HTTP;
# - preload: only when the domain should not go on the browsers' HSTS preload list;
# - redirect: Django sends http:// to https:// itself. Behind the reverse proxy that these
#   settings assume (SECURE_PROXY_SSL_HEADER) that is right too; switch it off only when the
#   proxy already redirects and you want no second hop.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("PRAKTIJKBANK_HSTS_SUBDOMAINS", "true") == "true"
SECURE_HSTS_PRELOAD = os.environ.get("PRAKTIJKBANK_HSTS_PRELOAD", "true") == "true"
SECURE_SSL_REDIRECT = os.environ.get("PRAKTIJKBANK_SSL_REDIRECT", "true") == "true"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# STARTTLS (usually port 587); EMAIL_USE_SSL is for implicit TLS (port 465). Not both.
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "true"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "true"
# A mail server that hangs must not hold a submitter's request for minutes.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "praktijkbank@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Static files: base.py's STORAGES and WhiteNoise, after `manage.py collectstatic` at deploy.
