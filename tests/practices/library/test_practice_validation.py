"""Practice pages refuse impossible years and a stop without a reason, in plain Dutch."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from practices.library.choices import Status
from practices.library.models import EARLIEST_YEAR, PracticePage

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year
YEARS = st.integers(min_value=EARLIEST_YEAR, max_value=THIS_YEAR)


def practice(**fields):
    return PracticePage(title="Buurtmoestuin", summary="Bewoners beheren een tuin.", **fields)


def errors_of(page):
    with pytest.raises(ValidationError) as error:
        page.clean()
    return error.value.message_dict


@given(start=YEARS, end=YEARS)
def test_end_year_before_start_year_is_refused(start, end):
    page = practice(start_year=start, end_year=end)
    if end < start:
        assert errors_of(page)["end_year"] == ["Het eindjaar kan niet voor het startjaar liggen."]
    else:
        page.clean()


@given(year=st.integers(min_value=THIS_YEAR + 1, max_value=32767))
def test_a_year_in_the_future_is_refused(year):
    assert "start_year" in errors_of(practice(start_year=year))
    assert "end_year" in errors_of(practice(end_year=year))
    assert "status_year" in errors_of(practice(status_year=year))


@given(year=st.integers(min_value=0, max_value=EARLIEST_YEAR - 1))
def test_a_year_before_1900_is_refused(year):
    assert "tussen" in errors_of(practice(start_year=year))["start_year"][0]


def test_a_stopped_practice_needs_the_reason_because_failures_are_knowledge():
    assert "stop_reason" in errors_of(practice(status=Status.STOPPED, stop_reason="  "))
    practice(status=Status.STOPPED, stop_reason="Geen vrijwilligers meer.").clean()


def test_last_verified_cannot_lie_in_the_future():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert "last_verified" in errors_of(practice(last_verified=tomorrow))
