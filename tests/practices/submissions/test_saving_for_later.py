"""Nothing typed is lost: "Opslaan en later verder" keeps a step as it was typed, unchecked.

The check comes on "Opslaan en verder" and before sending, which checks every step again. An
optional step never blocks sending. What was saved for later is cleaned of control characters,
cut to length and only ever shown escaped; arbitrary input never gives a server error.
"""

import os
import unicodedata

import pytest
from django import forms
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from practices.submissions import steps
from practices.submissions.models import SubmissionStatus

from .journey import (
    classification_data,
    fill_all_steps,
    links_data,
    new_submission,
    outcome_data,
    practice_data,
    review_url,
    status_url,
    step_url,
)
from .markup import unsafe_markup
from .test_journey import summary_rows
from .test_properties import texts

pytestmark = pytest.mark.django_db

TITLE = "Buurtbus door vrijwilligers"
SUMMARY = "Inwoners rijden zelf een buurtbus nu de lijndienst is gestopt."


def save_for_later(client, token, number, data):
    return client.post(step_url(token, number), {**data, "action": "later"}, follow=True)


def test_saving_for_later_keeps_an_unfinished_step_as_typed():
    submission, token = new_submission()
    client = Client()

    response = save_for_later(client, token, 2, {"title": TITLE, "summary": SUMMARY})

    assert response.redirect_chain[-1][0] == status_url(token)
    assert "Uw antwoorden zijn bewaard zoals u ze typte" in response.text
    assert "Er is iets niet goed ingevuld" not in response.text
    rows = dict(summary_rows(response.text))
    assert rows["Naam van de praktijk"] == TITLE
    assert rows["Samenvatting"] == SUMMARY
    # Nothing unchecked counts as checked: the step's answers stay as they were.
    submission.refresh_from_db()
    assert submission.practice_answers == {}
    # Another browser, with only the link: the step shows what was saved, without errors.
    again = Client().get(step_url(token, 2)).text
    assert f'value="{TITLE}"' in again and SUMMARY in again
    assert "Er is iets niet goed ingevuld" not in again


def test_what_was_saved_for_later_is_checked_before_sending():
    submission, token = new_submission()
    client = Client()
    save_for_later(client, token, 2, {"title": TITLE, "summary": SUMMARY})
    for number, data in ((3, classification_data()), (4, outcome_data()), (5, links_data())):
        client.post(step_url(token, number), data)

    review = client.post(review_url(token))

    assert "Nog niet compleet" in review.text
    assert "Stap 2: De praktijk" in review.text
    assert "Vertel wat er is gebeurd." in review.text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT and submission.page is None


def test_next_checks_the_step_and_keeps_it_checked():
    submission, token = new_submission()
    client = Client()
    save_for_later(client, token, 2, {"title": TITLE, "summary": SUMMARY})

    refused = client.post(step_url(token, 2), {"title": TITLE, "summary": SUMMARY})
    assert refused.status_code == 400 and "Vertel wat er is gebeurd." in refused.text
    accepted = client.post(step_url(token, 2), practice_data(title=TITLE))
    assert accepted["Location"] == step_url(token, 3)

    submission.refresh_from_db()
    assert submission.practice_answers["title"] == TITLE
    assert submission.draft_answers == {}


def test_a_case_saved_for_later_is_sent_with_what_was_saved_last():
    submission, token = new_submission()
    client = Client()
    fill_all_steps(client, token)
    changed = "Inwoners namen het zwembad over en houden het nu al tien jaar open."
    save_for_later(client, token, 2, practice_data(summary=changed))

    assert client.post(review_url(token)).status_code == 302

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.page.summary == changed
    assert submission.practice_answers["summary"] == changed
    assert submission.draft_answers == {}


def test_a_case_whose_saved_answers_no_longer_pass_is_not_sent():
    submission, token = new_submission()
    client = Client()
    fill_all_steps(client, token)
    save_for_later(client, token, 2, practice_data(summary="Te kort"))

    review = client.post(review_url(token))

    assert "Nog niet compleet" in review.text and "Vertel iets meer" in review.text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.practice_answers["summary"] == practice_data()["summary"]


