"""The subscribe form: one e-mail address, checked as the submission form checks it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.submissions.fields import email_field


class SubscribeForm(forms.Form):
    email = email_field(_("Hierheen sturen we eerst een e-mail om te bevestigen."))

    def error_links(self):
        """Every error as (anchor, label, message), for the summary at the top of the page."""
        return [
            (self[name].auto_id, self[name].label, message)
            for name, messages in self.errors.items()
            for message in messages
        ]
