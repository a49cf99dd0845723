"""Generated input for every group of fields: never a 500, never junk stored, never live markup.

Each field group gets several hundred generated inputs (``EXAMPLES``; set
PRAKTIJKBANK_HYPOTHESIS_EXAMPLES to change it): very long text, control characters, any unicode,
HTML and script payloads, numbers that do not exist, malformed files. For every input:

* the answer is a page (200), a redirect after saving (302), or a 404 — the test client would
  raise on any server error;
* a refused step stores nothing: the step's answers, contacts, attachments and files are as
  they were;
* an accepted step stores exactly what the step's form cleaned, and the stored text holds no
  control characters and respects the limits;
* no page that shows the input (the step again, the status page, the review page) contains an
  element, event handler or link that could run script.
"""

import io
import os
import unicodedata
from html import unescape
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from practices.municipalities.models import Municipality
from practices.submissions.drafting import plain_text_to_html
from practices.submissions.filetypes import detect, kind_for_extension
from practices.submissions.forms import (
    ClassificationForm,
    ContactForm,
    LinksForm,
    OutcomeForm,
    PracticeForm,
)
from practices.submissions.models import Submission, SubmissionAttachment, SubmitterContact
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, Strategy

from .journey import (
    START_URL,
    fill_all_steps,
    new_submission,
    old_stamp,
    pdf_bytes,
    review_url,
    status_url,
    step_url,
)
from .markup import unsafe_markup

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PRAKTIJKBANK_HYPOTHESIS_EXAMPLES", "300"))
PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
ALLOWED_CONTROL = "\t\n\r"

PAYLOADS = [
    '<script>alert("pb")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "</textarea><script>alert(2)</script>",
    "</title><style>*{display:none}</style>",
    "<math><mi xlink:href=data:x,<script>alert(3)</script>>",
    "{{ request.META }}{% debug %}",
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "<p onclick=alert(5)>tekst</p>",
    "javascript:alert(6)",
    "\u202egnp.exe",
    "Robert'); DROP TABLE submissions_submission;--",
]


def long_text():
    return st.builds(
        lambda piece, times: piece * times,
        st.text(min_size=1, max_size=5),
        st.integers(min_value=100, max_value=6000),
    )


def control_text():
    return st.text(
        alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), min_size=1, max_size=20
    )


def payload_text():
    return st.builds(
        lambda before, payload, after: before + payload + after,
        st.text(max_size=30),
        st.sampled_from(PAYLOADS),
        st.text(max_size=30),
    )


def plausible_text():
    return st.text(
        alphabet=st.characters(categories=["L", "N", "P", "Zs"]), min_size=20, max_size=300
    )


def texts():
    """Any text a form field might receive, from the ordinary to the hostile."""
    return st.one_of(
        st.text(max_size=80),
        plausible_text(),
        long_text(),
        control_text(),
        payload_text(),
        st.sampled_from(["", " ", "\n\n", "😀" * 50, "ﷺ" * 30, "Z̴̡̛a̷l̸g̵o̶", "0", "None"]),
    )


def numbers():
    return st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.integers(min_value=1890, max_value=2100).map(str),
        texts(),
    )


def choice_of(model):
    """Existing primary keys, numbers that do not exist, and text."""
    pks = list(model.objects.values_list("pk", flat=True))
    return st.one_of(st.sampled_from(pks).map(str), numbers())


def choices_of(model):
    return st.lists(choice_of(model), max_size=9)


def stored_text_is_clean(value, limit):
    assert len(value) <= limit
    assert value == value.strip()
    assert not any(
        unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROL for ch in value
    ), repr(value)


