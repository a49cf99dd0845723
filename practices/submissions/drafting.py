"""Submitting a case once, and turning its checked answers into a draft practice page.

The page is never live: it waits in the editors' workflow. Factors the submitter named in their
own words stay proposals on the submission (``ProposedFactor``) and reach the page only once an
editor has decided on them; so does a municipality that was not in the list.

Attachments are linked by a site-relative path: the page links to them on whatever address the
site runs on.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.rich_text import RichText

from practices.library.models import PracticeFactor, PracticeIndexPage, PracticeLink, PracticePage

from . import notifications, workflow
from .forms import ClassificationForm, LinksForm, OutcomeForm, PracticeForm
from .models import EDITABLE_STATUSES, ProposedFactor, Submission, SubmissionStatus
from .steps import check, keep_checked_drafts

logger = logging.getLogger(__name__)


@dataclass
class SubmitResult:
    submitted: bool = False
    already: bool = False
    check: object = None
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
        return SubmitResult(error=_("De Praktijkbank kan nu geen inzendingen aannemen."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        claimed = Submission.objects.filter(pk=locked.pk, status__in=EDITABLE_STATUSES).update(
            status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now()
        )
        if not claimed:
            return SubmitResult(already=True)
        locked.refresh_from_db()
        keep_checked_drafts(locked, result)
        page = locked.fresh_page()
        resubmitted = page is not None
        if resubmitted:
            update_page(page, locked, result.forms)
        else:
            page = build_page(locked, result.forms, index)
        locked.page = page
        locked.extend_link()
        locked.save()
        transaction.on_commit(lambda: notifications.send_receipt(locked, raw_token))
        transaction.on_commit(lambda: notifications.notify_editors(locked, resubmitted=resubmitted))
    return SubmitResult(submitted=True)


def build_page(submission, forms, index):
    """A draft practice page (not live) under the practice index, in the editors' workflow."""
    title = forms[PracticeForm].cleaned_data["title"]
    page = PracticePage(
        slug=find_available_slug(index, slugify(title)[:70] or "praktijk"),
        live=False,
        **page_fields(submission, forms),
    )
    set_page_relations(page, submission, forms)
    index.add_child(instance=page)
    page.save_revision(log_action=True)
    workflow.start(page)
    return page


def update_page(page, submission, forms):
    """The submitter's corrected answers as a new revision of the same draft page.

    One page per case, so editors compare the revisions in Wagtail and see what changed. The
    slug stays as it was. The page goes back into the workflow where the moderator left it.
    """
    for name, value in page_fields(submission, forms).items():
        setattr(page, name, value)
    set_page_relations(page, submission, forms)
    save_draft(page)
    workflow.resume(page)
    return page


def save_draft(page, user=None):
    if not page.live:
        # As Wagtail's own edit view does: a page that is not live keeps its row as the draft.
        page.save()
    return page.save_revision(user=user, log_action=True)


def page_fields(submission, forms):
    """The page's own fields from the checked answers."""
    practice = forms[PracticeForm].cleaned_data
    classification = forms[ClassificationForm].cleaned_data
    outcome = forms[OutcomeForm].cleaned_data
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
    classification = forms[ClassificationForm].cleaned_data
    page.forms.set(classification["form_types"])
    page.strategies.set(classification.get("strategies") or [])
    page.sectors.set(classification.get("sectors") or [])
    page.challenges.set(classification.get("challenges") or [])
    page.factors = page_factors(submission, forms[OutcomeForm].factors())
    page_links = [
        PracticeLink(title=link["title"], url=link["url"]) for link in forms[LinksForm].links()
    ]
    for number, attachment in enumerate(submission.attachments.all(), start=1):
        # The attachment view serves these to the public only while the live page links them.
        # Not the file's own name: it may name the submitter ("Evaluatie J. de Vries.pdf").
        title = _("Bijlage %(number)d (%(kind)s)") % {
            "number": number,
            "kind": attachment.get_kind_display(),
        }
        page_links.append(PracticeLink(title=title[:200], url=attachment.path))
    page.links = page_links


def page_factors(submission, named):
    """The factors chosen from the list, and those proposals that an editor decided on."""
    proposals = propose_factors(submission, named)
    factors = []
    for item in named:
        factor = item["factor"] or proposals[_proposal_key(item["kind"], item["new"])].factor
        if factor is not None:
            factors.append(
                PracticeFactor(factor=factor, kind=item["kind"], explanation=item["explanation"])
            )
    return factors


def propose_factors(submission, named):
    """Keep the factors named in the submitter's own words as proposals on the submission.

    A proposal that an editor already decided on keeps its decision when the submitter sends
    the case again; proposals the submitter no longer names are dropped.
    """
    earlier = {
        _proposal_key(proposal.kind, proposal.name): proposal
        for proposal in submission.proposed_factors.all()
    }
    proposals = {}
    for item in named:
        if item["factor"] is not None:
            continue
        key = _proposal_key(item["kind"], item["new"])
        proposal = earlier.pop(key, None) or ProposedFactor(
            submission=submission, kind=item["kind"]
        )
        proposal.name, proposal.explanation = item["new"], item["explanation"]
        proposal.save()
        proposals[key] = proposal
    ProposedFactor.objects.filter(pk__in=[proposal.pk for proposal in earlier.values()]).delete()
    return proposals


def _proposal_key(kind, name):
    return kind, name.casefold()


def add_decided_factor(proposal, user=None):
    """A decided proposal as a factor of the page's latest draft, in a new revision."""
    page = proposal.submission.fresh_page()
    if page is None:
        return None
    draft = page.get_latest_revision_as_object()
    draft.factors.add(
        PracticeFactor(factor=proposal.factor, kind=proposal.kind, explanation=proposal.explanation)
    )
    return save_draft(draft, user)


def add_decided_municipality(submission, user=None):
    """The municipality an editor decided on, on the page's latest draft, in a new revision.

    An anonymous case keeps its municipality for the editors only.
    """
    page = submission.fresh_page()
    if page is None or submission.anonymous:
        return None
    draft = page.get_latest_revision_as_object()
    draft.municipality = submission.municipality
    return save_draft(draft, user)


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
