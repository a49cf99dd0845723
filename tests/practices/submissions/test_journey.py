"""A municipality submits a case without an account: every step, the receipt, the draft page."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import WorkflowState

from practices.library.models import PracticeIndexPage, PracticePage
from practices.submissions.models import Submission, SubmissionStatus
from practices.taxonomy.models import Factor

from .journey import (
    EMAIL,
    NAME,
    START_URL,
    classification_data,
    fill_all_steps,
    new_submission,
    outcome_data,
    pdf_bytes,
    practice_data,
    review_url,
    start_data,
    status_url,
    step_url,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://praktijkbank\.example/praktijk-insturen/([A-Za-z0-9_-]{43})/")


def test_the_start_page_explains_the_form_in_dutch(client):
    response = client.get(START_URL)
    assert response.status_code == 200
    text = response.text
    assert '<html lang="nl"' in text
    assert "Stap 1 van 6" in text
    assert "Kies uw gemeente" in text
    assert "Oudewater" in text
    assert 'name="csrfmiddlewaretoken"' in text
    assert 'name="website"' in text and 'name="started"' in text
    assert '<meta name="robots" content="noindex, nofollow">' in text


def test_a_submitter_walks_every_step_and_gets_a_receipt_and_a_draft_page(
    django_capture_on_commit_callbacks,
):
    client = Client()
    response = client.post(START_URL, start_data())
    assert response.status_code == 302

    # After step 1: one case, the private link by e-mail, nothing but a hash in the database.
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.DRAFT
    assert re.fullmatch(r"PB-\d{4}-\d{6}", submission.reference)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    token = LINK.search(mail.outbox[0].body).group(1)
    assert token not in submission.token_hash and len(submission.token_hash) == 64
    assert response["Location"] == step_url(token, 2)

    upload = SimpleUploadedFile("evaluatie.pdf", pdf_bytes(), content_type="application/pdf")
    fill_all_steps(client, token, attachment=upload)
    submission.refresh_from_db()
    assert submission.practice_answers["title"] == "Zwembad in handen van het dorp"
    assert submission.attachments.get().kind == "pdf"

    review = client.get(review_url(token))
    assert review.status_code == 200
    assert "Praktijk versturen naar de redactie" in review.text
    assert "Nog niet compleet" not in review.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(token))
    assert response.status_code == 302
    assert response["Location"] == f"/praktijk-insturen/{token}/ontvangen/"
    receipt = client.get(response["Location"])
    assert submission.reference in receipt.text
    assert "10 werkdagen" in receipt.text

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_at is not None
    receipts = [message for message in mail.outbox if submission.reference in message.subject]
    assert len(receipts) == 1
    assert "10 werkdagen" in receipts[0].body
    assert token in receipts[0].body

    status = client.get(status_url(token))
    assert "Ingediend" in status.text
    assert "evaluatie.pdf" in status.text


def test_the_draft_page_is_filled_from_the_answers_and_waits_in_the_redactie_workflow():
    client = Client()
    submission, token = new_submission()
    fill_all_steps(client, token)
    client.post(review_url(token))
    submission.refresh_from_db()

    page = submission.page
    assert isinstance(page, PracticePage)
    assert not page.live
    assert page.get_parent().specific_class is PracticeIndexPage
    assert page.title == "Zwembad in handen van het dorp"
    assert page.municipality.name == "Oudewater"
    assert page.status == "lopend"
    assert page.start_year == 2011
    assert page.forms.get().slug == "sociaal-ondernemerschap"
    assert page.strategies.count() == 2
    assert page.links.get().url == "https://zwembad.example/"
    # The failure factor was named in the submitter's own words: a proposal, not yet a factor.
    assert list(page.factors.values_list("kind", flat=True)) == ["success"]
    assert not Factor.objects.filter(name="Te weinig jonge vrijwilligers").exists()
    assert submission.proposed_factors.get().name == "Te weinig jonge vrijwilligers"
    sections = {block.block_type: str(block.value) for block in page.body}
    assert sections["context"] == (
        "<p>De gemeente moest bezuinigen.</p><p>Het zwembad stond op de lijst.</p>"
    )
    assert set(sections) == {"context", "initiative", "municipality_role", "result"}

    assert page.get_latest_revision() is not None
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Redactie"
    assert state.current_task_state.task.name == "Beoordeling door moderator"


def test_personal_data_never_reaches_the_page():
    client = Client()
    _, token = new_submission()
    fill_all_steps(client, token)
    client.post(review_url(token))
    page = PracticePage.objects.get(pk=Submission.objects.get().page_id)
    stored = str(page.get_latest_revision().content) + str(
        {field.name: getattr(page, field.attname, "") for field in page._meta.concrete_fields}
    )
    for personal in (NAME, EMAIL, "Beleidsmedewerker"):
        assert personal not in stored
    assert page.contact_name == page.contact_email == ""


def test_an_anonymous_case_keeps_the_municipality_for_editors_only():
    client = Client()
    submission, token = new_submission()
    fill_all_steps(client, token)
    client.post(step_url(token, 4), outcome_data(anonymous="on"))
    client.post(review_url(token))
    submission.refresh_from_db()
    assert submission.anonymous
    assert submission.municipality.name == "Oudewater"
    assert submission.page.municipality is None


def test_every_step_is_kept_and_the_link_brings_the_submitter_back():
    _, token = new_submission()
    first_visit = Client()
    first_visit.post(step_url(token, 2), {**practice_data(), "action": "later"})

    later = Client()  # another browser, days later, with only the link from the e-mail
    page = later.get(step_url(token, 2))
    assert "Zwembad in handen van het dorp" in page.text
    status = later.get(status_url(token))
    assert "Concept" in status.text
    assert "Hoe compleet is uw praktijk?" in status.text


def test_the_completeness_indicator_names_what_would_make_the_case_more_useful():
    client = Client()
    _, token = new_submission()
    client.post(step_url(token, 2), practice_data(context="", start_year=""))
    client.post(step_url(token, 3), classification_data(strategies=[], sectors=[]))
    client.post(
        step_url(token, 4),
        outcome_data(failure_1_new="", failure_1_explanation="", result=""),
    )
    client.post(step_url(token, 5), {})
    review = client.get(review_url(token)).text
    assert "Nog niet compleet" not in review
    for missing in (
        "De aanleiding",
        "Het startjaar",
        "De strategieën van de gemeente",
        "Faalfactoren: wat werkte tegen",
        "Links naar meer informatie",
    ):
        assert missing in review
    assert "U heeft 3 van de 11 aanvullende onderdelen ingevuld." in review


def test_an_incomplete_case_cannot_be_submitted_and_says_which_steps_are_missing():
    client = Client()
    submission, token = new_submission()
    response = client.post(review_url(token))
    assert response.status_code == 400
    assert "Nog niet compleet" in response.text
    assert "Stap 2: De praktijk" in response.text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.page is None


def test_after_submitting_the_steps_are_closed_and_show_the_status():
    client = Client()
    submission, token = new_submission()
    fill_all_steps(client, token)
    client.post(review_url(token))
    response = client.post(step_url(token, 2), {"title": "Iets anders"})
    assert response.status_code == 302
    assert response["Location"] == status_url(token)
    submission.refresh_from_db()
    assert submission.practice_answers["title"] == "Zwembad in handen van het dorp"


def test_publishing_the_page_marks_the_case_published_and_tells_the_submitter(
    django_capture_on_commit_callbacks,
):
    client = Client()
    submission, token = new_submission()
    fill_all_steps(client, token)
    client.post(review_url(token))
    submission.refresh_from_db()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        submission.page.get_latest_revision().publish()

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    assert len(mail.outbox) == 1 and submission.reference in mail.outbox[0].subject
    status = client.get(status_url(token))
    assert "Gepubliceerd" in status.text
    assert "Bekijk uw praktijk" in status.text


def test_the_status_page_shows_the_editors_comment_escaped():
    submission, token = new_submission()
    submission.status = SubmissionStatus.CHANGES_REQUESTED
    submission.editor_comment = "Kunt u de rol van de gemeente <b>uitbreiden</b>?"
    submission.save()
    text = Client().get(status_url(token)).text
    assert "Wijzigingen gevraagd" in text
    assert "Kunt u de rol van de gemeente &lt;b&gt;uitbreiden&lt;/b&gt;?" in text


def test_the_submitter_can_correct_step_1_with_the_link():
    submission, token = new_submission()
    client = Client()
    assert "Anna de Vries-Testpersoon" in client.get(step_url(token, 1)).text
    response = client.post(
        step_url(token, 1),
        {
            "municipality": str(submission.municipality_id),
            "name": "Anna de Vries",
            "role": "Wijkmanager",
            "email": "a.devries@oudewater.example",
        },
    )
    assert response["Location"] == step_url(token, 2)
    submission.contact.refresh_from_db()
    assert submission.contact.role == "Wijkmanager"
    assert submission.contact.email == "a.devries@oudewater.example"


def test_a_mail_server_that_is_down_does_not_lose_the_case(settings):
    settings.EMAIL_BACKEND = "tests.practices.submissions.journey.BrokenEmailBackend"
    client = Client()
    response = client.post(START_URL, start_data())
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    page = client.get(response["Location"])
    assert "Het lukte niet u een e-mail te sturen" in page.text


def test_the_start_message_tells_the_submitter_about_the_link():
    client = Client()
    response = client.post(START_URL, start_data(), follow=True)
    assert "We hebben u een e-mail gestuurd met uw persoonlijke link" in response.text


def test_the_navigation_and_the_home_page_lead_to_the_form(client):
    home = client.get("/")
    assert home.text.count(f'href="{START_URL}"') == 2  # the main menu and the call to action
    assert "Deel uw praktijk" in home.text
    form = client.get(START_URL)
    assert f'href="{START_URL}" aria-current="page"' in form.text
    english = client.get("/en/")
    assert 'href="/en/praktijk-insturen/"' in english.text


def summary_rows(html):
    """The summary's rows as (label, value) pairs, with the markup taken out."""
    pairs = re.findall(
        r'<dt class="utrecht-data-list__item-key">(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>', html, re.S
    )
    return [(label, " ".join(re.sub(r"<[^>]+>", " ", value).split())) for label, value in pairs]


def test_the_summary_reads_back_each_question_with_the_answer_as_chosen():
    client = Client()
    _, token = new_submission()
    fill_all_steps(client, token)
    client.post(step_url(token, 4), outcome_data(status="afgerond", anonymous="on"))

    rows = dict(summary_rows(client.get(status_url(token)).text))

    # The labels are the questions of the steps, the choices are shown by their labels.
    assert rows["Uw gemeente"] == "Oudewater"
    assert rows["Welke vorm van doe-democratie is het?"] == "Sociaal ondernemerschap"
    assert rows["Hoe staat het ervoor?"] == "Afgerond"
    assert rows["Toon de praktijk zonder de naam van onze gemeente"] == "Ja"
    assert rows["Eindjaar (niet verplicht)"] == "niet ingevuld"
    factor = Factor.objects.order_by("pk").first().name
    assert rows["Succesfactoren: dit hielp (niet verplicht)"] == (
        f"{factor}: De vrijwilligers kenden het bad goed."
    )
    assert rows["Faalfactoren: dit werkte tegen (niet verplicht)"] == (
        "Te weinig jonge vrijwilligers: Het bestuur vergrijst."
    )
    assert rows["Links (niet verplicht)"] == "Website van het zwembad – https://zwembad.example/"
