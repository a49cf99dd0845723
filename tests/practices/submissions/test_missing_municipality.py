"""Every municipality can take part: one missing from the list is named by the submitter, with its
province, and stays a proposal until an editor maps it to a municipality in the list or adds it
(with the CBS code the editor looks up). Until then the draft page has no municipality, and the
case's details and the draft page's edit view name the proposal."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from practices.library.models import PracticePage
from practices.municipalities.models import Municipality
from practices.submissions.models import Submission

from .journey import (
    START_URL,
    fill_all_steps,
    outcome_data,
    review_url,
    start_data,
    status_url,
    step_url,
)
from .test_editorial_review import logged_in, member
from .test_journey import summary_rows

pytestmark = pytest.mark.django_db

# A name no municipality in the list has (the list may hold all of CBS's).
MISSING = {
    "municipality": "",
    "proposed_municipality": "Nieuw-Hollandsveen",
    "proposed_province": "overijssel",
}


@pytest.fixture
def moderator(django_user_model):
    return logged_in(member(django_user_model, "moderator", "Moderatoren"))


def start_with_missing_municipality(client=None, **overrides):
    assert not Municipality.objects.filter(name__iexact=MISSING["proposed_municipality"]).exists()
    client = client or Client()
    response = client.post(START_URL, start_data(**{**MISSING, **overrides}))
    assert response.status_code == 302, response.text[:3000]
    token = response["Location"].split("/")[2]
    return Submission.objects.latest("pk"), token, client


def sent_with_missing_municipality(capture, **outcome):
    submission, token, client = start_with_missing_municipality()
    fill_all_steps(client, token)
    if outcome:
        client.post(step_url(token, 4), outcome_data(**outcome))
    with capture(execute=True):
        assert client.post(review_url(token)).status_code == 302
    submission.refresh_from_db()
    return submission


def decide_url(submission):
    return f"/admin/inzendingen/gemeente/{submission.pk}/"


def draft_municipality(submission):
    page = PracticePage.objects.get(pk=submission.page_id)
    return page.get_latest_revision_as_object().municipality


# The submitter -------------------------------------------------------------------------------


def test_the_start_page_offers_a_way_when_the_municipality_is_not_in_the_list(client):
    text = client.get(START_URL).text
    assert "Mijn gemeente staat er niet bij" in text
    assert '<details class="submission-other">' in text
    # The list's own hint, read out with it, points the way.
    assert "Staat uw gemeente er niet bij? Kies dan hieronder" in text


def test_a_submitter_names_a_missing_municipality_and_its_province():
    submission, token, client = start_with_missing_municipality()

    assert submission.municipality is None
    assert (submission.proposed_municipality, submission.proposed_province) == (
        "Nieuw-Hollandsveen",
        "overijssel",
    )
    rows = dict(summary_rows(client.get(status_url(token)).text))
    assert rows["Uw gemeente"].startswith(
        "Nieuw-Hollandsveen (Overijssel): staat nog niet in onze lijst"
    )
    again = client.get(step_url(token, 1)).text
    assert '<details class="submission-other" open>' in again
    assert 'value="Nieuw-Hollandsveen"' in again


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"municipality": "", "proposed_municipality": ""}, "Kies uw gemeente. Staat die er niet"),
        ({**MISSING, "proposed_province": ""}, "Kies de provincie van uw gemeente."),
        ({**MISSING, "proposed_province": "atlantis"}, "Kies een provincie uit de lijst."),
        ({"proposed_municipality": "Nieuw-Hollandsveen"}, "óf vul de naam in, niet allebei"),
    ],
)
def test_a_missing_municipality_needs_a_name_and_a_province_and_not_both(client, answers, message):
    response = client.post(START_URL, start_data(**answers))
    assert response.status_code == 400
    assert message in response.text
    assert not Submission.objects.exists()


def test_a_name_that_is_in_the_list_after_all_is_chosen_from_it():
    submission, _, _ = start_with_missing_municipality(proposed_municipality="oudewater")
    assert submission.municipality == Municipality.objects.get(name="Oudewater")
    assert submission.proposed_municipality == "" and submission.proposed_province == ""


def test_choosing_from_the_list_later_ends_the_proposal():
    submission, token, client = start_with_missing_municipality()
    oudewater = Municipality.objects.get(name="Oudewater")
    response = client.post(
        step_url(token, 1),
        start_data(municipality=str(oudewater.pk), proposed_municipality="", proposed_province=""),
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.municipality == oudewater and not submission.proposed_municipality


# The editor ----------------------------------------------------------------------------------


def test_until_an_editor_decides_the_page_has_no_municipality_and_both_views_say_so(
    moderator, django_capture_on_commit_callbacks
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks)

    assert submission.page.municipality is None
    inspect = moderator.get(f"/admin/inzendingen/inspect/{submission.pk}/").text
    assert "stelt voor: ‘Nieuw-Hollandsveen (Overijssel)’" in inspect
    assert decide_url(submission) in inspect
    edit = moderator.get(f"/admin/pages/{submission.page_id}/edit/").text
    assert "stelt voor: ‘Nieuw-Hollandsveen (Overijssel)’" in edit
    assert decide_url(submission) in edit
    listing = moderator.get("/admin/inzendingen/").text
    assert "‘Nieuw-Hollandsveen’ (voorgesteld)" in listing


def test_an_editor_maps_the_proposal_to_a_municipality_in_the_list(
    moderator, django_capture_on_commit_callbacks
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks)
    zwolle = Municipality.objects.get(name="Zwolle")

    form = moderator.get(decide_url(submission))
    assert form.status_code == 200 and "Nieuw-Hollandsveen (Overijssel)" in form.text
    response = moderator.post(decide_url(submission), {"action": "map", "municipality": zwolle.pk})

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.municipality == zwolle and not submission.proposed_municipality
    assert draft_municipality(submission) == zwolle
    entry = ModelLogEntry.objects.get(action="submissions.municipality_mapped")
    assert entry.data == {"proposal": "Nieuw-Hollandsveen (Overijssel)", "municipality": "Zwolle"}
    edit = moderator.get(f"/admin/pages/{submission.page_id}/edit/").text
    assert "stelt voor" not in edit


@pytest.mark.parametrize(
    "code, message",
    [
        ("", "Vul de CBS-code van de gemeente in."),
        ("1774", "Een CBS-gemeentecode bestaat uit GM en vier cijfers"),
        ("GM17745", "Een CBS-gemeentecode bestaat uit GM en vier cijfers"),
    ],
)
def test_a_new_municipality_needs_a_valid_cbs_code(
    moderator, django_capture_on_commit_callbacks, code, message
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks)
    count = Municipality.objects.count()
    data = {
        "action": "create",
        "name": "Nieuw-Hollandsveen",
        "province": "overijssel",
        "cbs_code": code,
    }
    response = moderator.post(decide_url(submission), data)
    assert response.status_code == 200 and message in response.text
    assert Municipality.objects.count() == count


def test_a_code_that_is_taken_points_to_its_municipality(
    moderator, django_capture_on_commit_callbacks
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks)
    zwolle = Municipality.objects.get(name="Zwolle")
    data = {"action": "create", "name": "Nieuw-Hollandsveen", "province": "overijssel"}
    response = moderator.post(decide_url(submission), {**data, "cbs_code": zwolle.cbs_code})
    assert "Deze CBS-code hoort al bij Zwolle" in response.text
    submission.refresh_from_db()
    assert submission.proposed_municipality == "Nieuw-Hollandsveen"


def test_an_editor_adds_the_missing_municipality_and_the_page_gets_it(
    moderator, django_capture_on_commit_callbacks
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks)
    code = next(
        f"GM{number:04d}"
        for number in range(9999, 0, -1)
        if not Municipality.objects.filter(cbs_code=f"GM{number:04d}").exists()
    )

    response = moderator.post(
        decide_url(submission),
        {
            "action": "create",
            "name": "Nieuw-Hollandsveen",
            "province": "overijssel",
            "cbs_code": " " + code.lower()[:2] + " " + code[2:],  # as pasted: " gm 9999"
        },
    )

    assert response.status_code == 302
    created = Municipality.objects.get(cbs_code=code)
    assert (created.name, created.province) == ("Nieuw-Hollandsveen", "overijssel")
    submission.refresh_from_db()
    assert submission.municipality == created
    assert draft_municipality(submission) == created
    assert ModelLogEntry.objects.filter(action="submissions.municipality_created").exists()
    again = moderator.get(decide_url(submission))
    assert again.status_code == 302  # decided once; back to the case


def test_an_anonymous_case_keeps_its_mapped_municipality_for_editors_only(
    moderator, django_capture_on_commit_callbacks
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks, anonymous="on")
    zwolle = Municipality.objects.get(name="Zwolle")
    moderator.post(decide_url(submission), {"action": "map", "municipality": zwolle.pk})
    submission.refresh_from_db()
    assert submission.municipality == zwolle
    assert draft_municipality(submission) is None


def test_only_editors_who_may_edit_the_draft_decide_the_municipality(
    django_user_model, django_capture_on_commit_callbacks
):
    submission = sent_with_missing_municipality(django_capture_on_commit_callbacks)
    zwolle = Municipality.objects.get(name="Zwolle")
    data = {"action": "map", "municipality": zwolle.pk}

    assert Client().post(decide_url(submission), data).status_code == 302  # to the login page
    # A redacteur cannot edit a page that waits for the moderator, so cannot decide either.
    redacteur = logged_in(member(django_user_model, "redacteur", "Redacteuren"))
    assert redacteur.post(decide_url(submission), data).status_code == 302
    submission.refresh_from_db()
    assert (
        submission.municipality is None and submission.proposed_municipality == "Nieuw-Hollandsveen"
    )
