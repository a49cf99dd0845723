"""The two e-mails of an alert: the confirmation (double opt-in) and the weekly digest.

Each is plain text with an HTML alternative, written in the alert's language. Links are
absolute on the site's one configured address (``WAGTAILADMIN_BASE_URL``), never on the Host of
a request. Every digest names its unsubscribe link in the ``List-Unsubscribe`` header with
``List-Unsubscribe-Post`` (RFC 8058), so a mail program can offer one-click unsubscribing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from practices.library.choices import Authenticity
from practices.submissions.notifications import absolute_url

from .searches import finder_path

logger = logging.getLogger(__name__)


def link(name, alert):
    """The absolute address of one of the alert's pages, in the alert's language."""
    with translation.override(alert.language):
        return absolute_url(reverse(f"alerts:{name}", args=[alert.token]))


def links(alert):
    return {
        "confirm_url": link("confirm", alert),
        "unsubscribe_url": link("unsubscribe", alert),
        "forget_url": link("forget", alert),
    }


def page_url(page, language):
    return absolute_url(translate_url(page.get_url() or "", language))


def page_title(page):
    """A fictitious example says so in its title, as in the feed (search.feeds)."""
    if getattr(page, "illustrative", False):
        return f"[{Authenticity.FICTITIOUS.label}] {page.title}"
    return page.title


def one_line(text, limit=150):
    """Text for a subject line: a header holds no line breaks, and a long one is cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(alert, subject, template, context, headers=None):
    context = {"language": alert.language, **links(alert), **context}
    with translation.override(alert.language):
        text = render_to_string(f"alerts/email/{template}.txt", context)
        html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, None, [alert.recipient.email], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(message, alert, what):
    try:
        message.send(fail_silently=False)
    except Exception as error:
        # Only the kind of error: a mail server's message (and so a traceback) may hold the
        # address, which no log may keep. The alert's number is enough to find the case.
        logger.error("Alert %s: could not send the %s (%s)", alert.pk, what, type(error).__name__)
        return False
    return True


def send_confirmation(alert):
    """The link to confirm. The e-mail goes to an address nobody has confirmed yet, so it holds
    nothing a stranger typed (the search's words): it could not carry someone's advertisement
    to any mailbox. The page behind the link shows the search."""
    with translation.override(alert.language):
        subject = _("Bevestig: e-mail bij nieuwe praktijken")
        days = settings.ALERT_CONFIRMATION_DAYS
    message = _message(alert, subject, "confirm", {"days": days})
    return _send(message, alert, "confirmation")


def send_digest(alert, query, description, pages):
    with translation.override(alert.language):
        subject = one_line(_("Nieuw in de Praktijkbank: %(search)s") % {"search": description})
        entries = [
            {
                "title": page_title(page),
                "url": page_url(page, alert.language),
                "summary": page.summary,
            }
            for page in pages
        ]
        finder_url = absolute_url(finder_path(query))
    headers = {
        "List-Unsubscribe": f"<{link('unsubscribe', alert)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    context = {"description": description, "entries": entries, "finder_url": finder_url}
    message = _message(alert, subject, "digest", context, headers)
    return _send(message, alert, "digest")
