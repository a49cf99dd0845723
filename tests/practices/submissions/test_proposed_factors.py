"""A factor the submitter names in their own words is a proposal, not a taxonomy term.

It stays on the submission, and the draft page shows it to editors only as the submitter's
proposal, until an editor maps it to an existing factor or approves it as a new one. Only then
does it become a ``Factor`` and a factor of the draft page.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowState

from practices.library.models import PracticePage
from practices.submissions.models import SubmissionStatus
from practices.taxonomy.models import Factor

from .journey import EMAIL, outcome_data, review_url, step_url
from .test_editorial_review import LINK, logged_in, mails_to, member, submitted
from .test_editorial_review import request_changes as ask_for_changes

pytestmark = pytest.mark.django_db

# The failure factor that journey.outcome_data() names in the submitter's own words.
PROPOSED = "Te weinig jonge vrijwilligers"
EXPLANATION = "Het bestuur vergrijst."


@pytest.fixture
def moderator(django_user_model):
    return logged_in(member(django_user_model, "moderator", "Moderatoren"))


def decisions_url(submission):
    return f"/admin/inzendingen/factoren/{submission.pk}/"


def draft_factors(submission):
    draft = PracticePage.objects.get(pk=submission.page_id).get_latest_revision_as_object()
    return [(item.kind, item.factor.name, item.explanation) for item in draft.factors.all()]


def an_unused_factor():
    return Factor.objects.exclude(pk=Factor.objects.order_by("pk").first().pk).order_by("pk")[0]


def test_submitting_a_free_text_factor_creates_no_factor(django_capture_on_commit_callbacks):
    factors_before = set(Factor.objects.values_list("pk", flat=True))

    submission, _, _ = submitted(django_capture_on_commit_callbacks)

    assert set(Factor.objects.values_list("pk", flat=True)) == factors_before
    assert not Factor.objects.filter(name__iexact=PROPOSED).exists()
    [proposal] = submission.proposed_factors.all()
    assert (proposal.kind, proposal.name, proposal.explanation) == (
        "failure",
        PROPOSED,
        EXPLANATION,
    )
    assert proposal.factor is None
    assert list(submission.page.factors.values_list("kind", flat=True)) == ["success"]


def test_the_draft_page_shows_the_proposal_to_editors_as_the_submitters_own(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)

    edit = moderator.get(f"/admin/pages/{submission.page_id}/edit/")
    assert edit.status_code == 200
    assert f"De inzender stelt deze factoren voor: ‘{PROPOSED}’" in edit.text
    assert decisions_url(submission) in edit.text
    preview = moderator.get(f"/admin/pages/{submission.page_id}/view_draft/")
    assert PROPOSED not in preview.text

    inspect = moderator.get(f"/admin/inzendingen/inspect/{submission.pk}/")
    assert PROPOSED in inspect.text and "nog niet beoordeeld" in inspect.text
    assert decisions_url(submission) in inspect.text


def test_an_editor_maps_a_proposal_to_an_existing_factor(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    proposal = submission.proposed_factors.get()
    existing = an_unused_factor()
    factors_before = Factor.objects.count()

    form = moderator.get(decisions_url(submission))
    assert form.status_code == 200 and PROPOSED in form.text and EXPLANATION in form.text
    response = moderator.post(
        decisions_url(submission),
        {"proposal": proposal.pk, "action": "map", "factor": existing.pk},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.factor == existing
    assert Factor.objects.count() == factors_before
    assert ("failure", existing.name, EXPLANATION) in draft_factors(submission)
    inspect = moderator.get(f"/admin/inzendingen/inspect/{submission.pk}/")
    assert f"gekoppeld aan ‘{existing.name}’" in inspect.text


def test_an_editor_approves_a_proposal_as_a_new_factor_and_publishing_shows_it(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    proposal = submission.proposed_factors.get()

    response = moderator.post(
        decisions_url(submission),
        {"proposal": proposal.pk, "action": "approve", "name": PROPOSED},
    )

    assert response.status_code == 302
    factor = Factor.objects.get(name=PROPOSED)
    assert factor.slug == "te-weinig-jonge-vrijwilligers"
    proposal.refresh_from_db()
    assert proposal.factor == factor
    assert ("failure", PROPOSED, EXPLANATION) in draft_factors(submission)
    # The page is still in the moderator's workflow; approving it publishes the factor too.
    state = WorkflowState.objects.active().get(object_id=str(submission.page_id))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=submission.page_id).get_latest_revision().publish()
    page = PracticePage.objects.get(pk=submission.page_id)
    assert page.live and page.factors.filter(factor=factor, kind="failure").exists()
    assert PROPOSED in Client().get(page.url).text


def test_a_decision_needs_its_choice_and_a_proposal_is_decided_once(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    proposal = submission.proposed_factors.get()
    url = decisions_url(submission)

    missing = moderator.post(url, {"proposal": proposal.pk, "action": "map", "factor": ""})
    assert missing.status_code == 200
    assert "Kies de factor waaraan u dit voorstel koppelt." in missing.text
    unnamed = moderator.post(url, {"proposal": proposal.pk, "action": "approve", "name": " "})
    assert "Geef de nieuwe factor een naam." in unnamed.text
    proposal.refresh_from_db()
    assert proposal.factor is None

    existing = an_unused_factor()
    moderator.post(url, {"proposal": proposal.pk, "action": "map", "factor": existing.pk})
    again = moderator.post(url, {"proposal": proposal.pk, "action": "approve", "name": PROPOSED})
    assert again.status_code == 200
    assert not Factor.objects.filter(name=PROPOSED).exists()
    assert [name for _, name, _ in draft_factors(submission)].count(existing.name) == 1


def test_only_editors_who_may_edit_the_draft_decide(
    django_user_model, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    proposal = submission.proposed_factors.get()
    data = {"proposal": proposal.pk, "action": "approve", "name": PROPOSED}
    url = decisions_url(submission)

    assert Client().post(url, data).status_code == 302  # to the login page
    resident = django_user_model.objects.create_user("inwoner", "i@example.org", "geheim")
    client = Client()
    client.force_login(resident)
    assert client.post(url, data).status_code in (302, 403)
    # A redacteur cannot edit a page that waits for the moderator, so cannot decide either.
    redacteur = logged_in(member(django_user_model, "redacteur", "Redacteuren"))
    assert redacteur.post(url, data).status_code == 302
    assert not Factor.objects.filter(name=PROPOSED).exists()
    proposal.refresh_from_db()
    assert proposal.factor is None


def test_a_resubmitted_case_keeps_the_decided_factor_and_proposes_nothing_twice(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    proposal = submission.proposed_factors.get()
    existing = an_unused_factor()
    moderator.post(
        decisions_url(submission),
        {"proposal": proposal.pk, "action": "map", "factor": existing.pk},
    )
    reviewer = Group.objects.get(name="Moderatoren").user_set.get()
    ask_for_changes(submission, reviewer, django_capture_on_commit_callbacks)
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    token = LINK.search(mails_to(EMAIL)[-1].body).group(1)
    client = Client()
    client.post(step_url(token, 4), outcome_data(failure_1_explanation="Nu anders gezegd."))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(token))

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    [kept] = submission.proposed_factors.all()
    assert kept.pk == proposal.pk and kept.factor == existing
    assert ("failure", existing.name, "Nu anders gezegd.") in draft_factors(submission)
    assert not Factor.objects.filter(name__iexact=PROPOSED).exists()
