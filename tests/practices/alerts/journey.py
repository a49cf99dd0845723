"""Steps of an alert's life as a visitor takes them, for the tests: subscribe, confirm, age."""

import datetime
import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from wagtail.models import Page

from practices.alerts.models import SearchAlert

SUBSCRIBE_URL = "/e-mail-bij-nieuwe-praktijken/"
FORM = "sociaal-ondernemerschap"
ADDRESS = "ambtenaar@gemeente.example"
LINK = re.compile(r"https://praktijkbank\.example(/\S*?/(?:[A-Za-z0-9_-]{40,64})/)")


def subscribe(client, email=ADDRESS, search=f"form={FORM}", **headers):
    url = SUBSCRIBE_URL + (f"?{search}" if search else "")
    return client.post(url, {"email": email}, **headers)


def links_in(message):
    """The site paths of the links in an e-mail's text: {"bevestigen": path, ...}."""
    return {
        urlsplit(path).path.rstrip("/").split("/")[-2]: path for path in LINK.findall(message.body)
    }


def confirmation_path(message):
    return links_in(message)["bevestigen"]


def subscribed_and_confirmed(client, email=ADDRESS, search=f"form={FORM}"):
    """Subscribe and confirm with the e-mail's link; the alert, and the confirmation mail."""
    mail.outbox.clear()
    subscribe(client, email, search)
    (message,) = mail.outbox
    client.post(confirmation_path(message))
    mail.outbox.clear()
    return SearchAlert.objects.get(recipient__email=email, search=search), message


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def age(alert, days):
    """The alert as if it was made and confirmed ``days`` ago, and never sent a digest."""
    SearchAlert.objects.filter(pk=alert.pk).update(
        created_at=days_ago(days), confirmed_at=days_ago(days) if alert.is_confirmed else None
    )
    alert.refresh_from_db()
    return alert


def everything_published_long_ago():
    """No page is news: the demo content was published when the test session began."""
    Page.objects.update(last_published_at=days_ago(400), first_published_at=days_ago(400))


def republish(page):
    """The page published again now: news for every alert whose search finds it."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
