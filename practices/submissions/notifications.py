"""What the submitter and the editors are told, by e-mail, and the promised review time.

A mail server that is down never turns a saved case into an error: each sender logs the
failure for the operators and answers False (or 0).

An e-mail is read outside the site, so its links are absolute, all on the site's one configured
address (``WAGTAILADMIN_BASE_URL``, from PRAKTIJKBANK_BASE_URL), never on the Host of a request.
Links inside the site are relative.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from .models import Submission
from .tokens import hash_token

logger = logging.getLogger(__name__)

EDITOR_GROUP = "Redacteuren"


def absolute_url(path):
    """A path on the site as a full address for an e-mail; a full address stays as it is."""
    if not path or not path.startswith("/"):
        return path or ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def private_url(raw_token, name="status"):
    return absolute_url(reverse(f"submissions:{name}", args=[raw_token]))


# To the submitter ----------------------------------------------------------------------------


def _mail(submission, subject, template, context):
    contact = getattr(submission, "contact", None)
    if contact is None:
        return False
    context = {"submission": submission, "contact": contact, **context}
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, None, [contact.email], fail_silently=False)
    except Exception:
        # The case is saved either way; a mail server that is down must not turn that into an
        # error page. The submitter is on the private page already and can bookmark it.
        logger.exception("Submission %s: could not send %s", submission.reference, template)
        return False
    return True


def send_link(submission, raw_token):
    return _mail(
        submission,
        _("Uw praktijk voor de Praktijkbank: de link om verder te gaan"),
        "submissions/email/link.txt",
        {"link": private_url(raw_token), "expires": submission.token_expires_at},
    )


def send_receipt(submission, raw_token):
    _mail(
        submission,
        _("Ontvangen: uw praktijk %(reference)s") % {"reference": submission.reference},
        "submissions/email/receipt.txt",
        {"link": private_url(raw_token), "workdays": settings.SUBMISSION_REVIEW_WORKDAYS},
    )


def send_changes_requested(submission):
    """Tell the submitter what the editors ask, with a fresh private link.

    Only the hash of the old link is stored, so the e-mail cannot repeat it; it carries a new
    one and the old one stops working. If the e-mail does not go out, the old link is put back:
    the submitter must never be left without a working link.
    """
    old_hash = submission.token_hash
    raw = submission.renew_link()
    sent = _mail(
        submission,
        _("Wijzigingen gevraagd: uw praktijk %(reference)s") % {"reference": submission.reference},
        "submissions/email/changes_requested.txt",
        {"link": private_url(raw), "expires": submission.token_expires_at},
    )
    if not sent:
        Submission.objects.filter(pk=submission.pk, token_hash=hash_token(raw)).update(
            token_hash=old_hash
        )
    return sent


def send_rejected(submission):
    return _mail(
        submission,
        _("Niet geplaatst: uw praktijk %(reference)s") % {"reference": submission.reference},
        "submissions/email/rejected.txt",
        {},
    )


def send_published(submission, page_url):
    _mail(
        submission,
        _("Gepubliceerd: uw praktijk %(reference)s") % {"reference": submission.reference},
        "submissions/email/published.txt",
        {"page_url": absolute_url(page_url)},
    )


# To the editors ------------------------------------------------------------------------------


def editors_to_notify(page):
    """Redacteuren who want submission e-mails and are not already told by Wagtail.

    Wagtail's own "submitted for moderation" e-mail reaches the reviewers of the workflow task
    (Moderatoren, and superusers) even though the submitter has no account; the Redacteuren are
    not reviewers and hear nothing from it, so they get this one.
    """
    users = get_user_model().objects.filter(groups__name=EDITOR_GROUP, is_active=True)
    users = users.exclude(email="").exclude(pk__in=_task_reviewers(page)).distinct()
    return [user for user in users if UserProfile.get_for_user(user).submitted_notifications]


def _task_reviewers(page):
    task = page.current_workflow_task if page is not None else None
    groups = task.groups.all() if task is not None and hasattr(task, "groups") else []
    reviewers = get_user_model().objects.filter(groups__in=groups)
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        reviewers = reviewers | get_user_model().objects.filter(is_superuser=True)
    return reviewers.values("pk")


def notify_editors(submission, resubmitted=False):
    """A short e-mail to each editor, with the link to the case in the admin."""
    recipients = editors_to_notify(submission.fresh_page())
    if not recipients:
        return 0
    subject = (
        _("Opnieuw ingestuurd: %(reference)s")
        if resubmitted
        else _("Nieuwe inzending: %(reference)s")
    ) % {"reference": submission.reference}
    admin_url = absolute_url(reverse("submissions_admin:inspect", args=[submission.pk]))
    body = render_to_string(
        "submissions/email/editors_submitted.txt",
        {"submission": submission, "resubmitted": resubmitted, "admin_url": admin_url},
    )
    messages = [(subject, body, None, [user.email]) for user in recipients]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except Exception:
        # The case is in the admin's listing either way.
        logger.exception("Submission %s: could not notify the editors", submission.reference)
        return 0


# What the submitter is promised --------------------------------------------------------------


def review_time(submission=None):
    """The promised review time, and the date it ends (working days, weekends skipped)."""
    workdays = settings.SUBMISSION_REVIEW_WORKDAYS
    start = (
        timezone.localdate(submission.submitted_at)
        if submission and submission.submitted_at
        else timezone.localdate()
    )
    day, left = start, workdays
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return {"workdays": workdays, "review_until": day}
