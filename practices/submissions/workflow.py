"""The draft page of a submission in the editors' "Redactie" workflow: started on the first
submit, resumed after the submitter's changes, cancelled when the case is rejected."""

import logging

from wagtail.models import Workflow, WorkflowState

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Redactie"


def start(page):
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    workflow = workflow or page.get_workflow()
    if workflow is None:
        logger.warning("Practice page %s: no active workflow to start", page.pk)
        return None
    # No user: the submitter has no account. Wagtail notifies the task's reviewers.
    return workflow.start(page, None)


def resume(page):
    """Back to the moderator: resume the workflow that asked for changes, or start it again."""
    state = page.current_workflow_state
    if state is None:
        return start(page)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Restarts the task that asked for changes, on the new revision.
        state.resume(user=None)
    return state


def cancel(page, user):
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