def assert_no_live_markup(client, *urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        problems = unsafe_markup(response.text)
        assert not problems, (url, problems)


def post_and_check(client, submission, token, number, form_class, data, field, **form_kwargs):
    before = getattr(submission, field)
    response = client.post(step_url(token, number), data)
    assert response.status_code in (400, 302)
    submission.refresh_from_db()
    stored = getattr(submission, field)
    expected = form_class(data=data, **form_kwargs)
    if response.status_code == 302:
        event("accepted")
        assert expected.is_valid(), expected.errors
        assert stored == expected.answers()
    else:
        event("refused")
        assert stored == before
        assert not unsafe_markup(response.text)
    return response.status_code == 302, stored


# Mixing valid and hostile values ------------------------------------------------------------

NO_CONTROL = st.characters(exclude_categories=["Cc", "Cs"])


def valid_text(min_size, max_size):
    """Text a field accepts: no control characters, within the limits, often with markup."""
    prefix = "Dit is wat er gebeurde: " if min_size > 3 else "Naam "
    body = st.one_of(
        st.text(alphabet=NO_CONTROL, max_size=min(max_size, 400)),
        st.builds(
            lambda before, payload, after: before + payload + after,
            st.text(alphabet=NO_CONTROL, max_size=30),
            st.sampled_from(PAYLOADS),
            st.text(alphabet=NO_CONTROL, max_size=30),
        ),
        plausible_text(),
    )
    return body.map(lambda text: (prefix + text)[:max_size])


def optional(strategy):
    return st.one_of(st.just(""), strategy)


@st.composite
def mixed(draw, valid, hostile=None, most=2):
    """Valid values for every field except at most `most` fields, which get hostile input."""
    hostile = hostile or {}
    corrupt = draw(st.sets(st.sampled_from(sorted(valid)), max_size=most))
    return {
        name: draw(hostile.get(name, texts()) if name in corrupt else strategy)
        for name, strategy in valid.items()
    }


def pks(model):
    return list(model.objects.values_list("pk", flat=True))


# Step 1: municipality and contact ------------------------------------------------------------


@PROPERTY_SETTINGS
@given(data=st.data())
def test_step_1_contact_fields(data):
    values = data.draw(
        mixed(
            {
                "municipality": st.sampled_from(pks(Municipality)).map(str),
                "name": valid_text(1, 120),
                "role": valid_text(1, 120),
                "email": st.emails().filter(lambda e: len(e) <= 254),
            },
            {
                "municipality": numbers(),
                "email": st.one_of(texts(), payload_text().map(lambda t: t + "@x.nl")),
            },
        )
    )
    client = Client()
    values.update(website="", started=old_stamp())
    submissions, contacts = Submission.objects.count(), SubmitterContact.objects.count()
    response = client.post(START_URL, values)
    assert response.status_code in (400, 302)
    expected = ContactForm(data=values)
    if response.status_code == 302:
        event("accepted")
        assert expected.is_valid()
        contact = SubmitterContact.objects.latest("pk")
        assert contact.name == expected.cleaned_data["name"]
        assert contact.role == expected.cleaned_data["role"]
        assert contact.email == expected.cleaned_data["email"]
        stored_text_is_clean(contact.name, 120)
        stored_text_is_clean(contact.role, 120)
        assert Submission.objects.count() == submissions + 1
        assert_no_live_markup(client, response["Location"])
        token = response["Location"].split("/")[2]
        assert_no_live_markup(client, step_url(token, 1), status_url(token))
    else:
        event("refused")
        assert not expected.is_valid()
        assert Submission.objects.count() == submissions
        assert SubmitterContact.objects.count() == contacts
        assert not unsafe_markup(response.text)


# Step 2: the practice ------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(
    data=mixed(
        {
            "title": valid_text(3, 150),
            "summary": valid_text(20, 600),
            "context": optional(valid_text(20, 4000)),
            "what_happened": st.one_of(
                valid_text(20, 4000), long_text().map(lambda t: ("Lang verhaal: " + t)[:4000])
            ),
            "municipality_role": valid_text(20, 4000),
            "start_year": optional(st.integers(1900, 2025).map(str)),
        },
        {"start_year": numbers()},
    )
)
def test_step_2_practice_fields(data):
    client = Client()
    submission, token = new_submission()
    accepted, stored = post_and_check(
        client, submission, token, 2, PracticeForm, data, "practice_answers"
    )
    if accepted:
        for name, limit in (
            ("title", 150),
            ("summary", 600),
            ("context", 4000),
            ("what_happened", 4000),
            ("municipality_role", 4000),
        ):
            stored_text_is_clean(stored[name], limit)
        assert_no_live_markup(client, step_url(token, 2), status_url(token), review_url(token))


# Step 3: forms, strategies, sectors, challenges ---------------------------------------------


def some_of(model, low, high):
    return st.lists(st.sampled_from(pks(model)).map(str), min_size=low, max_size=high, unique=True)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_step_3_classification_fields(data):
    values = data.draw(
        mixed(
            {
                "form_types": some_of(Form, 1, 3),
                "government_role": optional(st.sampled_from(pks(Rung)).map(str)),
                "strategies": some_of(Strategy, 0, 6),
                "sectors": some_of(Sector, 0, 4),
                "challenges": some_of(Challenge, 0, 6),
            },
            {
                "form_types": choices_of(Form),
                "government_role": choice_of(Rung),
                "strategies": choices_of(Strategy),
                "sectors": choices_of(Sector),
                "challenges": choices_of(Challenge),
            },
        )
    )
    client = Client()
    submission, token = new_submission()
    accepted, stored = post_and_check(
        client, submission, token, 3, ClassificationForm, values, "classification_answers"
    )
    if accepted:
        assert 1 <= len(stored["form_types"]) <= 3
        assert Form.objects.filter(pk__in=stored["form_types"]).count() == len(stored["form_types"])
        assert len(stored["strategies"]) <= 6
        assert_no_live_markup(client, step_url(token, 3), status_url(token))


