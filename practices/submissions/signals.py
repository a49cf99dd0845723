"""Keep a submission's status in step with its page and its workflow.

Published pages tell the submitter. A moderator's "Request changes" on the workflow task sends
the case back to the submitter with the moderator's comment.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.signals import page_published, workflow_rejected

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

    from .notifications import send_published

    # The e-mail names the page on the site's one configured address (notifications).
    page_url = instance.get_url()
    transaction.on_commit(lambda: send_published(submission, page_url))


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="submissions_changes_requested")
def _changes_requested(sender, instance, user=None, **kwargs):
    # Workflows also run on snippets; only a page's id can be a submission's page.
    if instance.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return
    task_state = instance.current_task_state
    comment = task_state.comment if task_state is not None else ""

    from .decisions import request_changes

    request_changes(int(instance.object_id), comment, user=user)
