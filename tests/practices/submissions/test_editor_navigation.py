"""The editor reaches every case from the admin: each row of "Inzendingen" opens its details,
the dashboard lists the cases that wait with links to their details and draft pages, and the
case and its draft page link to each other."""

import re

import pytest
from django.test import Client

from practices.submissions.models import SubmissionStatus

from .journey import new_submission
from .test_editorial_review import logged_in, member, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    return logged_in(member(django_user_model, "moderator", "Moderatoren"))


@pytest.fixture
def redacteur(django_user_model):
    return logged_in(member(django_user_model, "redacteur", "Redacteuren"))


def inspect_path(submission):
    return f"/admin/inzendingen/inspect/{submission.pk}/"


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def test_each_row_of_the_listing_opens_the_case(redacteur, django_capture_on_commit_callbacks):
    sent, _, _ = submitted(django_capture_on_commit_callbacks)
    draft, _ = new_submission()

    listing = redacteur.get("/admin/inzendingen/").text

    for submission in (sent, draft):
        assert re.search(
            rf'<a [^>]*href="{inspect_path(submission)}"[^>]*>\s*{submission.reference}\s*</a>',
            listing,
        ), submission.reference
    assert redacteur.get(inspect_path(draft)).status_code == 200


def test_the_dashboard_links_each_waiting_case_to_its_details_and_its_draft_page(
    redacteur, django_capture_on_commit_callbacks
):
    sent, _, _ = submitted(django_capture_on_commit_callbacks)
    draft, _ = new_submission()

    dashboard = redacteur.get("/admin/").text

    assert "Inzendingen die wachten" in dashboard
    assert inspect_path(sent) in links(dashboard)
    assert f"/admin/pages/{sent.page_id}/edit/" in links(dashboard)
    # A draft is still with its submitter: nothing for the editors to do yet.
    assert inspect_path(draft) not in links(dashboard)


def test_the_dashboard_shows_no_panel_when_nothing_waits(redacteur):
    new_submission()
    assert "Inzendingen die wachten" not in redacteur.get("/admin/").text


def test_the_dashboard_panel_is_for_those_who_see_submissions(django_user_model):
    # Someone with admin access but without the right to see submissions (and their
    # personal data) sees no panel.
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Alleen beheer")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("beheerder", "b@example.org", "geheim")
    user.groups.add(group)
    sent, _ = new_submission()
    sent.status = SubmissionStatus.SUBMITTED
    sent.save()
    client = Client()
    client.force_login(user)
    assert "Inzendingen die wachten" not in client.get("/admin/").text


def test_the_case_and_its_draft_page_link_to_each_other(
    moderator, django_capture_on_commit_callbacks
):
    submission, _, _ = submitted(django_capture_on_commit_callbacks)

    inspect = moderator.get(inspect_path(submission)).text
    assert f"/admin/pages/{submission.page_id}/edit/" in links(inspect)
    edit = moderator.get(f"/admin/pages/{submission.page_id}/edit/").text
    assert f"Deze pagina komt uit inzending {submission.reference}." in edit
    assert inspect_path(submission) in links(edit)


def test_a_page_without_a_case_says_nothing_about_one(moderator):
    from practices.library.models import PracticePage

    page = PracticePage.objects.first()
    edit = moderator.get(f"/admin/pages/{page.pk}/edit/").text
    assert "Deze pagina komt uit inzending" not in edit
