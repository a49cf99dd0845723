"""Checking a submission, submitting it once, and turning it into a draft practice page."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowState
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from practices.library.models import PracticeFactor, PracticeIndexPage, PracticeLink, PracticePage
from practices.taxonomy.models import Factor

from .forms import (
    ClassificationForm,
    ContactForm,
    LinksForm,
    OutcomeForm,
    PracticeForm,
    factors_from_answers,
    links_from_answers,
)
from .models import EDITABLE_STATUSES, REJECTABLE_STATUSES, Submission, SubmissionStatus
from .tokens import hash_token

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Redactie"


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    form_class: type
    field: str = ""  # the JSON field that keeps the answers; step 1 uses typed fields


def steps():
    return [
        Step(1, "gemeente", _("Gemeente en contactpersoon"), ContactForm),
        Step(2, "praktijk", _("De praktijk"), PracticeForm, "practice_answers"),
        Step(3, "indeling", _("Vorm en strategie"), ClassificationForm, "classification_answers"),
        Step(4, "resultaat", _("Wat werkte en hoe ging het"), OutcomeForm, "outcome_answers"),
        Step(5, "links", _("Links en bijlagen"), LinksForm, "link_answers"),
    ]


def step_by_number(number):
    return next((step for step in steps() if step.number == number), None)


def form_kwargs(step, submission):
    """Extra arguments a step's form needs from the rest of the submission."""
    if step.number == 4:
        return {"start_year": (submission.practice_answers or {}).get("start_year")}
    if step.number == 5:
        return {"attachment_count": submission.attachments.count()}
    return {}


def contact_answers(submission):
    contact = getattr(submission, "contact", None)
    if contact is None or submission.municipality_id is None:
        return {}
    return {
        "municipality": submission.municipality_id,
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
    }


def answers_of(step, submission):
    if step.number == 1:
        return contact_answers(submission)
    return getattr(submission, step.field) or {}


def bound_step_form(step, submission):
    """The step's form bound to the stored answers, for checking them again."""
    return step.form_class.from_answers(
        answers_of(step, submission), **form_kwargs(step, submission)
    )


def is_step_done(step, submission):
    return bool(answers_of(step, submission))


@dataclass
class Check:
    """Which steps still need attention before the case can be submitted."""

    problems: list = field(default_factory=list)  # (step, [messages])
    forms: dict = field(default_factory=dict)  # step number -> valid bound form

    @property
    def complete(self):
        return not self.problems


def check(submission):
    result = Check()
    for step in steps():
        if not is_step_done(step, submission):
            result.problems.append((step, [_("Deze stap is nog niet ingevuld.")]))
            continue
        form = bound_step_form(step, submission)
        if form.is_valid():
            result.forms[step.number] = form
        else:
            messages = [str(error) for errors in form.errors.values() for error in errors]
            result.problems.append((step, messages))
    return result


# Completeness ------------------------------------------------------------------------------


def completeness(submission):
    """The optional parts that make a case more useful to others, and which are filled in."""
    practice = submission.practice_answers or {}
    classification = submission.classification_answers or {}
    outcome = submission.outcome_answers or {}
    factors = factors_from_answers(outcome)
    parts = [
        (2, _("De aanleiding"), bool(practice.get("context"))),
        (2, _("Het startjaar"), bool(practice.get("start_year"))),
        (
            3,
            _("De rol van de gemeente op de participatietrap"),
            bool(classification.get("government_role")),
        ),
        (3, _("De strategieën van de gemeente"), bool(classification.get("strategies"))),
        (3, _("Beleidsterreinen"), bool(classification.get("sectors"))),
        (3, _("Knelpunten"), bool(classification.get("challenges"))),
        (4, _("Succesfactoren: wat hielp"), any(f["kind"] == "success" for f in factors)),
        (4, _("Faalfactoren: wat werkte tegen"), any(f["kind"] == "failure" for f in factors)),
        (4, _("Wat het opleverde"), bool(outcome.get("result"))),
        (
            5,
            _("Links naar meer informatie"),
            bool(links_from_answers(submission.link_answers or {})),
        ),
        (5, _("Bijlagen, zoals een evaluatie"), submission.attachments.exists()),
    ]
    items = [{"step": step, "label": label, "done": done} for step, label, done in parts]
    done = sum(1 for item in items if item["done"])
    return {
        "items": items,
        "done": done,
        "total": len(items),
        "missing": [item for item in items if not item["done"]],
    }


