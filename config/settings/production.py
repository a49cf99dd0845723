"""Production: PostgreSQL via DATABASE_URL, secrets from the environment, debug off."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.client_address import trusted_networks

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
# --- Cookies over HTTPS only (platform/serve) ---
# PRAKTIJKBANK_SECURE_COOKIES=false is only for platform/serve on 127.0.0.1, which has no TLS:
# a browser would not send a secure cookie back over plain HTTP, so no login or form would work
# there. A deployment never sets it (`check --deploy` then reports W012 and W016).
secure_cookies = os.environ.get("PRAKTIJKBANK_SECURE_COOKIES", "true") == "true"
SESSION_COOKIE_SECURE = secure_cookies
CSRF_COOKIE_SECURE = secure_cookies
# --- End of cookies ---
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

# --- Shared cache and the trusted reverse proxy (config/client_address.py) -----------------------
# One cache for every gunicorn worker and the task worker, in the database we already run (no
# extra service; `manage.py createcachetable` at deploy creates its table). A cache per
# process would multiply the submission rate limits (practices/submissions/ratelimit.py) by
# the number of workers, and lose Wagtail's cached data between requests that land on
# different workers: the redirects import keeps the uploaded file there between its two
# steps, and the site root paths and image renditions are cached there too. The admin lockout
# counts are in the database already (AXES_HANDLER). The search modules' own in-process caches
# (search/taxonomy_words.py, search/understanding.py) refresh themselves and need none of this.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "praktijkbank_cache",
    }
}
# nginx on the same host (platform/) is the one proxy in front; list more (or a network) with
# PRAKTIJKBANK_TRUSTED_PROXIES when a load balancer forwards to it. A wrong entry stops here.
PRAKTIJKBANK_TRUSTED_PROXIES = [
    entry.strip()
    for entry in os.environ.get("PRAKTIJKBANK_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if entry.strip()
]
trusted_networks(tuple(PRAKTIJKBANK_TRUSTED_PROXIES))
# --- End of shared cache and trusted reverse proxy ------------------------------------------------

# --- Content-Security-Policy in production (base.py holds the policy) ---
# Over HTTPS the browser also fetches any http:// address of the page's own files over https://.
# Not on platform/serve over plain HTTP on 127.0.0.1 (PRAKTIJKBANK_SECURE_COOKIES=false, see
# above): there https:// would fail and the page would lose its styles and scripts.
if os.environ.get("PRAKTIJKBANK_SECURE_COOKIES", "true") == "true":
    base_directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # noqa: F405
    CONTENT_SECURITY_POLICY = {
        **CONTENT_SECURITY_POLICY,  # noqa: F405
        "DIRECTIVES": {**base_directives, "upgrade-insecure-requests": True},
    }
# --- End of Content-Security-Policy ---

# --- Task backend (index work) --------------------------------------------------------------
# The database backend (django-tasks-db): a task is a row written in the transaction of the
# change that queues it, next to the search index's outbox row, so neither outlives a rollback
# and neither is lost in a crash. A worker runs them and the ones queued for later (retries
# while the search engine is down): `manage.py db_worker` (platform/systemd). Publishing never
# waits on the engine.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# --- End of task backend --------------------------------------------------------------------
