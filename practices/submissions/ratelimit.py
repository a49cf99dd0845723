"""Fixed-window rate limits in Django's cache, per IP address and per e-mail address.

The counts live in the "default" cache, which production shares between every process
(config.settings.production: CACHES); a cache per process would multiply each limit by the
number of workers.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from config.client_address import client_address


def client_ip(request):
    """The visitor's address behind the trusted reverse proxy; a forged header is ignored."""
    return client_address(request)


def allow(scope, identity):
    """Count one hit for (scope, identity); False when the limit for the scope is exceeded."""
    limit, window = settings.SUBMISSION_RATE_LIMITS[scope]
    digest = hashlib.sha256(str(identity).strip().lower().encode()).hexdigest()[:32]
    key = f"submissions:rate:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def window_seconds(scope):
    return settings.SUBMISSION_RATE_LIMITS[scope][1]
