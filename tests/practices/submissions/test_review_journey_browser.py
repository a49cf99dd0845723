"""The whole review path in real headless Chromium: a municipality submits a case with an
attachment, a moderator asks for changes in Wagtail's admin, the submitter corrects and sends it
again, the moderator approves it, and the public finder finds the practice."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core import mail
from wagtail.models import GroupPagePermission, Page

from practices.library.models import PracticePage
from practices.submissions.models import Submission, SubmissionStatus
from tests.browser import accessibility_violations

from .journey import (
    EMAIL,
    START_URL,
    classification_data,
    links_data,
    outcome_data,
    pdf_bytes,
    practice_data,
    start_data,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https://praktijkbank\.example/praktijk-insturen/([A-Za-z0-9_-]{43})/")
TITLE = "Zwembad Kikkerpoel in handen van het dorp"
COMMENT = "Hoeveel vrijwilligers doen er mee? Zet dat in de samenvatting."
NEW_SUMMARY = (
    "Toen het zwembad dicht zou gaan, namen 80 vrijwilligers het over in een eigen stichting."
)


def fill(page, data):
    """Fill a step's form the way a person would, whatever widget each field has."""
    for name, value in data.items():
        if name in ("started", "website", "action"):
            continue
        values = value if isinstance(value, list) else [value]
        field = page.locator(f"[name='{name}']").first
        kind = field.get_attribute("type") or field.evaluate("el => el.tagName.toLowerCase()")
        if kind in ("checkbox", "radio"):
            for item in values:
                if item in ("", None):
                    continue
                target = page.locator(f"[name='{name}'][value='{item}']")
                if not target.count():  # a single checkbox sends "on"
                    target = page.locator(f"[name='{name}']")
                target.check()
        elif kind == "select":
            field.select_option(values[0] or "")
        else:
            field.fill(str(values[0]))


def next_step(page):
    page.click("button[name=action][value=next]")
    page.wait_for_load_state()


def last_mail_link(to):
    bodies = [message.body for message in mail.outbox if message.to == [to]]
    return LINK.findall(bodies[-1])[-1]


def log_in(page, base, user):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", "geheim")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def workflow_action(page, name, with_comment):
    """Open the edit page's action menu and choose one of the workflow task's actions."""
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    modal = ":not([data-workflow-action-modal-url])"
    if with_comment:
        modal = "[data-workflow-action-modal-url]"
    page.locator(f"button[data-workflow-action-name={name}]{modal}").click()


@pytest.fixture
def new_page(browser, demo_site_live):
    """Browser tabs, closed before the live server stops and its database is flushed."""
    pages = []

    def make():
        pages.append(browser.new_page())
        return pages[-1]

    yield make
    for page in pages:
        page.close()


def restore_editorial_setup():
    """The groups, rights and "Redactie" workflow that migrations create, after a flush.

    An earlier live-server test flushes the database, and with it what data migrations made;
    serialized_rollback cannot bring it back (the content types are renumbered by the flush).
    So the project's own migration code runs again, and the page rights that Wagtail's first
    migration gives its groups are given to the Dutch ones.
    """
    if Group.objects.filter(name="Moderatoren").exists():
        return
    # Those migrations also create missing permissions by flipping models_module on the app
    # configs they get; on the real registry that must be put back.
    modules = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        for name in (
            "practices.library.migrations.0002_editorial_groups_and_workflow",
            "practices.submissions.migrations.0002_editor_permissions",
        ):
            importlib.import_module(name).forwards(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = modules[config.label]
    root = Page.get_first_root_node()
    rights = {"Moderatoren": ("add", "change", "publish"), "Redacteuren": ("add", "change")}
    for group_name, actions in rights.items():
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=Group.objects.get(name=group_name),
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{action}_page"
                ),
            )


@pytest.fixture
def moderator(demo_site_live, django_user_model):
    restore_editorial_setup()
    user = django_user_model.objects.create_user("moderator", "mod@example.org", "geheim")
    user.groups.add(Group.objects.get(name="Moderatoren"))
    return user


