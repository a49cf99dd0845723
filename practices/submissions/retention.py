"""Personal data of submitters (AVG): delete it on request, and after the retention period."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Submission, SubmissionStatus, SubmitterContact


def delete_contact(submission):
    """Delete the submitter's name, role and e-mail address; True if there was something."""
    deleted, _ = SubmitterContact.objects.filter(submission=submission).delete()
    return bool(deleted)


@dataclass
class Cleanup:
    contacts: int = 0
    abandoned: int = 0


def expired_contacts(now=None):
    """Contacts kept longer than the retention period after the case was published or rejected."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SUBMISSION_CONTACT_RETENTION_DAYS)
    published = SubmitterContact.objects.filter(
        submission__status=SubmissionStatus.PUBLISHED, submission__published_at__lt=cutoff
    )
    rejected = SubmitterContact.objects.filter(
        submission__status=SubmissionStatus.REJECTED, submission__updated_at__lt=cutoff
    )
    return published | rejected


def abandoned_drafts(now=None):
    """Drafts that were never sent and whose private link has expired: nobody can finish them."""
    now = now or timezone.now()
    return Submission.objects.filter(status=SubmissionStatus.DRAFT, token_expires_at__lt=now)


def clean_up(now=None, dry_run=False):
    contacts = expired_contacts(now)
    drafts = abandoned_drafts(now)
    result = Cleanup(contacts=contacts.count(), abandoned=drafts.count())
    if not dry_run:
        with transaction.atomic():
            contacts.delete()
            # Deleting a draft also deletes its contact and attachments (and their files).
            for draft in drafts:
                draft.delete()
    return result
