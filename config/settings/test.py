"""Settings for the test suite."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]  # live_server and the test client use varying host names.
# Fast hashing: the suite creates users; real hashing would dominate its run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads from tests go to a throwaway folder, never into var/.
MEDIA_ROOT = os.environ.get("PRAKTIJKBANK_TEST_MEDIA", "/tmp/praktijkbank-test-media")
PRAKTIJKBANK_DEMO = False  # a test that wants the demo's local admin says so
# Plain storage: the manifest storage needs `collectstatic` (Wagtail's admin files included,
# a minute of hashing and compressing) before every run. tests/test_static.py collects the
# site's own files with the manifest storage and checks what WhiteNoise serves from them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "templates" / "static"]
# Nothing is collected for the tests: WhiteNoise serves from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# --- Cache, client address and admin login lockout ------------------------------------------------
# One process, so the in-memory cache is shared by all it serves; it is fast, needs no table,
# and each test run starts empty (tests that count, such as the rate limits, clear it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No proxy, as in base.py: tests that need one name it (tests/test_client_address.py).
PRAKTIJKBANK_TRUSTED_PROXIES = []
# The admin lockout stays on (base.py's AXES_*), as in production: the suite logs in with
# force_login(), which bypasses authenticate(), or through the real login form.
# --- End of cache, client address and admin login lockout -----------------------------------------

# --- Task backend ---------------------------------------------------------------------------
# Immediate (as in base.py), said here because production differs: a test then sees the effect
# of a change's index work as soon as its commit callbacks run, without a worker process.
# tests/search/test_index_queue_worker.py switches to the database backend and its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# --- End of task backend --------------------------------------------------------------------
