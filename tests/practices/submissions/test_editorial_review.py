"""After submitting: the moderator asks for changes or rejects, the submitter hears of it by
e-mail and on the private page, and a corrected case returns to the same draft page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState

from practices.library.models import PracticePage
from practices.submissions import decisions
from practices.submissions.models import SubmissionStatus

from .journey import (
    EMAIL,
    fill_all_steps,
    new_submission,
    practice_data,
    review_url,
    status_url,
    step_url,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://praktijkbank\.example/praktijk-insturen/([A-Za-z0-9_-]{43})/")
COMMENT = "Kunt u beschrijven hoeveel vrijwilligers er meedoen?"
REASON = "Dit is geen doe-democratie: de gemeente voert het zwembad zelf uit."


def member(django_user_model, username, group, **extra):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "geheim")
    for key, value in extra.items():
        setattr(user, key, value)
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def moderator(django_user_model):
    return member(django_user_model, "moderator", "Moderatoren")


@pytest.fixture
def redacteur(django_user_model):
    return member(django_user_model, "redacteur", "Redacteuren")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def submitted(capture):
    """A case sent to the editors; returns (submission, the submitter's client, raw token)."""
    client = Client()
    submission, token = new_submission()
    fill_all_steps(client, token)
    with capture(execute=True):
        client.post(review_url(token))
    submission.refresh_from_db()
    return submission, client, token


def request_changes(submission, moderator, capture, comment=COMMENT):
    """What Wagtail does when a moderator chooses "Request changes" on the workflow task."""
    state = WorkflowState.objects.active().get(object_id=str(submission.page_id))
    with capture(execute=True):
        state.current_task_state.specific.reject(user=moderator, comment=comment)
    submission.refresh_from_db()


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


# Asking for changes ----------------------------------------------------------------------------


def test_a_request_for_changes_sends_the_case_back_with_the_comment_and_a_new_link(
    moderator, django_capture_on_commit_callbacks
):
    submission, client, old_token = submitted(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    request_changes(submission, moderator, django_capture_on_commit_callbacks)

    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert submission.editor_comment == COMMENT
    [message] = mails_to(EMAIL)
    assert submission.reference in message.subject and "Wijzigingen gevraagd" in message.subject
    assert COMMENT in message.body
    new_token = LINK.search(message.body).group(1)
    assert new_token != old_token
    assert "werkt niet meer" in message.body
    # Only the new link opens the case now: the e-mail could not repeat the old one.
    assert client.get(status_url(old_token)).status_code == 404
    status = client.get(status_url(new_token))
    assert "Wijzigingen gevraagd" in status.text and COMMENT in status.text
    assert "Controleren en versturen" in status.text
    assert ModelLogEntry.objects.filter(
        object_id=str(submission.pk), action="submissions.changes_requested"
    ).exists()


def test_when_the_changes_mail_cannot_be_sent_the_old_link_keeps_working(
    moderator, settings, django_capture_on_commit_callbacks
):
    submission, client, token = submitted(django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "tests.practices.submissions.journey.BrokenEmailBackend"

    request_changes(submission, moderator, django_capture_on_commit_callbacks)

    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert COMMENT in client.get(status_url(token)).text


def test_the_resubmitted_case_updates_the_same_page_with_a_new_revision_and_reenters_review(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    page_id = submission.page_id
    request_changes(submission, moderator, django_capture_on_commit_callbacks)
    token = LINK.search(mails_to(EMAIL)[-1].body).group(1)
    client = Client()
    new_title = "Zwembad in handen van het dorp, met 80 vrijwilligers"
    response = client.post(step_url(token, 2), practice_data(title=new_title))
    assert response.status_code == 302
    pages_before = PracticePage.objects.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(token))

    assert response["Location"] == f"/praktijk-insturen/{token}/ontvangen/"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.page_id == page_id
    assert PracticePage.objects.count() == pages_before  # no second page for the case
    page = PracticePage.objects.get(pk=page_id)
    revisions = page.revisions.order_by("created_at", "pk")
    assert revisions.count() == 2
    assert revisions.first().content["title"] == "Zwembad in handen van het dorp"
    assert revisions.last().content["title"] == new_title
    assert page.draft_title == new_title and not page.live
    # Back with the moderator, on the new revision, in the same workflow.
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.filter(object_id=str(page_id)).count() == 1
    assert state.current_task_state.revision_id == revisions.last().pk
    assert state.current_task_state.task.name == "Beoordeling door moderator"
    assert [m.subject for m in mails_to(EMAIL)] == [
        f"Ontvangen: uw praktijk {submission.reference}"
    ]


def test_a_double_resubmit_makes_one_revision(moderator, django_capture_on_commit_callbacks):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    request_changes(submission, moderator, django_capture_on_commit_callbacks)
    token = LINK.search(mails_to(EMAIL)[-1].body).group(1)
    client = Client()
    first = client.post(review_url(token))
    second = client.post(review_url(token))
    assert first["Location"] == second["Location"] == f"/praktijk-insturen/{token}/ontvangen/"
    assert PracticePage.objects.get(pk=submission.page_id).revisions.count() == 2


def test_changes_on_a_published_practice_do_not_concern_the_submitter(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        submission.page.get_latest_revision().publish()
    page = PracticePage.objects.get(pk=submission.page_id)
    page.save_revision()
    page.get_workflow().start(page, moderator)
    mail.outbox.clear()

    request_changes(submission, moderator, django_capture_on_commit_callbacks)

    assert submission.status == SubmissionStatus.PUBLISHED
    assert submission.editor_comment == ""
    assert mails_to(EMAIL) == []


# Rejecting -------------------------------------------------------------------------------------


def test_a_moderator_rejects_with_a_reason_and_the_submitter_is_told(
    moderator, django_capture_on_commit_callbacks
):
    submission, client, token = submitted(django_capture_on_commit_callbacks)
    admin = logged_in(moderator)
    inspect = admin.get(f"/admin/inzendingen/inspect/{submission.pk}/")
    url = f"/admin/inzendingen/afwijzen/{submission.pk}/"
    assert url in inspect.text
    form = admin.get(url)
    assert form.status_code == 200 and "Reden" in form.text
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"reason": REASON})

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.editor_comment == REASON
    page = PracticePage.objects.get(pk=submission.page_id)
    assert not page.live and page.current_workflow_state is None
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "cancelled"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.cancel").exists()
    assert ModelLogEntry.objects.filter(
        object_id=str(submission.pk), action="submissions.reject", user=moderator
    ).exists()
    [message] = mails_to(EMAIL)
    assert "Niet geplaatst" in message.subject and REASON in message.body
    status = client.get(status_url(token))
    assert "Afgewezen" in status.text and REASON in status.text
    assert "Controleren en versturen" not in status.text
    # A rejected case cannot be sent again.
    assert client.post(review_url(token))["Location"].endswith("/ontvangen/")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED


def test_a_case_waiting_for_changes_can_be_rejected_too(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    request_changes(submission, moderator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions.reject(submission, REASON, moderator)
    assert WorkflowState.objects.get(object_id=str(submission.page_id)).status == "cancelled"
    assert not decisions.reject(submission, "nog eens", moderator)  # decided already


def test_rejecting_needs_a_reason(moderator, django_capture_on_commit_callbacks):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    response = logged_in(moderator).post(
        f"/admin/inzendingen/afwijzen/{submission.pk}/", {"reason": "   "}
    )
    assert response.status_code == 200
    assert "Geef de reden op" in response.text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_only_who_may_publish_may_reject(
    redacteur, django_user_model, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)
    url = f"/admin/inzendingen/afwijzen/{submission.pk}/"
    editor = logged_in(redacteur)
    assert url not in editor.get(f"/admin/inzendingen/inspect/{submission.pk}/").text
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    refused = editor.post(url, {"reason": REASON})
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    resident = logged_in(django_user_model.objects.create_user("inwoner", "i@example.org", "x"))
    assert resident.post(url, {"reason": REASON}).status_code in (302, 403)
    assert Client().post(url, {"reason": REASON}).status_code == 302  # to the login page
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


# Telling the editors ---------------------------------------------------------------------------


def test_reviewers_and_editors_hear_of_each_submit_and_resubmit(
    moderator, redacteur, django_user_model, django_capture_on_commit_callbacks
):
    away = member(django_user_model, "vertrokken", "Redacteuren", is_active=False)
    mail.outbox.clear()
    submission, _, _ = submitted(django_capture_on_commit_callbacks)

    # Moderatoren review the task: Wagtail's own notification reaches them without a user.
    [wagtail_mail] = mails_to(moderator.email)
    assert "Zwembad in handen van het dorp" in wagtail_mail.subject
    assert f"/admin/pages/{submission.page_id}/edit/" in wagtail_mail.body
    # Redacteuren are not reviewers of the task, so the case tells them itself.
    [our_mail] = mails_to(redacteur.email)
    assert our_mail.subject == f"Nieuwe inzending: {submission.reference}"
    assert (
        f"https://praktijkbank.example/admin/inzendingen/inspect/{submission.pk}/" in our_mail.body
    )
    assert mails_to(away.email) == []

    request_changes(submission, moderator, django_capture_on_commit_callbacks)
    token = LINK.search(mails_to(EMAIL)[-1].body).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(review_url(token))
    assert len(mails_to(moderator.email)) == 1
    [again] = mails_to(redacteur.email)
    assert again.subject == f"Opnieuw ingestuurd: {submission.reference}"
    assert "revisies" in again.body


def test_an_editor_in_both_groups_gets_one_mail(
    django_user_model, django_capture_on_commit_callbacks
):
    both = member(django_user_model, "beide", "Moderatoren")
    both.groups.add(Group.objects.get(name="Redacteuren"))
    mail.outbox.clear()
    submitted(django_capture_on_commit_callbacks)
    assert len(mails_to(both.email)) == 1