def test_what_is_saved_for_later_is_cleaned_and_cut_to_length():
    submission, token = new_submission()
    title = "Buurt\x00bus\x07 " + "x" * 400

    save_for_later(Client(), token, 2, {"title": title, "summary": "Regel 1\r\nRegel 2\x1b"})

    submission.refresh_from_db()
    draft = submission.draft_answers["practice_answers"]
    assert draft["title"] == ("Buurtbus " + "x" * 400)[:150]
    assert draft["summary"] == "Regel 1\nRegel 2"


def test_step_1_holds_personal_data_and_is_only_kept_checked():
    submission, token = new_submission()
    response = Client().post(
        step_url(token, 1), {"municipality": submission.municipality_id, "action": "later"}
    )
    assert response.status_code == 400 and "Vul uw naam in." in response.text
    submission.refresh_from_db()
    assert submission.draft_answers == {} and submission.contact.name


def test_saving_for_later_after_sending_changes_nothing():
    submission, token = new_submission()
    client = Client()
    fill_all_steps(client, token)
    client.post(review_url(token))

    response = client.post(step_url(token, 2), {"title": "Iets anders", "action": "later"})

    assert response["Location"] == status_url(token)
    submission.refresh_from_db()
    assert submission.draft_answers == {}
    assert submission.title == practice_data()["title"]


def test_a_file_chosen_before_saving_for_later_is_not_kept_unchecked_and_the_page_says_so():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .journey import pdf_bytes

    submission, token = new_submission()
    response = save_for_later(
        Client(),
        token,
        5,
        {"link_1_title": "Website", "attachment": SimpleUploadedFile("plan.pdf", pdf_bytes())},
    )
    assert "De gekozen bijlage is nog niet bewaard" in response.text
    assert not submission.attachments.exists()
    submission.refresh_from_db()
    assert submission.draft_answers["link_answers"]["link_1_title"] == "Website"


# An optional step --------------------------------------------------------------------------


def test_an_optional_step_never_blocks_sending():
    submission, token = new_submission()
    client = Client()
    for number, data in ((2, practice_data()), (3, classification_data()), (4, outcome_data())):
        assert client.post(step_url(token, number), data).status_code == 302

    review = client.get(review_url(token))
    assert "Nog niet compleet" not in review.text
    assert "Deze stap is nog niet ingevuld" not in review.text
    assert client.post(review_url(token)).status_code == 302

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not submission.page.links.exists()


def test_only_the_links_step_is_optional():
    assert [step.number for step in steps.steps() if step.is_optional] == [5]


# Arbitrary input ---------------------------------------------------------------------------

EXAMPLES = int(os.environ.get("PRAKTIJKBANK_HYPOTHESIS_EXAMPLES", "300"))


def posted_fields(number):
    """Each name a step posts (rows included), and whether its field is a text box."""
    form = steps.step_by_number(number).form_class(data={})
    parts = [form, *(row for rows in form.row_sets for row in rows)]
    text_boxes = (forms.TextInput, forms.Textarea, forms.URLInput)
    return {
        part.add_prefix(name): isinstance(field.widget, text_boxes)
        for part in parts
        for name, field in part.fields.items()
        if name not in form.not_stored
    }


def posted_values():
    return st.one_of(texts(), st.lists(texts(), max_size=4))


@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data(), number=st.sampled_from([2, 3, 4, 5]))
def test_anything_saved_for_later_is_kept_clean_and_shown_back_escaped(data, number):
    fields = posted_fields(number)
    posted = data.draw(
        st.dictionaries(st.sampled_from(sorted(fields)), posted_values(), max_size=8)
    )
    submission, token = new_submission()
    client = Client()

    response = client.post(step_url(token, number), {**posted, "action": "later"})

    assert response.status_code == 302  # the test client raises on a server error
    submission.refresh_from_db()
    draft = submission.draft_answers[steps.step_by_number(number).form_class.answers_field]
    for name, value in draft.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                assert not any(
                    unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n" for ch in text
                ), (name, text)
    for url in (step_url(token, number), status_url(token), review_url(token)):
        page = client.get(url)
        assert page.status_code == 200, url
        assert not unsafe_markup(page.text), url
    shown = client.get(step_url(token, number)).text
    for name, value in draft.items():
        if fields[name] and value:
            event("typed text shown back")
            assert escape(value) in shown, name
