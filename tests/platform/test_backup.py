"""A backup made with platform/backup and put back with platform/restore loses nothing.

Against the real test database on PostgreSQL (pg_dump and pg_restore need it): practices with
their revisions, a submission with its attachment in private media, an image and a document
are backed up, wiped, restored, and every one of them is back, files included.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision

from practices.library.models import PracticeIndexPage, PracticePage
from practices.municipalities.models import Municipality
from practices.submissions.filetypes import check_upload
from practices.submissions.models import Submission, SubmissionAttachment, SubmitterContact
from tests.practices.submissions.journey import pdf_bytes, png_bytes

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="pg_dump and pg_restore need PostgreSQL: runs in the PostgreSQL pass of "
        "platform/test (DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def media_folders(settings, tmp_path):
    """Public and private media in folders of this test, in this process and the scripts'."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


def run_script(name, directory, media_root, private_root):
    """platform/backup or platform/restore on the test database and these folders."""
    database = connection.settings_dict
    url = "postgres://{user}@{host}:{port}/{name}".format(
        user=database["USER"], host=database["HOST"], port=database["PORT"], name=database["NAME"]
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "PRAKTIJKBANK_TEST_MEDIA": str(media_root),
        "PRAKTIJKBANK_PRIVATE_MEDIA": str(private_root),
    }
    if database["PASSWORD"]:
        env["PGPASSWORD"] = database["PASSWORD"]
    result = subprocess.run(
        [str(ROOT / "platform" / name), str(directory)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def practice_with_revisions(title):
    """A published practice, edited and published again, with a newer draft on top."""
    index = PracticeIndexPage.objects.live().first()
    page = index.add_child(instance=PracticePage(title=title, summary="Eerste versie."))
    page.save_revision().publish()
    page.summary = "Tweede versie, na de evaluatie."
    page.save_revision().publish()
    page.summary = "Een concept dat nog niet is gepubliceerd."
    page.save_revision()
    return page


def submission_with_attachment():
    submission, _ = Submission.start(municipality=Municipality.objects.get(name="Oudewater"))
    SubmitterContact.objects.create(
        submission=submission, name="Anna Backup", role="Beleidsmedewerker", email="a@b.example"
    )
    upload = ContentFile(pdf_bytes(), name="evaluatie.pdf")
    SubmissionAttachment.store(submission, upload, check_upload(upload))
    return submission


def snapshot():
    """Everything the round trip must keep, as plain values."""
    image = get_image_model().objects.get(title="Dorpsplein")
    document = get_document_model().objects.get(title="Verslag bewonersavond")
    return {
        "practices": sorted(
            PracticePage.objects.values_list("pk", "title", "live", "latest_revision_id")
        ),
        "revisions": sorted(
            (revision.pk, revision.object_id, json.dumps(revision.content, sort_keys=True))
            for revision in Revision.objects.all()
        ),
        "submissions": sorted(Submission.objects.values_list("pk", "reference", "status")),
        "contacts": sorted(SubmitterContact.objects.values_list("submission_id", "email")),
        "attachments": sorted(
            (attachment.pk, attachment.original_name, attachment.sha256, read(attachment.file))
            for attachment in SubmissionAttachment.objects.all()
        ),
        "image": (image.pk, image.file.name, read(image.file)),
        "document": (document.pk, document.file.name, read(document.file)),
    }


def read(field_file):
    with field_file.open("rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()


def wipe(media_root, private_root):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    shutil.rmtree(private_root)


def test_a_restored_backup_brings_back_every_practice_submission_revision_and_file(
    media_folders, tmp_path
):
    media_root, private_root = media_folders
    practice_with_revisions("Buurtbudget Backupdorp")
    practice_with_revisions("Dorpsraad Terugzetstad")
    submission_with_attachment()
    get_image_model().objects.create(
        title="Dorpsplein", file=ContentFile(png_bytes(), name="dorpsplein.png")
    )
    get_document_model().objects.create(
        title="Verslag bewonersavond", file=ContentFile(pdf_bytes(), name="verslag.pdf")
    )
    before = snapshot()
    assert len(before["revisions"]) >= 6  # three of each new practice, besides the demo's

    run_script("backup", tmp_path / "backup", media_root, private_root)
    wipe(media_root, private_root)
    assert not PracticePage.objects.exists() and not Submission.objects.exists()
    restored = run_script("restore", tmp_path / "backup", media_root, private_root)

    assert snapshot() == before
    assert "ONTBREEKT" not in restored.stderr


def test_a_backup_into_a_folder_that_holds_files_is_refused(tmp_path):
    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied" / "database.dump").write_bytes(b"an older backup")
    result = subprocess.run(
        [str(ROOT / "platform" / "backup"), str(tmp_path / "occupied")],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "niet leeg" in result.stderr
    assert (tmp_path / "occupied" / "database.dump").read_bytes() == b"an older backup"