# Submitting ------------------------------------------------------------------------------


@dataclass
class SubmitResult:
    submitted: bool = False
    already: bool = False
    check: Check | None = None
    error: str = ""


def submit(submission, raw_token):
    """Submit once: a second call (double click, back button, retry) changes nothing.

    The case is claimed with a conditional UPDATE inside the transaction: of two simultaneous
    requests only one sees its row change from an editable status; the other finds nothing to
    claim and answers as if it had already been submitted. The one-to-one link between a
    submission and its page backs this up in the database.
    """
    if submission.status not in EDITABLE_STATUSES:
        return SubmitResult(already=True)
    result = check(submission)
    if not result.complete:
        return SubmitResult(check=result)
    index = PracticeIndexPage.objects.first()
    if index is None:
        logger.error("Submission %s: there is no practice index page", submission.reference)
        return SubmitResult(error=_("De praktijkbank kan nu geen inzendingen aannemen."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        claimed = Submission.objects.filter(pk=locked.pk, status__in=EDITABLE_STATUSES).update(
            status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now()
        )
        if not claimed:
            return SubmitResult(already=True)
        locked.refresh_from_db()
        page = existing_page(locked)
        resubmitted = page is not None
        if resubmitted:
            update_page(page, locked, result.forms)
        else:
            page = build_page(locked, result.forms, index)
        locked.page = page
        locked.extend_link()
        locked.save(update_fields=["page", "token_expires_at", "updated_at"])
        transaction.on_commit(lambda: send_receipt(locked, raw_token))
        transaction.on_commit(lambda: notify_editors(locked, resubmitted=resubmitted))
    return SubmitResult(submitted=True)


def existing_page(submission):
    """The draft page of an earlier submit, to update after changes were requested."""
    if submission.page_id is None:
        return None
    return PracticePage.objects.filter(pk=submission.page_id).first()


def build_page(submission, forms, index):
    """A draft practice page (not live) under the practice index, in the editors' workflow."""
    title = forms[2].cleaned_data["title"]
    page = PracticePage(
        slug=find_available_slug(index, slugify(title)[:70] or "praktijk"),
        live=False,
        **page_fields(submission, forms),
    )
    set_page_relations(page, submission, forms)
    index.add_child(instance=page)
    page.save_revision(log_action=True)
    _start_workflow(page)
    return page


def update_page(page, submission, forms):
    """The submitter's corrected answers as a new revision of the same draft page.

    One page per case, so editors compare the revisions in Wagtail and see what changed. The
    slug stays as it was. The page goes back into the workflow where the moderator left it.
    """
    for name, value in page_fields(submission, forms).items():
        setattr(page, name, value)
    set_page_relations(page, submission, forms)
    if not page.live:
        # As Wagtail's own edit view does: a page that is not live keeps its row as the draft.
        page.save()
    page.save_revision(log_action=True)
    _return_to_workflow(page)
    return page


def page_fields(submission, forms):
    """The page's own fields from the checked answers."""
    practice = forms[2].cleaned_data
    classification = forms[3].cleaned_data
    outcome = forms[4].cleaned_data
    return {
        "title": practice["title"],
        "summary": practice["summary"],
        "body": _body(practice, outcome),
        # Anonymous cases keep the municipality on the submission, for editors only.
        "municipality": None if outcome.get("anonymous") else submission.municipality,
        "start_year": practice.get("start_year"),
        "end_year": outcome.get("end_year"),
        "status": outcome["status"],
        "stop_reason": outcome.get("stop_reason") or "",
        "government_role": classification.get("government_role"),
    }


def set_page_relations(page, submission, forms):
    """Terms, factors and links; replaces whatever the page had, in memory until it is saved."""
    classification = forms[3].cleaned_data
    outcome = forms[4].cleaned_data
    links = forms[5].cleaned_data
    page.forms.set(classification["form_types"])
    page.strategies.set(classification.get("strategies") or [])
    page.sectors.set(classification.get("sectors") or [])
    page.challenges.set(classification.get("challenges") or [])
    page.factors = [
        PracticeFactor(
            factor=item["factor"] or _factor_named(item["new"]),
            kind=item["kind"],
            explanation=item["explanation"],
        )
        for item in factors_from_answers(outcome)
    ]
    page_links = [
        PracticeLink(title=link["title"], url=link["url"]) for link in links_from_answers(links)
    ]
    for attachment in submission.attachments.all():
        # The attachment view serves these to the public only once the page is live.
        url = settings.SUBMISSION_BASE_URL.rstrip("/") + reverse(
            "submissions:attachment", args=[attachment.key]
        )
        title = _("Bijlage: %(name)s") % {"name": attachment.original_name}
        page_links.append(PracticeLink(title=title[:200], url=url))
    page.links = page_links


def _body(practice, outcome):
    sections = [
        ("context", practice.get("context")),
        ("initiative", practice.get("what_happened")),
        ("municipality_role", practice.get("municipality_role")),
        ("result", outcome.get("result")),
    ]
    return [(name, RichText(plain_text_to_html(text))) for name, text in sections if text]


def plain_text_to_html(text):
    """Plain text as paragraphs: every character escaped, blank lines between paragraphs."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part
    )


def _factor_named(name):
    """An existing factor with this name (any case), or a new one for the editors to review."""
    existing = Factor.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    base = slugify(name)[:70] or "factor"
    slug, number = base, 1
    while Factor.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Factor.objects.create(name=name, slug=slug)


def _start_workflow(page):
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    workflow = workflow or page.get_workflow()
    if workflow is None:
        logger.warning("Practice page %s: no active workflow to start", page.pk)
        return None
    # No user: the submitter has no account. Wagtail notifies the task's reviewers.
    return workflow.start(page, None)


def _return_to_workflow(page):
    """Back to the moderator: resume the workflow that asked for changes, or start it again."""
    state = page.current_workflow_state
    if state is None:
        return _start_workflow(page)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Restarts the task that asked for changes, on the new revision.
        state.resume(user=None)
    return state


def _cancel_workflow(page, user):
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)


# Decisions of the editors ---------------------------------------------------------------------


def request_changes(page_id, comment, user=None):
    """A moderator asked for changes on the workflow task: the case goes back to the submitter.

    Only a case that is waiting for review changes; a later edit of a published practice that
    goes through the workflow again is the editors' own work and does not concern the submitter.
    Returns the submission, or None when there was none to change.
    """
    changed = Submission.objects.filter(page_id=page_id, status=SubmissionStatus.SUBMITTED).update(
        status=SubmissionStatus.CHANGES_REQUESTED, editor_comment=comment, updated_at=timezone.now()
    )
    if not changed:
        return None
    submission = Submission.objects.select_related("municipality").get(page_id=page_id)
    log(submission, "submissions.changes_requested", user=user, data={"comment": comment})
    transaction.on_commit(lambda: send_changes_requested(submission))
    return submission


def reject(submission, reason, user):
    """Turn the case down with a reason: the page stays unpublished and leaves the workflow.

    False when the case is not (or no longer) waiting for a decision, for instance because
    another editor already rejected or published it.
    """
    with transaction.atomic():
        changed = Submission.objects.filter(
            pk=submission.pk, status__in=REJECTABLE_STATUSES
        ).update(status=SubmissionStatus.REJECTED, editor_comment=reason, updated_at=timezone.now())
        if not changed:
            return False
        submission.refresh_from_db()
        page = existing_page(submission)
        if page is not None:
            _cancel_workflow(page, user)
        log(submission, "submissions.reject", user=user, data={"reason": reason})
        transaction.on_commit(lambda: send_rejected(submission))
    return True


def user_can_reject(user, submission):
    """Who may publish the draft page may also decide that it will not be published."""
    if not (user.is_active and user.has_perm("submissions.change_submission")):
        return False
    page = existing_page(submission)
    if page is None:
        return user.is_superuser
    return page.permissions_for_user(user).can_publish()


# E-mail ------------------------------------------------------------------------------------


def private_url(raw_token, name="status"):
    path = reverse(f"submissions:{name}", args=[raw_token])
    return settings.SUBMISSION_BASE_URL.rstrip("/") + path


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
        {"page_url": page_url},
    )


# Notifying the editors -----------------------------------------------------------------------

EDITOR_GROUP = "Redacteuren"


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
    recipients = editors_to_notify(existing_page(submission))
    if not recipients:
        return 0
    subject = (
        _("Opnieuw ingestuurd: %(reference)s")
        if resubmitted
        else _("Nieuwe inzending: %(reference)s")
    ) % {"reference": submission.reference}
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "submissions_admin:inspect", args=[submission.pk]
    )
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


# What the submitter sees ---------------------------------------------------------------------


def review_time(submission=None):
    """The promised review time, and the date it ends (working days, weekends skipped)."""
    workdays = settings.SUBMISSION_REVIEW_WORKDAYS
    start = (
        timezone.localdate(submission.submitted_at)
        if submission and (submission.submitted_at)
        else timezone.localdate()
    )
    day, left = start, workdays
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return {"workdays": workdays, "review_until": day}


def _names(model, pks):
    if not pks:
        return []
    found = {term.pk: str(term) for term in model.objects.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


def summary(submission):
    """The answers per step as (label, text or list of texts), for the review and status pages."""
    from practices.library.choices import Status
    from practices.taxonomy.models import Challenge, Form, Rung, Sector, Strategy

    contact = getattr(submission, "contact", None)
    practice = submission.practice_answers or {}
    classification = submission.classification_answers or {}
    outcome = submission.outcome_answers or {}
    factor_names = {
        factor.pk: factor.name
        for factor in Factor.objects.filter(
            pk__in=[f["factor"] for f in factors_from_answers(outcome) if f["factor"]]
        )
    }

    def factor_lines(kind):
        return [
            (factor_names.get(f["factor"]) or f["new"])
            + (f": {f['explanation']}" if f["explanation"] else "")
            for f in factors_from_answers(outcome)
            if f["kind"] == kind
        ]

    role = _names(Rung, [classification.get("government_role")])
    sections = {
        1: [
            (_("Gemeente"), submission.municipality.name if submission.municipality else ""),
            (_("Naam"), contact.name if contact else ""),
            (_("Functie of rol"), contact.role if contact else ""),
            (_("E-mailadres"), contact.email if contact else ""),
        ],
        2: [
            (_("Naam van de praktijk"), practice.get("title", "")),
            (_("Samenvatting"), practice.get("summary", "")),
            (_("Aanleiding"), practice.get("context", "")),
            (_("Wat is er gebeurd?"), practice.get("what_happened", "")),
            (_("Wat deed de gemeente?"), practice.get("municipality_role", "")),
            (_("Startjaar"), practice.get("start_year") or ""),
        ],
        3: [
            (_("Vorm van doe-democratie"), _names(Form, classification.get("form_types"))),
            (_("Rol op de participatietrap"), role[0] if role else ""),
            (_("Strategieën"), _names(Strategy, classification.get("strategies"))),
            (_("Beleidsterreinen"), _names(Sector, classification.get("sectors"))),
            (_("Knelpunten"), _names(Challenge, classification.get("challenges"))),
        ],
        4: [
            (
                _("Hoe staat het ervoor?"),
                Status(outcome["status"]).label if outcome.get("status") in Status.values else "",
            ),
            (_("Waarom gestopt"), outcome.get("stop_reason", "")),
            (_("Eindjaar"), outcome.get("end_year") or ""),
            (_("Wat leverde het op?"), outcome.get("result", "")),
            (_("Succesfactoren"), factor_lines("success")),
            (_("Faalfactoren"), factor_lines("failure")),
            (
                _("Zonder naam van de gemeente tonen"),
                (_("Ja") if submission.anonymous else _("Nee")) if outcome else "",
            ),
        ],
        5: [
            (
                _("Links"),
                [
                    f"{link['title']} – {link['url']}"
                    for link in links_from_answers(submission.link_answers or {})
                ],
            ),
            (
                _("Bijlagen"),
                [attachment.original_name for attachment in submission.attachments.all()],
            ),
        ],
    }
    return [
        {"step": step, "rows": [_row(label, value) for label, value in sections[step.number]]}
        for step in steps()
    ]


def _row(label, value):
    if isinstance(value, list):
        return {"label": label, "items": [str(item) for item in value], "text": ""}
    return {"label": label, "items": [], "text": "" if value is None else str(value)}
