"""The public submission form at /praktijk-insturen/, step by step, without an account.

Step 1 creates the submission and e-mails the private link /praktijk-insturen/<token>/. Every
later page is opened with that token; a wrong or expired token gives a 404. "Opslaan en verder"
saves a step only when it is valid: invalid input stores nothing and the step shows what to
correct. "Opslaan en later verder" keeps the step as it was typed, unchecked; the final check
before sending checks it.

A refused post (a step with errors, a submission not yet complete) is answered 400 with the
same page and its error summary: browsers show it alike, and to programs and logs a refusal
is then a 4xx, never a 200.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import drafting, notifications, private_links, ratelimit, steps
from .forms import StartForm
from .models import Submission, SubmissionAttachment
from .tokens import make_stamp

SESSION_KEY = "submissions.started"
REVIEW_STEP = 6


def too_many_requests(request, scope):
    return private_links.too_many_requests(request, scope, "submissions/rate_limited.html")


def _posts_allowed(request):
    return ratelimit.allow("post_per_ip", ratelimit.client_ip(request))


def _submission_or_404(token):
    submission = Submission.objects.by_token(token)
    if submission is None:
        raise Http404(_("Deze link werkt niet (meer)."))
    return submission


# Step navigation ---------------------------------------------------------------------------


def _step_nav(submission, token, current):
    items = []
    for step in steps.steps():
        items.append(
            {
                "number": step.number,
                "title": step.title,
                "current": step.number == current,
                "done": bool(submission) and step.is_done(submission),
                "url": reverse("submissions:step", args=[token, step.number]) if token else "",
            }
        )
    items.append(
        {
            "number": REVIEW_STEP,
            "title": _("Controleren en versturen"),
            "current": current == REVIEW_STEP,
            "done": False,
            "url": reverse("submissions:review", args=[token]) if token else "",
        }
    )
    return items


def _error_links(form):
    """Every error as (anchor, label, message) for the summary at the top of the page."""
    links = []
    for bound, message in form.bound_errors():
        if bound is None:
            links.append(("", "", message))
            continue
        anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
        links.append((anchor, bound.label, message))
    return links


def _render_step(request, *, step, form, submission=None, token="", status=200, extra=None):
    context = {
        "step": step,
        "form": form,
        "submission": submission,
        "token": token,
        "step_nav": _step_nav(submission, token, step.number),
        "total_steps": REVIEW_STEP,
        "is_last_step": step.number == len(steps.steps()),
        "error_links": _error_links(form) if form.is_bound else [],
        **(extra or {}),
    }
    template = f"submissions/step_{step.number}.html"
    return render(request, template, context, status=status)


# Step 1 for a new submission ---------------------------------------------------------------


@private_links.private
@require_http_methods(["GET", "POST"])
def start(request):
    step = steps.step_by_number(1)
    if request.method != "POST":
        form = StartForm()
        return _render_step(request, step=step, form=form, extra={"stamp": make_stamp()})
    if not _posts_allowed(request):
        return too_many_requests(request, "post_per_ip")
    form = StartForm(request.POST)
    if not form.is_valid():
        stamp = make_stamp() if form.stamp_problem else request.POST.get("started", "")
        return _render_step(request, step=step, form=form, status=400, extra={"stamp": stamp})

    earlier = _earlier_start(request, form.nonce)
    if earlier is not None:
        return earlier
    ip = ratelimit.client_ip(request)
    if not ratelimit.allow("start_per_ip", ip):
        return too_many_requests(request, "start_per_ip")
    if not ratelimit.allow("start_per_email", form.cleaned_data["email"]):
        return too_many_requests(request, "start_per_email")
    try:
        with transaction.atomic():
            submission, token = Submission.start(
                municipality=form.cleaned_data["municipality"], nonce=form.nonce
            )
            form.save(submission)
            submission.save()
    except IntegrityError:
        # The same form arrived twice at the same moment; the other request created the case.
        return _earlier_start(request, form.nonce) or redirect("submissions:start")
    # Only this browser's session learns the token, so a double click lands on the same case.
    request.session[SESSION_KEY] = {"nonce": form.nonce, "token": token}
    if notifications.send_link(submission, token):
        messages.success(
            request,
            _(
                "Opgeslagen. We hebben u een e-mail gestuurd met uw persoonlijke link. Daarmee "
                "gaat u later verder. U kunt deze pagina ook als bladwijzer bewaren."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "Opgeslagen. Het lukte niet u een e-mail te sturen. Bewaar deze pagina als "
                "bladwijzer: het adres is uw persoonlijke link om later verder te gaan."
            ),
        )
    return redirect("submissions:step", token, 2)


def _earlier_start(request, nonce):
    """The answer when this very form was already used to start a submission, else None."""
    if not Submission.objects.filter(start_nonce=nonce).exists():
        return None
    started = request.session.get(SESSION_KEY) or {}
    if started.get("nonce") == nonce and Submission.objects.by_token(started.get("token")):
        return redirect("submissions:step", started["token"], 2)
    # Refused as a conflict: this form already started a case, in another browser.
    return render(request, "submissions/already_started.html", status=409)


# Steps 1-5 for a submission in progress ----------------------------------------------------


@private_links.private
@require_http_methods(["GET", "POST"])
def step(request, token, number):
    submission = _submission_or_404(token)
    current = steps.step_by_number(number)
    if current is None:
        raise Http404(_("Deze stap bestaat niet."))
    if not submission.is_editable:
        return redirect("submissions:status", token)
    if request.method != "POST":
        form = current.initial_form(submission)
        return _render_step(request, step=current, form=form, submission=submission, token=token)
    if not _posts_allowed(request):
        return too_many_requests(request, "post_per_ip")
    form = current.form(submission, request.POST, request.FILES)
    action = request.POST.get("action")
    if action == "later" and form.keeps_drafts:
        return _save_for_later(request, form, submission, token)
    if not form.is_valid() or not steps.save(form, submission):
        return _render_step(
            request, step=current, form=form, submission=submission, token=token, status=400
        )
    if action == "later":
        messages.success(request, _("Uw antwoorden zijn bewaard."))
        return redirect("submissions:status", token)
    if action == "upload":
        messages.success(request, _("De bijlage is toegevoegd."))
        return redirect(reverse("submissions:step", args=[token, number]) + "#bijlagen")
    if number < len(steps.steps()):
        return redirect("submissions:step", token, number + 1)
    return redirect("submissions:review", token)


def _save_for_later(request, form, submission, token):
    """Keep the step as typed, without checking it, and say when it will be checked."""
    if steps.save_draft(form, submission):
        messages.success(
            request,
            _(
                "Uw antwoorden zijn bewaard zoals u ze typte. We controleren ze als u op "
                "‘Opslaan en verder’ klikt, en voordat u de praktijk verstuurt."
            ),
        )
        if note := form.draft_note():
            messages.warning(request, note)
    return redirect("submissions:status", token)


@private_links.private
@require_http_methods(["POST"])
def remove_attachment(request, token, key):
    submission = _submission_or_404(token)
    if not _posts_allowed(request):
        return too_many_requests(request, "post_per_ip")
    if submission.is_editable:
        attachment = get_object_or_404(submission.attachments, key=key)
        attachment.delete()
        messages.success(request, _("De bijlage is weggehaald."))
    return redirect(reverse("submissions:step", args=[token, 5]) + "#bijlagen")


# Review, submit, receipt, status -----------------------------------------------------------


@private_links.private
@require_http_methods(["GET", "POST"])
def review(request, token):
    submission = _submission_or_404(token)
    if not submission.is_editable:
        # Sent again (double click, back button, retry): the answer of the first time.
        target = "submissions:receipt" if request.method == "POST" else "submissions:status"
        return redirect(target, token)
    status = 200
    error = ""
    forms = steps.stored_forms(submission)
    if request.method == "POST":
        if not _posts_allowed(request):
            return too_many_requests(request, "post_per_ip")
        result = drafting.submit(submission, token)
        if result.submitted or result.already:
            return redirect("submissions:receipt", token)
        # Not sent: the engine of the site failed (503), or the answers are not complete (400).
        status = 503 if result.error else 400
        error = result.error
        checked = result.check or steps.check(submission, forms)
    else:
        checked = steps.check(submission, forms)
    context = {
        "submission": submission,
        "token": token,
        "step_nav": _step_nav(submission, token, REVIEW_STEP),
        "total_steps": REVIEW_STEP,
        "check": checked,
        "posted": request.method == "POST",
        "error": error,
        "summary": steps.summary(submission, forms),
        "completeness": steps.completeness(submission, forms),
    }
    return render(request, "submissions/review.html", context, status=status)


@private_links.private
@require_http_methods(["GET"])
def receipt(request, token):
    submission = _submission_or_404(token)
    if submission.is_editable:
        return redirect("submissions:review", token)
    context = {"submission": submission, "token": token, **notifications.review_time(submission)}
    return render(request, "submissions/receipt.html", context)


@private_links.private
@require_http_methods(["GET"])
def status(request, token):
    submission = _submission_or_404(token)
    forms = steps.stored_forms(submission)
    context = {
        "submission": submission,
        "token": token,
        "step_nav": _step_nav(submission, token, 0) if submission.is_editable else [],
        "summary": steps.summary(submission, forms),
        "completeness": steps.completeness(submission, forms),
        **notifications.review_time(submission),
    }
    return render(request, "submissions/status.html", context)


# Attachments -------------------------------------------------------------------------------


def can_see_attachment(user, attachment):
    """Editors see every attachment; the public only those the live practice page links."""
    if user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"):
        return True
    page = attachment.submission.page
    return bool(page and page.live and attachment.is_linked_from(page))


@require_http_methods(["GET"])
def attachment(request, key):
    """An attachment, to editors, or to anyone while the published practice links it."""
    found = SubmissionAttachment.objects.select_related("submission__page").filter(key=key).first()
    if found is None or not can_see_attachment(request.user, found):
        raise Http404(_("Deze bijlage bestaat niet of is niet openbaar."))
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Deze bijlage bestaat niet of is niet openbaar.")) from missing
    response = FileResponse(
        handle, as_attachment=True, filename=found.public_name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
