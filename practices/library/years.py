"""The years a practice can carry: from 1900 up to and including this year.

"This year" is read each time a year is checked, never when a module is imported: a process
that runs past New Year accepts the new year without a restart.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_YEAR = 1900


def this_year():
    return timezone.localdate().year


def year_bounds():
    return {"first": EARLIEST_YEAR, "last": this_year()}


class YearField(forms.IntegerField):
    """An optional year between ``EARLIEST_YEAR`` and this year.

    ``message`` is the one plain-Dutch message for every wrong value, with ``%(first)s`` and
    ``%(last)s`` for the bounds.
    """

    def __init__(self, *, message, **kwargs):
        self.message = message
        kwargs.setdefault("required", False)
        super().__init__(min_value=EARLIEST_YEAR, **kwargs)
        self.error_messages["invalid"] = self.error_messages["min_value"] = message

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(self.message % year_bounds(), code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is not None and not EARLIEST_YEAR <= value <= this_year():
            raise ValidationError(self.message % year_bounds(), code="max_value")

    def run_validators(self, value):
        # The range is checked once, in validate(), with the bounds of today.
        pass

    def __deepcopy__(self, memo):
        # Every form instance gets a copy of its fields: the browser's own bound is set then.
        result = super().__deepcopy__(memo)
        result.widget = copy.deepcopy(self.widget, memo)
        result.widget.attrs["max"] = this_year()
        return result
