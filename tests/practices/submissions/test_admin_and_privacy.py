"""Editors find submissions in the admin; personal data stays with them and can be deleted."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from practices.submissions.models import (
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
    SubmitterContact,
)
from search.models import IndexEntry

from .journey import EMAIL, NAME, fill_all_steps, new_submission, pdf_bytes, review_url, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", "red@example.org", "geheim")
    user.groups.add(Group.objects.get(name="Redacteuren"))
    client = Client()
    client.force_login(user)
    return client


def submitted_case():
    client = Client()
    submission, token = new_submission()
    client.post(
        step_url(token, 5),
        {"attachment": SimpleUploadedFile("evaluatie.pdf", pdf_bytes()), "action": "upload"},
    )
    fill_all_steps(client, token)
    client.post(review_url(token))
    submission.refresh_from_db()
    return submission, token


def test_editors_list_submissions_by_status_and_age(editor):
    submitted, _ = submitted_case()
    draft, _ = new_submission()
    response = editor.get("/admin/inzendingen/")
    assert response.status_code == 200
    assert submitted.reference in response.text and draft.reference in response.text
    assert "Zwembad in handen van het dorp" in response.text
    filtered = editor.get("/admin/inzendingen/", {"status": "ingediend"})
    assert submitted.reference in filtered.text and draft.reference not in filtered.text
    found = editor.get("/admin/inzendingen/", {"q": submitted.reference})
    assert submitted.reference in found.text


def test_editors_see_the_submitter_attachments_and_draft_page(editor):
    submission, _ = submitted_case()
    response = editor.get(f"/admin/inzendingen/inspect/{submission.pk}/")
    assert response.status_code == 200
    text = response.text
    assert NAME in text and EMAIL in text
    attachment = SubmissionAttachment.objects.get(submission=submission)
    assert f"/praktijk-insturen/bijlage/{attachment.key}/" in text
    assert f"/admin/pages/{submission.page_id}/edit/" in text
    assert "aanvullende onderdelen" in text
    assert editor.get(f"/praktijk-insturen/bijlage/{attachment.key}/").status_code == 200


def test_the_public_and_accounts_without_admin_access_see_nothing(django_user_model):
    submission, _ = submitted_case()
    assert Client().get("/admin/inzendingen/").status_code == 302  # to the login page
    user = django_user_model.objects.create_user("inwoner", "i@example.org", "geheim")
    client = Client()
    client.force_login(user)
    assert client.get(f"/admin/inzendingen/inspect/{submission.pk}/").status_code in (302, 403)


def test_an_editor_deletes_the_contact_data_on_request_and_the_case_stays(editor):
    submission, _ = submitted_case()
    url = f"/admin/inzendingen/contactgegevens-verwijderen/{submission.pk}/"
    confirm = editor.get(url)
    assert confirm.status_code == 200 and "Dit kan niet ongedaan worden gemaakt" in confirm.text
    assert SubmitterContact.objects.filter(submission=submission).exists()
    response = editor.post(url)
    assert response.status_code == 302
    assert not SubmitterContact.objects.filter(submission=submission).exists()
    submission.refresh_from_db()
    assert submission.page is not None and submission.status == SubmissionStatus.SUBMITTED
    inspect = editor.get(f"/admin/inzendingen/inspect/{submission.pk}/")
    assert NAME not in inspect.text and EMAIL not in inspect.text
    assert "Verwijderd" in inspect.text


def test_the_command_deletes_contact_data_by_reference(capsys):
    submission, _ = submitted_case()
    call_command("delete_submitter_data", "--reference", submission.reference, "--dry-run")
    assert SubmitterContact.objects.filter(submission=submission).exists()
    call_command("delete_submitter_data", "--reference", submission.reference.lower())
    assert not SubmitterContact.objects.filter(submission=submission).exists()
    assert "contactgegevens verwijderd" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("delete_submitter_data", "--reference", "PB-1999-999999")
    with pytest.raises(CommandError):
        call_command("delete_submitter_data")


def test_the_command_applies_the_retention_period(settings, django_capture_on_commit_callbacks):
    settings.SUBMISSION_CONTACT_RETENTION_DAYS = 30
    old_published, _ = submitted_case()
    recent_published, _ = submitted_case()
    long_ago = timezone.now() - datetime.timedelta(days=31)
    Submission.objects.filter(pk=old_published.pk).update(
        status=SubmissionStatus.PUBLISHED, published_at=long_ago
    )
    Submission.objects.filter(pk=recent_published.pk).update(
        status=SubmissionStatus.PUBLISHED, published_at=timezone.now()
    )
    abandoned, abandoned_token = new_submission()
    Client().post(
        step_url(abandoned_token, 5),
        {"attachment": SimpleUploadedFile("concept.pdf", pdf_bytes()), "action": "upload"},
    )
    attachment_path = abandoned.attachments.get().file.path
    Submission.objects.filter(pk=abandoned.pk).update(
        token_expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_submitter_data", "--expired")
    assert not SubmitterContact.objects.filter(submission=old_published).exists()
    assert SubmitterContact.objects.filter(submission=recent_published).exists()
    assert not Submission.objects.filter(pk=abandoned.pk).exists()
    assert not os.path.exists(attachment_path)


def test_personal_data_is_not_in_search_or_the_api_after_publication(
    client, django_capture_on_commit_callbacks
):
    submission, _ = submitted_case()
    # The search index is updated once the publication is committed.
    with django_capture_on_commit_callbacks(execute=True):
        submission.page.get_latest_revision().publish()
    # The index holds no word of the submitter's name, e-mail address or role ...
    indexed = IndexEntry.objects.get(page_id=submission.page.pk).words.split()
    assert not {"anna", "devries", "vries", "testpersoon", "beleidsmedewerker"} & set(indexed)
    # ... so searching for them finds other practices at most (search ranks, fixes typos and
    # splits compounds), never this one, and no answer shows them.
    for query in ("Testpersoon", "Anna de Vries", "Beleidsmedewerker"):
        found = client.get("/api/v1/practices/", {"q": query}).json()
        titles = [hit["title"] for hit in found["results"]]
        assert "Zwembad in handen van het dorp" not in titles, query
        assert NAME not in str(found) and EMAIL not in str(found), query
    found = client.get("/api/v1/practices/", {"q": "zwembad dorp"}).json()
    assert any(hit["title"] == "Zwembad in handen van het dorp" for hit in found["results"])
    assert NAME not in str(found) and EMAIL not in str(found)
    page = client.get(submission.page.url)
    assert page.status_code == 200
    assert NAME not in page.text and EMAIL not in page.text


def test_the_editors_comment_is_read_only_in_the_edit_view(editor):
    # The submitter reads this comment; only the review flow (request changes, reject) sets it.
    submission, _ = submitted_case()
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.CHANGES_REQUESTED, editor_comment="Vul de aanleiding aan."
    )
    url = f"/admin/inzendingen/edit/{submission.pk}/"

    editor.post(url, {"editor_comment": "Iets heel anders dan de redactie vroeg."})

    submission.refresh_from_db()
    assert submission.editor_comment == "Vul de aanleiding aan."
    form = editor.get(url)
    assert form.status_code == 200
    assert "Vul de aanleiding aan." in form.text
    assert 'name="editor_comment"' not in form.text


def test_the_inspect_view_shows_dutch_time_as_the_listing_does(editor):
    submission, _ = submitted_case()
    winter_morning = datetime.datetime(2026, 1, 15, 8, 48, tzinfo=datetime.UTC)  # 09:48 in NL
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=winter_morning, created_at=winter_morning
    )
    response = editor.get(f"/admin/inzendingen/inspect/{submission.pk}/")
    assert "09:48" in response.text
    assert "08:48" not in response.text
