"""The steps of the submission form in order, and what they tell together about a case:
whether it can be submitted (``check``), how complete it is, and the summary of its answers.

What a step asks, keeps and shows is its form's business (see ``forms``); this module only
walks the steps in order. A step counts with what was saved last: its checked answers, or what
was saved for later and not yet checked. An optional step (one without required questions) is
never missing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .forms import ClassificationForm, ContactForm, LinksForm, OutcomeForm, PracticeForm
from .models import Submission


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    form_class: type

    def is_done(self, submission):
        """Whether anything was saved for this step, checked or not."""
        return any(
            value not in ("", None, [], False)
            for value in self.form_class.saved_answers(submission).values()
        )

    @property
    def is_optional(self):
        return self.form_class.is_optional()

    def form(self, submission, *args, **kwargs):
        """The step's form for this submission: blank, with the saved answers, or as posted."""
        return self.form_class(*args, submission=submission, **kwargs)

    def initial_form(self, submission):
        return self.form(submission, initial=self.form_class.saved_answers(submission))


def steps():
    return [
        Step(1, "gemeente", _("Gemeente en contactpersoon"), ContactForm),
        Step(2, "praktijk", _("De praktijk"), PracticeForm),
        Step(3, "indeling", _("Vorm en strategie"), ClassificationForm),
        Step(4, "resultaat", _("Wat werkte en hoe ging het"), OutcomeForm),
        Step(5, "links", _("Links en bijlagen"), LinksForm),
    ]


def step_by_number(number):
    return next((step for step in steps() if step.number == number), None)


def stored_forms(submission):
    """Every step's form bound to the stored answers, by step number.

    One set serves the check, the completeness and the summary of one page.
    """
    return {step.number: step.form_class.stored(submission) for step in steps()}


def save(form, submission):
    """Store a valid step in one transaction; False (with a form error) if it cannot be."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if not locked.is_editable:
            form.add_error(None, _("Deze inzending is al verstuurd en kan niet meer veranderen."))
            return False
        if not form.save(locked):
            return False
        locked.extend_link()
        locked.save()
    return True


def save_draft(form, submission):
    """Keep a step as typed, unchecked, in one transaction; False once it can no longer change."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if not locked.is_editable:
            return False
        form.keep_draft(locked)
        locked.extend_link()
        locked.save()
    return True


def keep_checked_drafts(submission, checked):
    """What was saved for later and passed the final check becomes the step's answers."""
    for form_class, form in checked.forms.items():
        if form_class.draft(submission) is not None:
            form.save(submission)


@dataclass
class Check:
    """Which steps still need attention before the case can be submitted."""

    problems: list = field(default_factory=list)  # (step, [messages])
    forms: dict = field(default_factory=dict)  # form class -> valid bound form

    @property
    def complete(self):
        return not self.problems


def check(submission, forms=None):
    forms = forms or stored_forms(submission)
    result = Check()
    for step in steps():
        if not (step.is_done(submission) or step.is_optional):
            result.problems.append((step, [_("Deze stap is nog niet ingevuld.")]))
            continue
        form = forms[step.number]
        if form.is_valid():
            result.forms[step.form_class] = form
        else:
            messages = [str(message) for _field, message in form.bound_errors()]
            result.problems.append((step, messages))
    return result


def completeness(submission, forms=None):
    """The optional parts that make a case more useful to others, and which are filled in."""
    forms = forms or stored_forms(submission)
    items = [
        {"step": step.number, "label": label, "done": done}
        for step in steps()
        for label, done in forms[step.number].completeness()
    ]
    return {
        "items": items,
        "done": sum(1 for item in items if item["done"]),
        "total": len(items),
        "missing": [item for item in items if not item["done"]],
    }


def summary(submission, forms=None):
    """The answers per step as rows of (label, text or texts), for the review and status pages."""
    forms = forms or stored_forms(submission)
    return [{"step": step, "rows": forms[step.number].summary_rows()} for step in steps()]
