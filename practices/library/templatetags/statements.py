"""The site's statements: the footer's links to them, and the retention periods that the
privacy statement shows.

The retention periods are read from the settings that the code itself uses to delete data and
to set cookies, so that the privacy statement cannot promise a period that the site does not
keep.
"""

from django import template
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Site

from practices.library.models import StatementPage, StatementType

register = template.Library()

# What the footer links to, in this order, and how it names each statement.
FOOTER_STATEMENTS = {
    StatementType.ACCESSIBILITY: _("Toegankelijkheid"),
    StatementType.PRIVACY: _("Privacy"),
}

DAY, HOUR, MINUTE = 24 * 60 * 60, 60 * 60, 60


@register.simple_tag(takes_context=True)
def statement_links(context):
    """(label, url) of each published statement the footer names, in the footer's order. A
    statement that does not exist (or is not published) is left out: never a broken link."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    pages = StatementPage.objects.live().public().filter(statement_type__in=FOOTER_STATEMENTS)
    if site is not None:
        pages = pages.descendant_of(site.root_page)
    found = {}
    for page in pages.order_by("path"):
        url = page.get_url(request)
        if url:  # None for a page that no site serves
            found.setdefault(page.statement_type, url)
    return [(label, found[kind]) for kind, label in FOOTER_STATEMENTS.items() if kind in found]


@register.simple_tag
def retention_periods():
    """What the site keeps about a person, what for and how long: one row each."""
    rows = [
        {
            "what": _("Naam, functie en e-mailadres van wie een praktijk instuurt"),
            "why": _(
                "Om u te laten weten hoe het met uw inzending gaat, en om u vragen te stellen."
            ),
            "how_long": _("Tot %(period)s nadat de redactie de praktijk plaatste of afwees")
            % {"period": duration(settings.SUBMISSION_CONTACT_RETENTION_DAYS * DAY)},
        },
        {
            "what": _("Een inzending die nooit is verstuurd, met de bijlagen"),
            "why": _("Zodat u later verder kunt gaan met de persoonlijke link."),
            "how_long": _("Tot de link niet meer werkt: %(period)s na uw laatste stap")
            % {"period": duration(settings.SUBMISSION_LINK_VALID_DAYS * DAY)},
        },
        # practices/alerts: send_search_alerts deletes unconfirmed alerts after this period.
        {
            "what": _("E-mailadres en zoekopdracht voor ‘E-mail bij nieuwe praktijken’"),
            "why": _(
                "Om u hooguit één keer per week te mailen wat er bij uw zoekopdracht nieuw is."
            ),
            "how_long": _("Tot u zich afmeldt. Zonder bevestiging: %(period)s")
            % {"period": duration(settings.ALERT_CONFIRMATION_DAYS * DAY)},
        },
    ]
    by_address, by_email = rate_limit_window("_ip"), rate_limit_window("_email")
    if by_address:
        rows.append(
            {
                "what": _("Een code, berekend uit het internetadres van uw computer"),
                "why": _("Om te voorkomen dat iemand een formulier heel vaak verstuurt."),
                "how_long": _("Hoogstens %(period)s") % {"period": duration(by_address)},
            }
        )
    if by_email:
        rows.append(
            {
                "what": _("Een code, berekend uit uw e-mailadres"),
                "why": _(
                    "Om te voorkomen dat iemand heel vaak een inzending begint of e-mail aanvraagt."
                ),
                "how_long": _("Hoogstens %(period)s") % {"period": duration(by_email)},
            }
        )
    session_age = None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    rows += [
        {
            "what": cookie(settings.SESSION_COOKIE_NAME),
            "why": _(
                "Onthoudt uw keuze bij ‘mijn gemeente’ en de inzending die u net begon. De site "
                "zet deze cookie alleen als u een van die twee gebruikt."
            ),
            "how_long": cookie_period(session_age),
        },
        {
            "what": cookie(settings.CSRF_COOKIE_NAME),
            "why": _("Beschermt de formulieren van de site tegen misbruik door andere sites."),
            "how_long": cookie_period(settings.CSRF_COOKIE_AGE),
        },
        {
            "what": cookie(settings.LANGUAGE_COOKIE_NAME),
            "why": _("Onthoudt of u de site in het Nederlands of in het Engels leest."),
            "how_long": cookie_period(settings.LANGUAGE_COOKIE_AGE),
        },
    ]
    if issubclass(import_string(settings.MESSAGE_STORAGE), CookieStorage | FallbackStorage):
        rows.append(
            {
                "what": cookie(CookieStorage.cookie_name),
                "why": _("Toont een bericht na een stap in het formulier, zoals ‘Opgeslagen’."),
                "how_long": _("Tot u het bericht hebt gezien"),
            }
        )
    return rows


def rate_limit_window(identity):
    """The longest time the forms' rate limits (submissions and alerts) keep a hashed address
    of this kind (``_ip`` or ``_email``) in the cache; 0 when no limit counts by it."""
    windows = [
        window
        for scope, (_count, window) in settings.SUBMISSION_RATE_LIMITS.items()
        if scope.endswith(identity)
    ]
    return max(windows, default=0)


def cookie(name):
    return _("De cookie ‘%(name)s’") % {"name": name}


def cookie_period(seconds):
    """How long a cookie stays: a number of seconds, or None for a cookie that the browser
    deletes when it closes (Django's setting for that)."""
    if seconds is None:
        return _("Tot u de browser sluit")
    return duration(seconds)


def duration(seconds):
    """A period in the largest whole unit: '365 dagen', '24 uur', '10 minuten'."""
    if seconds % DAY == 0:
        days = seconds // DAY
        return ngettext("%(count)d dag", "%(count)d dagen", days) % {"count": days}
    if seconds % HOUR == 0:
        hours = seconds // HOUR
        return ngettext("%(count)d uur", "%(count)d uur", hours) % {"count": hours}
    minutes = max(seconds // MINUTE, 1)
    return ngettext("%(count)d minuut", "%(count)d minuten", minutes) % {"count": minutes}
