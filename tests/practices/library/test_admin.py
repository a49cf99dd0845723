"""Editors find the content model in the admin: tabbed page editors, snippets, the workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from practices.library.models import PracticePage, ToolPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("redactie", "r@example.org", "geheim")
    client.force_login(user)
    return client


def test_practice_and_tool_editors_open(admin_client):
    for page in (PracticePage.objects.first(), ToolPage.objects.first()):
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200


def test_a_new_practice_starts_with_the_guided_story_sections(admin_client):
    index = Page.objects.get(slug="praktijken")
    response = admin_client.get(f"/admin/pages/add/library/practicepage/{index.pk}/")
    assert response.status_code == 200
    for heading in ("Aanleiding", "Het initiatief", "Rol van de gemeente", "Resultaat"):
        assert heading in response.text


@pytest.mark.parametrize(
    "model", ["form", "rung", "strategy", "challenge", "sector", "sizeclass", "factor"]
)
def test_every_vocabulary_has_a_searchable_snippet_listing(admin_client, model):
    response = admin_client.get(f"/admin/snippets/taxonomy/{model}/", {"q": "a"})
    assert response.status_code == 200


def test_municipalities_can_be_filtered_by_province(admin_client):
    response = admin_client.get(
        "/admin/snippets/municipalities/municipality/", {"province": "utrecht"}
    )
    assert response.status_code == 200
    assert "Oudewater" in response.text
    assert "Zwolle" not in response.text


def test_dutch_editorial_groups_and_the_redactie_workflow_exist():
    groups = {group.name: group for group in Group.objects.all()}
    assert {"Redacteuren", "Moderatoren"} <= set(groups)
    moderator_rights = set(groups["Moderatoren"].permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_strategy", "add_factor"} <= moderator_rights
    editor_rights = set(groups["Redacteuren"].permissions.values_list("codename", flat=True))
    assert "change_strategy" not in editor_rights
    workflow = Workflow.objects.get(name="Redactie", active=True)
    root = Page.objects.get(depth=1)
    assert root.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Moderatoren"]
