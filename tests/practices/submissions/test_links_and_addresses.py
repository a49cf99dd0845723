"""Links inside the site are site-relative, so they work on whatever address the site runs on;
e-mails, read outside the site, link on the one configured address (PRAKTIJKBANK_BASE_URL)."""

import importlib
import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices.library.models import PracticeLink, PracticePage

from .journey import EMAIL, fill_all_steps, new_submission, pdf_bytes, review_url, step_url

pytestmark = pytest.mark.django_db

BASE = "https://praktijkbank.example"  # tests/practices/submissions/conftest.py


def sent_with_attachment(capture):
    client = Client()
    submission, token = new_submission()
    client.post(
        step_url(token, 5),
        {"attachment": SimpleUploadedFile("evaluatie.pdf", pdf_bytes()), "action": "upload"},
    )
    fill_all_steps(client, token)
    with capture(execute=True):
        client.post(review_url(token))
    submission.refresh_from_db()
    return submission


def test_an_attachment_on_the_page_is_linked_by_a_site_relative_path(
    django_capture_on_commit_callbacks,
):
    submission = sent_with_attachment(django_capture_on_commit_callbacks)
    attachment = submission.attachments.get()

    [link] = submission.page.links.filter(title__startswith="Bijlage")
    assert link.url == f"/praktijk-insturen/bijlage/{attachment.key}/"
    draft = submission.page.get_latest_revision().content
    assert f"/praktijk-insturen/bijlage/{attachment.key}/" in [
        item["url"] for item in draft["links"]
    ]

    with django_capture_on_commit_callbacks(execute=True):
        submission.page.get_latest_revision().publish()
    page = PracticePage.objects.get(pk=submission.page_id)
    html = Client().get(page.url).text
    assert f'href="/praktijk-insturen/bijlage/{attachment.key}/"' in html
    assert Client().get(link.url).status_code == 200


def test_the_page_editor_accepts_the_attachment_link():
    """The link field of the page editor must take the relative path (practices.library)."""
    field = PracticeLink._meta.get_field("url").formfield()
    path = "/praktijk-insturen/bijlage/6f1c2a52-8a5e-4f0e-9a57-1b0c3d2e4f60/"
    assert field.clean(path) == path


def test_every_e_mail_links_on_the_one_configured_address(
    django_capture_on_commit_callbacks, django_user_model
):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("redacteur", "red@example.org", "geheim")
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    submission = sent_with_attachment(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        submission.page.get_latest_revision().publish()

    addresses = [
        url for message in mail.outbox for url in re.findall(r"https?://[^\s\"]+", message.body)
    ]
    assert addresses and all(url.startswith(BASE + "/") for url in addresses), addresses
    published = [message for message in mail.outbox if message.subject.startswith("Gepubliceerd")]
    assert published[0].to == [EMAIL]
    assert BASE + PracticePage.objects.get(pk=submission.page_id).url in published[0].body


def test_the_migration_makes_old_absolute_attachment_links_relative(
    django_capture_on_commit_callbacks,
):
    submission = sent_with_attachment(django_capture_on_commit_callbacks)
    attachment = submission.attachments.get()
    path = f"/praktijk-insturen/bijlage/{attachment.key}/"
    page = submission.page
    # As pages made before this change link it, on the page and in its draft revision.
    PracticeLink.objects.filter(page=page, url=path).update(url="http://127.0.0.1:8000" + path)
    revision = page.get_latest_revision()
    for item in revision.content["links"]:
        if item["url"] == path:
            item["url"] = "http://127.0.0.1:8000" + path
    revision.save()
    elsewhere = PracticeLink.objects.create(
        page=page, title="Elders", url="https://example.org/praktijk-insturen/bijlage/x/"
    )

    migration = importlib.import_module(
        "practices.submissions.migrations.0006_relative_attachment_links"
    )
    migration.forwards(apps, None)

    assert PracticeLink.objects.filter(page=page, url=path).exists()
    revision.refresh_from_db()
    assert path in [item["url"] for item in revision.content["links"]]
    elsewhere.refresh_from_db()
    assert elsewhere.url == "https://example.org/praktijk-insturen/bijlage/x/"