def test_submit_request_changes_resubmit_approve_and_find(
    new_page, demo_site_live, moderator, tmp_path
):
    base = demo_site_live.url
    submitter = new_page()

    # 1. The municipality submits, with a PDF, through the public form, at once (as autofill).
    submitter.goto(base + START_URL)
    fill(submitter, start_data())
    submitter.select_option("#id_municipality", label="Oudewater")
    next_step(submitter)
    submitter.wait_for_url("**/stap/2/")
    fill(submitter, practice_data(title=TITLE))
    next_step(submitter)
    submitter.wait_for_url("**/stap/3/")
    fill(submitter, classification_data())
    next_step(submitter)
    submitter.wait_for_url("**/stap/4/")
    fill(submitter, outcome_data())
    next_step(submitter)
    submitter.wait_for_url("**/stap/5/")
    fill(submitter, links_data())
    pdf = tmp_path / "evaluatie.pdf"
    pdf.write_bytes(pdf_bytes())
    submitter.set_input_files("input[type=file]", str(pdf))
    submitter.click("button[name=action][value=upload]")
    submitter.wait_for_url("**/stap/5/#bijlagen")
    assert "evaluatie.pdf" in submitter.content()
    next_step(submitter)
    submitter.wait_for_url("**/controleren/")
    submitter.get_by_role("button", name="Praktijk versturen naar de redactie").click()
    submitter.wait_for_url("**/ontvangen/")
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED
    page_id = submission.page_id

    # 2. The moderator finds the draft in the submissions listing and in the workflow.
    admin = new_page()
    log_in(admin, base, "moderator")
    assert TITLE in admin.content()  # the dashboard's "awaiting your review"
    admin.goto(base + "/admin/inzendingen/?status=ingediend")
    assert submission.reference in admin.content() and TITLE in admin.content()
    admin.goto(base + f"/admin/inzendingen/inspect/{submission.pk}/")
    assert "evaluatie.pdf" in admin.content()

    # 3. ... and asks for changes with a comment, in Wagtail's own workflow menu.
    admin.goto(base + f"/admin/pages/{page_id}/edit/")
    workflow_action(admin, "reject", with_comment=True)
    admin.locator("dialog textarea[name=comment], .modal textarea[name=comment]").first.fill(
        COMMENT
    )
    with admin.expect_navigation():
        admin.locator(".modal button[type=submit], dialog button[type=submit]").first.click()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert submission.editor_comment == COMMENT

    # 4. The submitter opens the new private link, reads the comment, corrects and resubmits.
    token = last_mail_link(EMAIL)
    submitter.goto(base + f"/praktijk-insturen/{token}/")
    assert COMMENT in submitter.content()
    count, report = accessibility_violations(submitter)
    assert not count, report
    submitter.goto(base + f"/praktijk-insturen/{token}/stap/2/")
    submitter.fill("#id_summary", NEW_SUMMARY)
    submitter.click("button[name=action][value=later]")
    revisions_before = PracticePage.objects.get(pk=page_id).revisions.count()
    submitter.goto(base + f"/praktijk-insturen/{token}/controleren/")
    submitter.get_by_role("button", name="Praktijk versturen naar de redactie").click()
    submitter.wait_for_url("**/ontvangen/")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.page_id == page_id
    # One more revision of the same page, for the moderator to compare.
    resubmitted = PracticePage.objects.get(pk=page_id)
    assert resubmitted.revisions.count() == revisions_before + 1
    assert resubmitted.get_latest_revision().content["summary"] == NEW_SUMMARY

    # 5. The moderator approves: the last task of the workflow publishes the page.
    admin.goto(base + f"/admin/pages/{page_id}/edit/")
    assert NEW_SUMMARY in admin.content()
    with admin.expect_navigation():
        workflow_action(admin, "approve", with_comment=False)
    practice = PracticePage.objects.get(pk=page_id)
    assert practice.live and practice.summary == NEW_SUMMARY
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED

    # 6. The public finder finds it by a word of its title.
    visitor = new_page()
    visitor.goto(base + "/zoeken/?q=Kikkerpoel")
    assert TITLE in visitor.content()
