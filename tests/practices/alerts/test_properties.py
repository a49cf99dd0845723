"""Generated input for the subscribe form: never a 500, never a junk row, never a half one.

Each example posts a generated address (any unicode, control characters, very long, almost
valid) with generated finder parameters (known names with wrong or right values, unknown
names). For every input the answer is the neutral redirect, the form again (200), a 400 for a
search the finder refuses, or a 429; the test client raises on a server error. Afterwards
every stored address is a normalised valid address with at least one alert, and every stored
search is one the finder accepts and writes back unchanged.
"""

import os
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from practices.alerts.models import AlertRecipient, SearchAlert, normalize_email
from practices.alerts.searches import finder_form, saved_form_of

from .journey import SUBSCRIBE_URL

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PRAKTIJKBANK_HYPOTHESIS_EXAMPLES", "150"))
PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PARAMETERS = ["q", "form", "strategy", "sector", "type", "year_from", "year_to", "page", "sort"]
GOOD_VALUES = ["nieuwe-netwerken-en-coalities", "praktijk", "2015", "newest", "1", "buurt"]
addresses = st.one_of(
    st.emails(),
    st.text(max_size=300),
    st.builds(lambda name, tail: f"{name}@{tail}", st.text(max_size=40), st.text(max_size=40)),
)
values = st.one_of(st.sampled_from(GOOD_VALUES), st.text(max_size=60))
searches = st.lists(
    st.tuples(st.sampled_from([*PARAMETERS, "mijn_gemeente", "onbekend"]), values), max_size=5
)


def assert_no_junk():
    for recipient in AlertRecipient.objects.all():
        validate_email(recipient.email)
        assert recipient.email == normalize_email(recipient.email)
        assert recipient.alerts.exists()
    for alert in SearchAlert.objects.all():
        form = finder_form(alert.search)
        assert form.is_valid(), alert.search
        assert saved_form_of(form.to_query()) == alert.search
        assert alert.language in ("nl", "en") and alert.token_hash


@PROPERTY_SETTINGS
@given(email=addresses, search=searches)
def test_any_input_gives_an_answer_and_stores_only_clean_rows(client, email, search):
    cache.clear()  # the rate limits are tested on their own
    mail.outbox.clear()
    before = SearchAlert.objects.count()
    url = SUBSCRIBE_URL + "?" + urlencode(search)
    response = client.post(url, {"email": email})
    assert response.status_code in (200, 302, 400, 429)
    if response.status_code != 302:
        assert SearchAlert.objects.count() == before
        assert not mail.outbox
    else:
        try:
            validate_email(email.strip())
        except ValidationError:
            pytest.fail(f"accepted an invalid address: {email!r}")
    assert_no_junk()