# Step 4: factors, outcome, anonymous ---------------------------------------------------------


@st.composite
def factor_rows(draw):
    values = {}
    for kind in ("success", "failure"):
        for row in (1, 2, 3):
            prefix = f"{kind}_{row}_"
            shape = draw(st.sampled_from(["empty", "existing", "new"]))
            values[prefix + "factor"] = (
                str(draw(st.sampled_from(pks(Factor)))) if shape == "existing" else ""
            )
            values[prefix + "new"] = draw(valid_text(3, 100)) if shape == "new" else ""
            values[prefix + "explanation"] = (
                draw(optional(valid_text(1, 500))) if shape != "empty" else ""
            )
    return values


@PROPERTY_SETTINGS
@given(data=st.data())
def test_step_4_factor_and_outcome_fields(data):
    values = data.draw(
        mixed(
            {
                "status": st.sampled_from(["lopend", "afgerond"]),
                "stop_reason": optional(valid_text(1, 2000)),
                "end_year": optional(st.integers(1900, 2025).map(str)),
                "result": optional(valid_text(1, 4000)),
                "anonymous": st.sampled_from(["on", ""]),
            },
            {"status": st.one_of(st.just("gestopt"), texts()), "end_year": numbers()},
        )
    )
    rows = data.draw(factor_rows())
    names = sorted(rows)
    for name in data.draw(st.sets(st.sampled_from(names), max_size=2)):
        rows[name] = data.draw(st.one_of(texts(), choice_of(Factor)))
    values.update(rows)
    client = Client()
    submission, token = new_submission()
    factors_before = Factor.objects.count()
    accepted, stored = post_and_check(
        client, submission, token, 4, OutcomeForm, values, "outcome_answers"
    )
    # A factor in the submitter's own words never becomes a taxonomy term by itself.
    assert Factor.objects.count() == factors_before
    if accepted:
        assert stored["status"] in ("lopend", "afgerond", "gestopt")
        if stored["status"] == "gestopt":
            assert stored["stop_reason"]
        for name, value in stored.items():
            if isinstance(value, str) and name != "status":
                stored_text_is_clean(value, 4000)
        submission.refresh_from_db()
        assert submission.anonymous == bool(stored["anonymous"])
        assert_no_live_markup(client, step_url(token, 4), status_url(token))


# Step 5: links and files ---------------------------------------------------------------------

MAGIC = [b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"MZ", b"<"]
NAMES = ["a.pdf", "b.docx", "c.xlsx", "d.odt", "e.png", "f.jpg", "g.exe", "h.html", "i", "j.PDF"]
HOSTILE_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:x",
    "//evil.example/",
    "https://",
    "https://x.example/" + "a" * 600,
]


def valid_urls():
    return st.one_of(
        st.sampled_from(["https://zwembad.example/", "http://gemeente.example/raad?id=1&x=<b>"]),
        st.builds(
            lambda path: "https://site.example/" + path,
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/?=&<>\"'", max_size=80),
        ),
    )


def hostile_urls():
    return st.one_of(
        st.sampled_from(HOSTILE_URLS),
        texts(),
        payload_text().map(lambda t: "https://site.example/" + t),
    )


def files():
    from .journey import docx_bytes, jpeg_bytes, odt_bytes, png_bytes, xlsx_bytes

    genuine = [
        ("echt.pdf", pdf_bytes()),
        ("Échte naam <b onclick=x>.pdf", pdf_bytes()),
        ("plaatje.png", png_bytes()),
        ("foto.jpeg", jpeg_bytes()),
        ("stuk.docx", docx_bytes()),
        ("blad.xlsx", xlsx_bytes()),
        ("tekst.odt", odt_bytes()),
    ]
    return st.one_of(
        st.none(),
        st.sampled_from(genuine),
        st.tuples(
            st.sampled_from(NAMES),
            st.builds(
                lambda magic, body: magic + body, st.sampled_from(MAGIC), st.binary(max_size=2048)
            ),
        ),
        st.tuples(texts().map(lambda t: (t or "x")[:200] + ".pdf"), st.just(pdf_bytes())),
    )


@st.composite
def link_rows(draw):
    values = {}
    for row in (1, 2, 3):
        filled = draw(st.booleans())
        values[f"link_{row}_title"] = draw(valid_text(1, 150)) if filled else ""
        values[f"link_{row}_url"] = draw(valid_urls()) if filled else ""
    corrupt = draw(st.sets(st.sampled_from(sorted(values)), max_size=2))
    for name in corrupt:
        values[name] = draw(hostile_urls() if name.endswith("url") else texts())
    return values


