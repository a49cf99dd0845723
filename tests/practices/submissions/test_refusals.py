"""Every refused post is a 4xx with the page that says, in Dutch, what to correct.

Browsers show a 400 page like a 200 page; to programs, logs and platform/prove's hostile
input a refusal is then a refusal, not a success.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices.submissions.models import Submission, SubmissionAttachment

from .journey import START_URL, new_submission, review_url, start_data, step_url

pytestmark = pytest.mark.django_db
ERROR_SUMMARY = "Er is iets niet goed ingevuld"


def test_a_start_form_with_errors_is_refused_with_400_and_its_error_summary(client):
    response = client.post(START_URL, start_data(email="geen-adres"))
    assert response.status_code == 400
    assert ERROR_SUMMARY in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("number", [2, 3, 4])
def test_a_later_step_sent_empty_is_refused_with_400_and_its_error_summary(client, number):
    _submission, token = new_submission()
    response = client.post(step_url(token, number), {"action": "next"})
    assert response.status_code == 400
    assert ERROR_SUMMARY in response.content.decode()


def test_a_refused_upload_answers_400_and_keeps_no_attachment(client):
    _submission, token = new_submission()
    page = b"<!DOCTYPE html><html><body>geen pdf</body></html>"
    response = client.post(
        step_url(token, 5),
        {"action": "upload", "attachment": SimpleUploadedFile("rapport.pdf", page)},
    )
    assert response.status_code == 400
    assert "is geen echt PDF-bestand" in response.content.decode()
    assert not SubmissionAttachment.objects.exists()


def test_sending_an_incomplete_case_is_refused_with_400(client):
    submission, token = new_submission()
    response = client.post(review_url(token))
    assert response.status_code == 400
    assert Submission.objects.get().status == submission.status


def test_a_used_start_form_sent_from_another_browser_is_refused_as_a_conflict(client):
    data = start_data()
    client.post(START_URL, data)
    again = Client().post(START_URL, data)
    assert again.status_code == 409
    assert "U bent al begonnen" in again.content.decode()
    assert Submission.objects.count() == 1
