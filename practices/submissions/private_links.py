"""Pages behind a private link (a submission's, an e-mail alert's): the token in the URL and
what such a page must never do with it.

Both the submission form (practices.submissions) and the e-mail alerts (practices.alerts) send
a link that alone gives access; their URLs take the token through the ``private_token``
converter, and their views wear ``@private``.
"""

import functools

from django.shortcuts import render
from django.urls import register_converter
from django.utils.cache import add_never_cache_headers

from . import ratelimit


class TokenConverter:
    """A private link's token: URL-safe base64 from secrets.token_urlsafe(32)."""

    regex = r"[A-Za-z0-9_-]{40,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "private_token")


def private(view):
    """Never cached, never indexed, the token never sent to another site in a Referer."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form
        # posts, which Django's CSRF check rightly refuses. Other sites never see the link.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def too_many_requests(request, scope, template):
    """The page (429) for a visitor over a rate limit, with when to try again."""
    response = render(request, template, status=429)
    response["Retry-After"] = str(ratelimit.window_seconds(scope))
    return response
