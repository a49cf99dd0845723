"""robots.txt: what crawlers may fetch, and where the sitemap is.

It lives beside the URL configuration because it is about the site's addresses as a whole:
the admin, the submission form's private links and the API's exports belong to three apps.
Each address is reversed rather than typed, so a moved URL moves its rule with it.

The public site is open to crawlers. Closed to them: both admins; every page behind a
submitter's private link (the form's start page stays open; the attachments under it are
closed too, and already answer with ``X-Robots-Tag: noindex``), in each language; and the
streamed exports, which serve whole lists and would be fetched once per filter combination.
The rules use the ``*`` wildcard of RFC 9309, which the major crawlers follow.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

EXPORTS = "practices/export."  # export.csv and export.json, under the API's root


def robots_txt(request):
    """GET /robots.txt, with the sitemap's absolute address at the host that was asked."""
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in disallowed_paths()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def disallowed_paths():
    paths = [reverse("wagtailadmin_home"), reverse("admin:index")]
    paths += _private_submission_pages()
    paths.append(f"{reverse('api-1:api-root')}{EXPORTS}")
    return paths


def _private_submission_pages():
    """``/praktijk-insturen/*/``: whatever follows the start page, in each language's prefix."""
    starts = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            start = reverse("submissions:start")
        if start not in starts:
            starts.append(start)
    return [f"{start}*/" for start in starts]
