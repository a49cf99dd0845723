"""Attachments: checked by content, limited in size and number, private until publication."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices.submissions.filetypes import check_upload, clean_filename, detect
from practices.submissions.models import Submission, SubmissionAttachment

from .journey import (
    docx_bytes,
    fill_all_steps,
    jpeg_bytes,
    new_submission,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    review_url,
    step_url,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(client, token, name, content):
    return client.post(
        step_url(token, 5),
        {"attachment": SimpleUploadedFile(name, content), "action": "upload"},
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("evaluatie.pdf", pdf_bytes(), "pdf"),
        ("verslag.odt", odt_bytes(), "odt"),
        ("convenant.docx", docx_bytes(), "docx"),
        ("begroting.xlsx", xlsx_bytes(), "xlsx"),
        ("foto.png", png_bytes(), "png"),
        ("foto.JPG", jpeg_bytes(), "jpeg"),
        ("foto.jpeg", jpeg_bytes(), "jpeg"),
    ],
)
def test_each_accepted_type_is_stored_privately_with_a_random_name(client, name, content, kind):
    submission, token = new_submission()
    response = upload(client, token, name, content)
    assert response.status_code == 302
    attachment = submission.attachments.get()
    assert attachment.kind == kind
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert len(attachment.sha256) == 64
    stored = attachment.file.path
    assert stored.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.startswith(str(settings.MEDIA_ROOT))
    assert name.rsplit(".", 1)[0] not in stored
    with open(stored, "rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", HTML, "is geen echt PDF-bestand"),
        ("rapport.pdf", EXE, "is geen echt PDF-bestand"),
        ("rapport.docx", HTML, "is geen echt DOCX-bestand"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + HTML, "is geen echt PNG-bestand"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + EXE, "is geen echt JPEG-bestand"),
        ("rapport.docx", zip_bytes({"evil.html": HTML}), "is geen echt DOCX-bestand"),
        ("rapport.xlsx", b"PK\x03\x04 broken zip", "is geen echt XLSX-bestand"),
        (
            "macro.docx",
            zip_bytes(
                {
                    "[Content_Types].xml": "<Types/>",
                    "word/document.xml": "<w/>",
                    "word/vbaProject.bin": "x",
                }
            ),
            "is geen echt DOCX-bestand",
        ),
        ("rapport.pdf", png_bytes(), "heet een PDF-bestand, maar is een PNG-bestand"),
        ("programma.exe", EXE, "Dit soort bestand kunnen we niet aannemen"),
        ("pagina.html", HTML, "Dit soort bestand kunnen we niet aannemen"),
        ("geen-extensie", pdf_bytes(), "Dit soort bestand kunnen we niet aannemen"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_spoofed_or_unknown_files_are_refused_with_a_clear_message(client, name, content, message):
    submission, token = new_submission()
    response = upload(client, token, name, content)
    assert response.status_code == 400
    assert message in response.text
    assert 'id="id_attachment_error"' in response.text
    assert not submission.attachments.exists()
    assert not list(settings.PRIVATE_MEDIA_ROOT.rglob("*.*"))


def test_a_file_over_ten_megabytes_is_refused(client):
    submission, token = new_submission()
    too_big = pdf_bytes() + b"0" * (settings.SUBMISSION_MAX_ATTACHMENT_BYTES)
    response = upload(client, token, "groot.pdf", too_big)
    assert "is groter dan 10 MB. Een bijlage mag maximaal 10 MB zijn." in response.text
    assert not submission.attachments.exists()


def test_a_sixth_file_is_refused(client):
    submission, token = new_submission()
    for number in range(5):
        assert upload(client, token, f"bijlage-{number}.pdf", pdf_bytes()).status_code == 302
    response = upload(client, token, "zesde.pdf", pdf_bytes())
    assert "U kunt maximaal 5 bijlagen toevoegen. Haal eerst een bijlage weg." in response.text
    assert submission.attachments.count() == 5


def test_a_refused_file_also_keeps_the_links_of_that_step_from_being_stored(client):
    submission, token = new_submission()
    response = client.post(
        step_url(token, 5),
        {
            "link_1_title": "Site",
            "link_1_url": "https://site.example/",
            "attachment": SimpleUploadedFile("nep.pdf", HTML),
        },
    )
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.link_answers == {}


def test_the_submitter_can_remove_an_attachment_and_its_file(
    client, django_capture_on_commit_callbacks
):
    submission, token = new_submission()
    upload(client, token, "weg.pdf", pdf_bytes())
    attachment = submission.attachments.get()
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/praktijk-insturen/{token}/bijlagen/{attachment.key}/weghalen/")
    assert response.status_code == 302
    assert not submission.attachments.exists()
    assert not (settings.PRIVATE_MEDIA_ROOT / path).exists()


def test_attachments_are_served_to_editors_and_after_publication_only(
    client, admin_client, django_user_model
):
    _, token = new_submission()
    upload(client, token, "evaluatie.pdf", pdf_bytes())
    fill_all_steps(client, token)
    client.post(review_url(token))
    attachment = SubmissionAttachment.objects.get()
    url = f"/praktijk-insturen/bijlage/{attachment.key}/"

    assert Client().get(url).status_code == 404  # the public, before publication
    someone = django_user_model.objects.create_user("iemand", "i@example.org", "geheim")
    logged_in = Client()
    logged_in.force_login(someone)
    assert logged_in.get(url).status_code == 404  # an account without admin access

    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == pdf_bytes()

    page = Submission.objects.get().page
    assert any(link.url.endswith(url) for link in page.links.all())
    page.get_latest_revision().publish()
    assert Client().get(url).status_code == 200


def test_file_names_are_cleaned_for_display():
    assert clean_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_filename("C:\\Users\\anna\\verslag.pdf") == "verslag.pdf"
    assert clean_filename("ver\x00sl\x1bag\u202e.pdf") == "verslag.pdf"
    assert clean_filename("") == "bijlage"
    assert len(clean_filename("a" * 500 + ".pdf")) == 150


def test_detection_does_not_trust_the_name_and_rewinds_the_file():
    import io

    handle = io.BytesIO(docx_bytes())
    assert detect(handle).key == "docx"
    assert handle.tell() == 0
    assert detect(io.BytesIO(HTML)) is None
    assert detect(io.BytesIO(b"")) is None


def test_check_upload_reports_the_real_type():
    checked = check_upload(SimpleUploadedFile("Begroting 2024.xlsx", xlsx_bytes()))
    assert checked.kind.mime.endswith("spreadsheetml.sheet")
    assert checked.name == "Begroting 2024.xlsx"


def test_an_attachment_the_editors_removed_from_the_page_is_not_public_once_published(
    client, admin_client
):
    _, token = new_submission()
    upload(client, token, "evaluatie.pdf", pdf_bytes())
    upload(client, token, "foto.png", png_bytes())
    fill_all_steps(client, token)
    client.post(review_url(token))
    kept, removed = SubmissionAttachment.objects.order_by("created_at", "pk")
    kept_url = f"/praktijk-insturen/bijlage/{kept.key}/"
    removed_url = f"/praktijk-insturen/bijlage/{removed.key}/"
    page = Submission.objects.get().page
    draft = page.get_latest_revision_as_object()
    draft.links = [link for link in draft.links.all() if not link.url.endswith(removed_url)]
    draft.save_revision().publish()

    assert Client().get(kept_url).status_code == 200
    assert Client().get(removed_url).status_code == 404  # the public
    assert admin_client.get(removed_url).status_code == 200  # still there for the editors
