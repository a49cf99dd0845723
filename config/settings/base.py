"""Settings shared by every environment.

Two environment variables switch the platform from its embedded default to production parts:
``DATABASE_URL`` (PostgreSQL instead of SQLite) and ``ELASTICSEARCH_URL`` (Elasticsearch
instead of database search). Everything else has a sensible default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime state (SQLite database, uploads) lives outside the code, in one ignored folder.
VAR_DIR = Path(os.environ.get("PRAKTIJKBANK_VAR_DIR", BASE_DIR / "var"))
# The local demo (platform/run): its admin account and uploads served by the app. Only
# config.settings.dev turns it on.
PRAKTIJKBANK_DEMO = False

INSTALLED_APPS = [
    # The taxonomy's English names (practices/taxonomy/translation.py); before the admin.
    "modeltranslation",
    "practices.taxonomy",
    "practices.municipalities",
    "practices.library",
    "practices.submissions",
    "practices.insights",
    # E-mail bij nieuwe praktijken: alerts for a saved finder search.
    "practices.alerts",
    "search",
    # The database task backend and its worker (db_worker): production's durable queue.
    "django_tasks_db",
    # Failed admin logins, throttled and locked out (config.settings: AXES_*).
    "axes",
    # Only for its static files: the API docs' Swagger UI is then served by the site, not
    # loaded from a CDN.
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Django's staticfiles, without collecting the vendoring scripts beside the CSS.
    "config.apps.StaticFiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server, as in production: right after security, before
    # sessions, so a stylesheet costs no session or database work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below); after WhiteNoise, so
    # static files go out without it.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks Dutch or English from the URL prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page (AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first; English available under /en/.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "templates" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `collectstatic` gives every file a name with its content's hash, and a gzip and brotli
    # copy; WhiteNoise serves those with a year's `immutable` cache lifetime.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Wagtail's page editor can post many fields for pages with long inline lists.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Praktijkbank doe-democratie"
# The one address for links in e-mails (the admin's, the submitters' private links):
# configured, never taken from the request's Host. Links inside the site are relative.
WAGTAILADMIN_BASE_URL = os.environ.get("PRAKTIJKBANK_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Served with their own type whatever the machine's mime.types knows (the instruments' models).
WAGTAILDOCS_CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "practices": {"level": os.environ.get("PRAKTIJKBANK_LOG_LEVEL", "INFO")},
        "search": {"level": os.environ.get("PRAKTIJKBANK_LOG_LEVEL", "INFO")},
    },
}

# Who publishes the data, for the open-data catalogue (search/catalogue.py, DCAT-AP-NL): a
# placeholder until the organisation that runs the platform fills in its own name, its URI
# (for a Dutch government body: its TOOI/OWMS identifier) and a contact address.
PRAKTIJKBANK_PUBLISHER = {
    "name": os.environ.get("PRAKTIJKBANK_PUBLISHER_NAME", "Praktijkbank doe-democratie"),
    "uri": os.environ.get("PRAKTIJKBANK_PUBLISHER_URI", "https://example.org/praktijkbank"),
    "email": os.environ.get("PRAKTIJKBANK_PUBLISHER_EMAIL", "praktijkbank@example.org"),
}

# The licence of the site's content, stated in every export (search/exports.py: a column, the
# JSON's "licence" and a Link header) and in the open-data catalogue: CC BY 4.0 unless the
# editors choose another (its short name and the URL of its text).
PRAKTIJKBANK_CONTENT_LICENCE = {
    "name": os.environ.get("PRAKTIJKBANK_CONTENT_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get(
        "PRAKTIJKBANK_CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
    ),
}

# The one citation of the 2013 baseline (who, when, among how many): every page and the API
# cite it from here, through practices.insights ({% survey_source %} in templates).
SURVEY_2013_SOURCE = _("Partners+Pröpper, 2013, n=98 gemeenten / n=126 respondenten")

# One search interface, two backends: Elasticsearch/OpenSearch when its URL is set. A cluster:
# the URLs of several of its nodes, separated by commas; the client skips a node that is down.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Copies of each shard on other nodes, set when an index is created. Empty: one wherever a
# second node can hold it (none on a single node). On a cluster that must survive a lost node
# (platform/elasticsearch/cluster): 1.
SEARCH_INDEX_REPLICAS = (
    int(os.environ["SEARCH_INDEX_REPLICAS"]) if os.environ.get("SEARCH_INDEX_REPLICAS") else None
)
PRAKTIJKBANK_SEARCH_BACKEND = (
    "search.backends.engine.EngineBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)
# Engine indices are named "<prefix>pages-<timestamp>" behind the alias "<prefix>pages", so
# several sites (or test runs) can share one cluster. Lower case only.
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "praktijkbank-")
# The engine's client library (search/backends/engine/client.py): None asks the URL once what
# it serves (OpenSearch → opensearch-py, anything else → the official Elasticsearch 8 client);
# "opensearch" or "elasticsearch" skips asking. The request bodies are the same for both.
SEARCH_ENGINE_TRANSPORT = os.environ.get("SEARCH_ENGINE_TRANSPORT") or None
# The engine client logs every failed request with a traceback; search.service already logs
# one line when it falls back to the database, so keep the client to real errors.
LOGGING["loggers"]["opensearch"] = {"level": "ERROR"}
LOGGING["loggers"]["elastic_transport"] = {"level": "ERROR"}

# --- Inzendingen (practices.submissions): municipalities submit their own cases ------------------
# Attachments of submissions are kept here, outside MEDIA_ROOT and so outside the web root; only a
# view that checks who asks serves them (editors, or anyone once the practice is published).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRAKTIJKBANK_PRIVATE_MEDIA", VAR_DIR / "private"))
SUBMISSION_MAX_ATTACHMENTS = 5
SUBMISSION_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What the receipt promises the submitter: the editors react within this many working days.
SUBMISSION_REVIEW_WORKDAYS = 10
# The private link works this many days after the submitter's last step.
SUBMISSION_LINK_VALID_DAYS = 180
# The first step's form stays valid this long.
SUBMISSION_FORM_MAX_AGE_SECONDS = 24 * 60 * 60
# AVG: the submitter's contact details are deleted this many days after publication.
SUBMISSION_CONTACT_RETENTION_DAYS = 365
# Rate limits as (count, window in seconds), counted in the "default" cache (production shares
# it between its processes) per client address (config/client_address.py).
SUBMISSION_RATE_LIMITS = {
    "start_per_ip": (10, 60 * 60),  # new submissions from one IP address
    "start_per_email": (5, 24 * 60 * 60),  # new submissions for one e-mail address
    "post_per_ip": (120, 10 * 60),  # every form post from one IP address
}

# --- E-mail bij nieuwe praktijken (practices/alerts) -----------------------------------------
# The privacy statement's retention table reads these (practices/library/templatetags).
ALERT_CONFIRMATION_DAYS = 7  # an unconfirmed alert, and its link, live this long
ALERT_DIGEST_INTERVAL_DAYS = 7  # at most one digest per alert in this many days
# In the submissions' table because its helper (practices/submissions/ratelimit.py) reads it.
SUBMISSION_RATE_LIMITS |= {
    "alert_per_ip": (20, 60 * 60),  # subscribe posts from one client address
    "alert_per_email": (3, 24 * 60 * 60),  # confirmation e-mails to one address
}
# --- End of e-mail bij nieuwe praktijken -----------------------------------------------------

# --- Content-Security-Policy (django-csp; csp.middleware.CSPMiddleware above) ---------------------
# Every public page loads only its own files: no inline script or style (templates link
# static files; a script that must be inline carries {{ request.csp_nonce }}, which NONCE
# puts in the header), nothing from another site, and no framing by another site.
CONTENT_SECURITY_POLICY = {
    # Wagtail's admin and Django's admin rely on inline scripts and style attributes that we
    # do not control; they are for logged-in editors only, and Wagtail's page preview is
    # served under /admin/ too. Every public page keeps the strict policy.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # data: for the icons the API docs' stylesheet (Swagger UI) embeds as data: URLs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # The finder's title suggestions and the API docs' calls go to the site itself.
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- End of Content-Security-Policy ---------------------------------------------------------------

# --- Cache, client address and admin login lockout (config/client_address.py, django-axes) -------
# One process (runserver), so a cache in its memory is enough; production.py shares one
# between all its processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The reverse proxies whose X-Forwarded-For is believed: IP addresses or networks (CIDR),
# comma-separated. None here: without a proxy in front, a client could choose its own address
# by sending the header. production.py trusts nginx on the same host.
PRAKTIJKBANK_TRUSTED_PROXIES = [
    entry.strip()
    for entry in os.environ.get("PRAKTIJKBANK_TRUSTED_PROXIES", "").split(",")
    if entry.strip()
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A failed attempt during the lockout starts the cool-off again (axes' default, said here
# because the lockout page promises "over 15 minuten" from the last attempt).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# Locked per username and client address together: a stranger who guesses at an editor's
# password locks that name out from the stranger's own address only, not the editor at work.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
# A successful login forgets the earlier failures of that username and address.
AXES_RESET_ON_SUCCESS = True
# The counts are kept in the database (axes' default handler), so every process sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# HTTP 429 with a Dutch page that says when to try again and never whether the name exists.
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# --- End of cache, client address and admin login lockout -----------------------------------------

# --- Task backend (index work: search.index_queue, search.tasks) ----------------------------
# Immediate: a task runs in the request that queues it, after the commit. platform/run (the
# local demo) has no worker process, so queued work must not wait for one; index work a
# failing engine left in the outbox is retried by the next change or reconcile_search_index.
# production.py runs tasks in a worker from the database instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# --- End of task backend --------------------------------------------------------------------
