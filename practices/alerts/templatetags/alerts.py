"""The finder's link to "E-mail bij nieuwe praktijken" for the search on the page."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def alert_url(feed_url):
    """The subscribe page for the search of a feed address (search.feeds.feed_url): the same
    parameters, so the e-mail follows exactly what the feed follows."""
    params = (feed_url or "").partition("?")[2]
    return reverse("alerts:subscribe") + (f"?{params}" if params else "")
