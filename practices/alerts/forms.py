"""The subscribe form: one e-mail address, checked as the submission form checks it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.submissions.fields import TEXT_INPUT


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("Hierheen sturen we eerst een e-mail om te bevestigen."),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": TEXT_INPUT, "autocomplete": "email"}),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
            "max_length": _("Dit e-mailadres is te lang."),
            "null_characters_not_allowed": _("Uw e-mailadres bevat een teken dat niet kan."),
        },
    )

    def error_links(self):
        """Every error as (anchor, label, message), for the summary at the top of the page."""
        return [
            (self[name].auto_id, self[name].label, message)
            for name, messages in self.errors.items()
            for message in messages
        ]
