"""Keep a submission's status in step with its page: published pages tell the submitter."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from .models import Submission, SubmissionStatus


@receiver(page_published, dispatch_uid="submissions_page_published")
def _submission_published(sender, instance, **kwargs):
    submission = (
        Submission.objects.filter(page_id=instance.pk)
        .exclude(status=SubmissionStatus.PUBLISHED)
        .first()
    )
    if submission is None:
        return
    submission.status = SubmissionStatus.PUBLISHED
    submission.published_at = timezone.now()
    submission.save(update_fields=["status", "published_at", "updated_at"])

    from .services import send_published

    page_url = instance.get_full_url()
    transaction.on_commit(lambda: send_published(submission, page_url))
