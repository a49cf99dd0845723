"""The reference date of a municipality's inhabitants: imported, kept, checked and shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practices.municipalities.importing import import_municipalities
from practices.municipalities.models import Municipality, Province

pytestmark = pytest.mark.django_db


def test_importing_a_list_without_inhabitants_keeps_the_figures_and_their_dates():
    Municipality.objects.filter(cbs_code="GM0193").update(
        inhabitants=131_000, inhabitants_date=datetime.date(2024, 1, 1)
    )
    import_municipalities("GemeentecodeGM;Gemeentenaam;Provincienaam\nGM0193;Zwolle;Overijssel\n")
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    assert (zwolle.inhabitants, zwolle.inhabitants_date) == (131_000, datetime.date(2024, 1, 1))


def test_an_import_with_inhabitants_stores_their_reference_date():
    import_municipalities(
        "GemeentecodeGM;Gemeentenaam;Provincienaam;Inwoners;Peildatum\n"
        "GM0193;Zwolle;Overijssel;132.000;2024-01-01\n"
    )
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    assert (zwolle.inhabitants, zwolle.inhabitants_date) == (132_000, datetime.date(2024, 1, 1))


def test_a_reference_date_without_inhabitants_is_refused_in_plain_dutch():
    municipality = Municipality(
        cbs_code="GM9991",
        name="Proefgemeente",
        province=Province.ZEELAND,
        inhabitants_date=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert error.value.message_dict["inhabitants_date"] == [
        "Vul ook het aantal inwoners in, of laat de peildatum leeg."
    ]


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("redactie", "r@example.org", "geheim")
    client.force_login(user)
    return client


def test_the_admin_listing_shows_the_reference_date_beside_the_inhabitants(admin_client):
    Municipality.objects.filter(cbs_code="GM0193").update(
        inhabitants=131_000, inhabitants_date=datetime.date(2024, 1, 1)
    )
    url = reverse(Municipality.snippet_viewset.get_url_name("list"))
    response = admin_client.get(url, {"q": "GM0193"})
    assert response.status_code == 200
    assert "Peildatum inwoners" in response.text
    assert "1 januari 2024" in response.text
