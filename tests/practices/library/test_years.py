"""A year is checked against the year of today, not of the day the process started."""

import datetime

import pytest

from practices.library.years import EARLIEST_YEAR
from practices.submissions.forms import PracticeForm
from search.forms import FinderForm


@pytest.fixture
def new_year(monkeypatch):
    """The process started in one year and is now in the next."""
    today = datetime.date.today()
    next_new_year = datetime.date(today.year + 1, 1, 1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: next_new_year)
    return next_new_year.year


@pytest.mark.django_db
def test_the_finder_accepts_this_year_after_new_year(new_year):
    form = FinderForm({"year_from": str(new_year)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["year_from"] == new_year


@pytest.mark.django_db
def test_the_finder_still_refuses_next_year(new_year):
    form = FinderForm({"year_to": str(new_year + 1)})
    assert not form.is_valid()
    assert f"tussen {EARLIEST_YEAR} en {new_year}" in str(form.errors["year_to"])


@pytest.mark.django_db
def test_the_submission_form_offers_and_accepts_this_year_after_new_year(new_year):
    form = PracticeForm()
    assert f'max="{new_year}"' in str(form["start_year"])
    assert PracticeForm.base_fields["start_year"].clean(str(new_year)) == new_year
