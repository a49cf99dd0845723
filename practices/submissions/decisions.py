"""What the editors decide about a case: ask for changes, reject it, take the factors the
submitter proposed into the taxonomy (mapped to an existing factor, or approved as new), and
settle a municipality that was not in the list (mapped to one that is, or created)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from practices.municipalities.models import Municipality
from practices.taxonomy.models import Factor

from . import notifications, workflow
from .drafting import add_decided_factor, add_decided_municipality
from .models import REJECTABLE_STATUSES, ProposedFactor, Submission, SubmissionStatus


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
    transaction.on_commit(lambda: notifications.send_changes_requested(submission))
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
        page = submission.fresh_page()
        if page is not None:
            workflow.cancel(page, user)
        log(submission, "submissions.reject", user=user, data={"reason": reason})
        transaction.on_commit(lambda: notifications.send_rejected(submission))
    return True


def user_can_reject(user, submission):
    """Who may publish the draft page may also decide that it will not be published."""
    if not (user.is_active and user.has_perm("submissions.change_submission")):
        return False
    page = submission.fresh_page()
    if page is None:
        return user.is_superuser
    return page.permissions_for_user(user).can_publish()


# Proposed factors ----------------------------------------------------------------------------


def user_can_decide_factors(user, submission):
    """Who may edit the draft page now decides which factors it gets."""
    page = submission.fresh_page()
    return page is not None and _may_change(user, submission, page)


def _may_change(user, submission, page):
    """Whether the user may change the case and, if it has one, its draft page.

    A page that waits in the workflow is locked for everyone but the task's reviewers.
    """
    if not (user.is_active and user.has_perm("submissions.change_submission")):
        return False
    if page is None:
        return True
    if not page.permissions_for_user(user).can_edit():
        return False
    lock = page.get_lock()
    return not (lock and lock.for_user(user))


def user_can_approve_factors(user, submission):
    """Approving a proposal adds a term to the taxonomy, which needs that right too."""
    return user_can_decide_factors(user, submission) and user.has_perm("taxonomy.add_factor")


def map_factor(proposal, factor, user):
    """The proposal is this existing factor; the draft page gets it. False if already decided."""
    return _decide(proposal, user, lambda: factor, "submissions.factor_mapped")


def approve_factor(proposal, name, user):
    """The proposal becomes a new factor by this name (an existing one if the name is taken)."""
    return _decide(proposal, user, lambda: _factor_named(name), "submissions.factor_approved")


def _decide(proposal, user, factor_of_decision, action):
    with transaction.atomic():
        locked = (
            ProposedFactor.objects.select_for_update()
            .select_related("submission")
            .get(pk=proposal.pk)
        )
        if locked.is_decided:
            return False
        locked.factor = factor_of_decision()
        locked.save(update_fields=["factor"])
        add_decided_factor(locked, user)
        log(
            locked.submission,
            action,
            user=user,
            data={"proposal": locked.name, "factor": locked.factor.name},
        )
    proposal.refresh_from_db()
    return True


def _factor_named(name):
    # The submitter wrote Dutch: it is the Dutch name, whatever language the editor reads.
    existing = Factor.objects.filter(name_nl__iexact=name).first()
    if existing:
        return existing
    base = slugify(name)[:70] or "factor"
    slug, number = base, 1
    while Factor.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Factor.objects.create(name_nl=name, slug=slug)


# A municipality that was not in the list --------------------------------------------------


def user_can_decide_municipality(user, submission):
    """Who may change the case (and its draft page, once there is one) settles its municipality."""
    return bool(submission.proposed_municipality) and _may_change(
        user, submission, submission.fresh_page()
    )


def user_can_add_municipality(user, submission):
    """Creating a municipality adds it to the list everyone chooses from, which needs that right."""
    return user_can_decide_municipality(user, submission) and user.has_perm(
        "municipalities.add_municipality"
    )


def map_municipality(submission, municipality, user):
    """The proposed municipality is this one from the list. False if already decided."""
    return _settle(submission, user, lambda: municipality, "submissions.municipality_mapped")


def create_municipality(submission, *, name, province, cbs_code, user):
    """The proposed municipality enters the list, as the editor checked it. False if decided."""

    def created():
        # Another editor may have added this code a moment ago: then it is that municipality.
        existing = Municipality.objects.filter(cbs_code=cbs_code).first()
        return existing or Municipality.objects.create(
            name=name, province=province, cbs_code=cbs_code
        )

    return _settle(submission, user, created, "submissions.municipality_created")


def _settle(submission, user, municipality_of_decision, action):
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        proposal = locked.proposed_municipality_text
        if not proposal:
            return False
        locked.municipality = municipality_of_decision()
        locked.proposed_municipality = locked.proposed_province = ""
        locked.save(
            update_fields=[
                "municipality",
                "proposed_municipality",
                "proposed_province",
                "updated_at",
            ]
        )
        add_decided_municipality(locked, user)
        log(
            locked,
            action,
            user=user,
            data={"proposal": proposal, "municipality": locked.municipality.name},
        )
    submission.refresh_from_db()
    return True
