"""The public pages of an alert: subscribe, confirm, unsubscribe, and delete all my data.

Subscribing always answers the same ("Kijk in uw mailbox"), whether the address is new, known
or already confirmed: nobody learns from the site which addresses follow a search. The pages
behind an e-mail's link never change anything on GET, because mail scanners open links: only
the button on the page (a POST) confirms, unsubscribes or deletes. The unsubscribe address also
takes the one-click POST of a mail program (RFC 8058), without a CSRF token: the token in the
address is what authenticates it. No page ever shows the address.
"""

from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from practices.submissions import private_links, ratelimit
from search.facets import choices_read_once
from search.feeds import describe

from . import mail
from .forms import SubscribeForm
from .models import AlertRecipient, SearchAlert, normalize_email
from .searches import finder_form, read_saved, saved_form_of


def too_many_requests(request, scope):
    return private_links.too_many_requests(request, scope, "alerts/rate_limited.html")


def link_not_working(request):
    return render(request, "alerts/link_not_working.html", status=404)


# Subscribe -----------------------------------------------------------------------------------


@private_links.private
@require_http_methods(["GET", "POST"])
def subscribe(request):
    with choices_read_once():  # the form and the description read the same choices
        search_form = finder_form(request.GET)
        if not search_form.is_valid():
            context = {"errors": search_form.error_list()}
            return render(request, "alerts/bad_search.html", context, status=400)
        query = search_form.to_query()
        description = describe(query)
    context = {"description": description, "search": saved_form_of(query)}
    if request.method != "POST":
        return render(request, "alerts/subscribe.html", {"form": SubscribeForm(), **context})
    if not ratelimit.allow("alert_per_ip", ratelimit.client_ip(request)):
        return too_many_requests(request, "alert_per_ip")
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        context.update(form=form, error_links=form.error_links())
        return render(request, "alerts/subscribe.html", context)
    email = normalize_email(form.cleaned_data["email"])
    # Over the limit for this address: the same answer, and no e-mail. A 429 here would tell
    # anyone that the address was used before.
    if ratelimit.allow("alert_per_email", email):
        alert = _unconfirmed_alert(email, context["search"])
        if alert is not None:
            mail.send_confirmation(alert)
    return redirect("alerts:sent")


def _unconfirmed_alert(email, search):
    """A new alert for (address, search), or the one not yet confirmed; None when the address
    already follows the search."""
    try:
        with transaction.atomic():
            recipient, _created = AlertRecipient.objects.get_or_create(email=email)
            alert, created = SearchAlert.objects.get_or_create(
                recipient=recipient, search=search, defaults={"language": get_language()}
            )
    except IntegrityError:  # the same form twice at the same moment: the other one sends
        return None
    if alert.is_confirmed:
        return None
    if not created and alert.confirmation_expired:
        alert.delete()  # its link no longer works; a fresh alert gets a fresh period
        return _unconfirmed_alert(email, search)
    return alert


@private_links.private
def sent(request):
    return render(request, "alerts/sent.html")


# Behind the links in the e-mails -----------------------------------------------------------


def _alert_page(request, alert, template, **extra):
    found = read_saved(alert.search)
    context = {
        "alert": alert,
        "description": found[1] if found else "",
        "token": alert.token,
        **extra,
    }
    return render(request, template, context)


@private_links.private
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    alert = SearchAlert.objects.by_token(token)
    if alert is None:
        return link_not_working(request)
    if request.method == "POST":
        alert.confirm()
        return _alert_page(request, alert, "alerts/confirmed.html")
    return _alert_page(request, alert, "alerts/confirm.html")


@private_links.private
@csrf_exempt  # RFC 8058: the mail program posts without a CSRF token; the token authenticates
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    alert = SearchAlert.objects.by_token(token)
    if request.method == "POST":
        # Also when the alert is gone already: a second click, or the mail program's
        # one-click after the button, gets the same answer.
        if alert is not None:
            with transaction.atomic():
                alert.unsubscribe()
        return render(request, "alerts/unsubscribed.html")
    if alert is None:
        return link_not_working(request)
    return _alert_page(request, alert, "alerts/unsubscribe.html")


@private_links.private
@require_http_methods(["GET", "POST"])
def forget(request, token):
    alert = SearchAlert.objects.by_token(token)
    if request.method == "POST":
        if alert is not None:
            alert.recipient.delete()  # and every alert of the address with it (CASCADE)
        return render(request, "alerts/forgotten.html")
    if alert is None:
        return link_not_working(request)
    count = alert.recipient.alerts.count()
    return _alert_page(request, alert, "alerts/forget.html", count=count)
