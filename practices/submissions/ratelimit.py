"""Fixed-window rate limits in Django's cache, per IP address and per e-mail address."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    # REMOTE_ADDR only: a forwarded-for header is trivial to forge. Behind a proxy, the proxy
    # must set REMOTE_ADDR (for example with a trusted-proxy middleware in the web server).
    return request.META.get("REMOTE_ADDR") or "unknown"


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
