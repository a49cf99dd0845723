"""Valid answers for every step, and helpers that walk the form like a submitter would."""

import io
import time
import zipfile

from practices.municipalities.models import Municipality
from practices.submissions.models import Submission, SubmitterContact
from practices.submissions.tokens import make_stamp
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, Strategy

START_URL = "/praktijk-insturen/"
NAME = "Anna de Vries-Testpersoon"
EMAIL = "anna.devries@oudewater.example"


def step_url(token, number):
    return f"/praktijk-insturen/{token}/stap/{number}/"


def review_url(token):
    return f"/praktijk-insturen/{token}/controleren/"


def status_url(token):
    return f"/praktijk-insturen/{token}/"


def old_stamp(seconds_ago=30):
    """A start stamp as if the form was shown a while ago."""
    return make_stamp(issued_at=time.time() - seconds_ago)


def start_data(**overrides):
    data = {
        "municipality": str(Municipality.objects.get(name="Oudewater").pk),
        "name": NAME,
        "role": "Beleidsmedewerker participatie",
        "email": EMAIL,
        "website": "",
        # Sent the moment it was shown, as a browser's autofill does: that is fine.
        "started": make_stamp(),
    }
    data.update(overrides)
    return data


def practice_data(**overrides):
    data = {
        "title": "Zwembad in handen van het dorp",
        "summary": "Toen het zwembad dicht zou gaan, namen inwoners het over in een stichting.",
        "context": "De gemeente moest bezuinigen.\n\nHet zwembad stond op de lijst.",
        "what_happened": "Vrijwilligers richtten een stichting op en beheren het bad sindsdien.",
        "municipality_role": "De gemeente gaf een subsidie voor vijf jaar en bleef eigenaar.",
        "start_year": "2011",
    }
    data.update(overrides)
    return data


def classification_data(**overrides):
    data = {
        "form_types": [str(Form.objects.get(slug="sociaal-ondernemerschap").pk)],
        "government_role": str(Rung.objects.order_by("sort_order")[1].pk),
        "strategies": [str(pk) for pk in Strategy.objects.values_list("pk", flat=True)[:2]],
        "sectors": [str(Sector.objects.first().pk)],
        "challenges": [str(Challenge.objects.first().pk)],
    }
    data.update(overrides)
    return data


def outcome_data(**overrides):
    factor = Factor.objects.order_by("pk").first()
    data = {
        "status": "lopend",
        "stop_reason": "",
        "end_year": "",
        "result": "Het bad is nog steeds open, met meer bezoekers dan eerst.",
        "success_1_factor": str(factor.pk),
        "success_1_new": "",
        "success_1_explanation": "De vrijwilligers kenden het bad goed.",
        "failure_1_factor": "",
        "failure_1_new": "Te weinig jonge vrijwilligers",
        "failure_1_explanation": "Het bestuur vergrijst.",
    }
    data.update(overrides)
    return data


def links_data(**overrides):
    data = {
        "link_1_title": "Website van het zwembad",
        "link_1_url": "https://zwembad.example/",
    }
    data.update(overrides)
    return data


def new_submission():
    """A draft with step 1 done, made directly; returns (submission, raw token)."""
    submission, token = Submission.start(municipality=Municipality.objects.get(name="Oudewater"))
    SubmitterContact.objects.create(
        submission=submission, name=NAME, role="Beleidsmedewerker", email=EMAIL
    )
    return submission, token


def fill_all_steps(client, token, attachment=None):
    for number, data in (
        (2, practice_data()),
        (3, classification_data()),
        (4, outcome_data()),
        (5, links_data()),
    ):
        if number == 5 and attachment is not None:
            data = {**data, "attachment": attachment, "action": "upload"}
        response = client.post(step_url(token, number), data)
        assert response.status_code == 302, response.content.decode()[:3000]


# Files -------------------------------------------------------------------------------------


def pdf_bytes():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def xlsx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def odt_bytes():
    return zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}
    )


class BrokenEmailBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