@PROPERTY_SETTINGS
@given(data=st.data())
def test_step_5_link_and_file_fields(data):
    values = data.draw(link_rows())
    upload = data.draw(files())
    client = Client()
    submission, token = new_submission()
    post = dict(values)
    if upload is not None:
        post["attachment"] = SimpleUploadedFile(upload[0], upload[1])
    files_before = private_files()
    response = client.post(step_url(token, 5), post)
    assert response.status_code in (400, 302)
    submission.refresh_from_db()
    attachments = list(SubmissionAttachment.objects.filter(submission=submission))
    if response.status_code == 302:
        event("accepted")
        expected = LinksForm(data=values)
        assert expected.is_valid()
        assert submission.link_answers == expected.answers()
        for row in (1, 2, 3):
            url = submission.link_answers[f"link_{row}_url"]
            assert url == "" or url.startswith(("http://", "https://"))
        if upload is not None:
            event("file accepted")
            (attachment,) = attachments
            kind = detect(io.BytesIO(upload[1]))
            assert kind is not None and kind == kind_for_extension(attachment.original_name)
            assert attachment.kind == kind.key
            assert private_files() == files_before | {attachment.file.path}
        assert_no_live_markup(client, step_url(token, 5), status_url(token))
    else:
        event("refused")
        assert submission.link_answers == {}
        assert attachments == []
        assert private_files() == files_before
        assert not unsafe_markup(response.text)
    for attachment in attachments:  # keep the temporary folder small across examples
        attachment.file.delete(save=False)


def private_files():
    root = django_settings.PRIVATE_MEDIA_ROOT
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


# The whole journey: submitted text stays text in the draft page and the admin ---------------


@hypothesis_settings(
    max_examples=max(EXAMPLES // 5, 20),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    title=st.one_of(payload_text(), plausible_text()).map(lambda t: ("Praktijk " + t)[:150]),
    story=st.one_of(payload_text(), plausible_text(), long_text()).map(
        lambda t: ("Wat er gebeurde: " + t)[:4000]
    ),
    factor=st.one_of(payload_text(), plausible_text()).map(lambda t: ("Factor " + t)[:100]),
)
def test_submitted_text_stays_text_in_the_draft_page_and_the_admin(title, story, factor):
    from .journey import outcome_data, practice_data

    editor, _ = get_user_model().objects.get_or_create(
        username="redacteur-hypothesis", defaults={"is_superuser": True, "is_staff": True}
    )
    admin = Client()
    admin.force_login(editor)
    client = Client()
    submission, token = new_submission()
    fill_all_steps(client, token)
    step2 = client.post(step_url(token, 2), practice_data(title=title, what_happened=story))
    step4 = client.post(
        step_url(token, 4), outcome_data(failure_1_new=factor, failure_1_explanation=story[:500])
    )
    if step2.status_code != 302 or step4.status_code != 302:
        event("refused before submit")
        return
    assert client.post(review_url(token)).status_code == 302
    submission.refresh_from_db()
    page = submission.page
    assert page is not None and not page.live
    for block in page.body:
        assert not unsafe_markup(str(block.value))
    for url in (
        f"/admin/pages/{page.pk}/view_draft/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/history/",
        "/admin/",  # the dashboard lists the pages awaiting moderation
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        text = response.text
        for payload in PAYLOADS:
            if "<" in payload:
                assert payload not in text, (url, payload)
    event("submitted")


# Pure functions, many more examples ---------------------------------------------------------


@hypothesis_settings(max_examples=EXAMPLES * 3, deadline=None)
@given(text=st.one_of(st.text(), payload_text(), control_text()))
def test_plain_text_becomes_only_paragraphs_and_line_breaks(text):
    html = plain_text_to_html(text)
    tags = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, attrs))

    Tags(convert_charrefs=True).feed(html)
    assert {tag for tag, _ in tags} <= {"p", "br"}
    assert all(attrs == [] for _, attrs in tags)
    words = unescape(html.replace("<p>", " ").replace("</p>", " ").replace("<br/>", " "))
    assert words.split() == text.split()


@hypothesis_settings(max_examples=EXAMPLES * 3, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=4096),
        st.builds(lambda magic, body: magic + body, st.sampled_from(MAGIC), st.binary()),
    )
)
def test_file_detection_never_fails_on_malformed_files(content):
    handle = io.BytesIO(content)
    kind = detect(handle)
    assert handle.tell() == 0
    if kind is not None:
        assert content.startswith((b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04"))
