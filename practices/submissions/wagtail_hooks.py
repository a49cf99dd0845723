"""Submissions in the Wagtail admin: a listing by status and age whose rows open the details
for editors (submitter, attachments, completeness, the draft page, the factors and the
municipality the submitter proposed), deciding on those proposals, rejecting a case with a
reason, and deleting contact data on request (those screens are in admin_views.py). Asking for
changes happens in Wagtail's own workflow ("Request changes" on the page); signals.py carries
it over to the submission. The editor's comment that the submitter reads is set by that review
flow only: the edit view shows it read-only.

The dashboard lists the cases that wait for the editors, each linked to its details and its
draft page; the draft page's edit view links back to the case and names what the submitter
proposed."""

import datetime

from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from . import admin_views, decisions, steps
from .models import REJECTABLE_STATUSES, Submission, SubmissionStatus

# The cases that wait for the editors: sent to them, or sent back for changes.
WAITING_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.CHANGES_REQUESTED)


def age_in_days(submission):
    since = submission.submitted_at or submission.created_at
    days = (timezone.now() - since).days
    return _("%(days)d dagen") % {"days": days}


def inspect_url(submission):
    return reverse("submissions_admin:inspect", args=[submission.pk])


def municipality_or_proposal(submission):
    """The municipality, or the name the submitter proposed while an editor has not decided."""
    if submission.municipality_id:
        return submission.municipality.name
    if submission.proposed_municipality:
        return _("‘%(name)s’ (voorgesteld)") % {"name": submission.proposed_municipality}
    return "–"


class SubmissionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("municipality", "contact")


class SubmissionInspectView(InspectView):
    labels = {
        "reference": gettext_lazy("Referentienummer"),
        "status": gettext_lazy("Status"),
        "title": gettext_lazy("Naam van de praktijk"),
        "municipality": gettext_lazy("Gemeente (ook bij anoniem)"),
        "anonymous": gettext_lazy("Anoniem publiceren"),
        "page": gettext_lazy("Conceptpagina"),
        "submitter": gettext_lazy("Inzender (alleen voor de redactie)"),
        "attachments": gettext_lazy("Bijlagen"),
        "proposed_factors": gettext_lazy("Voorgestelde factoren"),
        "completeness": gettext_lazy("Volledigheid"),
        "editor_comment": gettext_lazy("Toelichting van de redactie"),
        "submitted_at": gettext_lazy("Ingediend op"),
        "created_at": gettext_lazy("Aangemaakt"),
    }

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime.datetime):
            # Dutch time, as the listing shows it: the stored value is UTC.
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return super().get_field_display_value(field_name, field)

    def get_municipality_display_value(self):
        submission = self.object
        if not submission.proposed_municipality:
            return submission.municipality.name if submission.municipality_id else "–"
        text = _(
            "De inzender vond de gemeente niet in de lijst en stelt voor: ‘%(proposal)s’. Nog "
            "niet gekoppeld: de conceptpagina heeft nog geen gemeente."
        ) % {"proposal": submission.proposed_municipality_text}
        if not decisions.user_can_decide_municipality(self.request.user, submission):
            return text
        url = reverse("submissions_admin:decide_municipality", args=[submission.pk])
        return format_html('{} <a href="{}">{}</a>', text, url, _("Gemeente koppelen"))

    def get_anonymous_display_value(self):
        return _("Ja") if self.object.anonymous else _("Nee")

    def get_page_display_value(self):
        page = self.object.page
        if page is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title
        )

    def get_submitter_display_value(self):
        contact = getattr(self.object, "contact", None)
        if contact is None:
            return _("Verwijderd of niet ingevuld.")
        return format_html(
            '{} ({})<br><a href="mailto:{}">{}</a>',
            contact.name,
            contact.role,
            contact.email,
            contact.email,
        )

    def get_attachments_display_value(self):
        attachments = self.object.attachments.all()
        if not attachments:
            return "–"
        return format_html_join(
            mark_safe("<br>"),  # a constant separator, no input in it
            '<a href="{}">{}</a> ({}, {} bytes, SHA-256 {})',
            (
                (
                    reverse("submissions:attachment", args=[item.key]),
                    item.original_name,
                    item.get_kind_display(),
                    item.size,
                    item.sha256[:12],
                )
                for item in attachments
            ),
        )

    def get_proposed_factors_display_value(self):
        proposals = self.object.proposed_factors.select_related("factor")
        if not proposals:
            return "–"
        return format_html_join(
            mark_safe("<br>"),  # a constant separator, no input in it
            "{}: ‘{}’ – {} ({})",
            (
                (
                    proposal.get_kind_display(),
                    proposal.name,
                    proposal.explanation or "–",
                    _("gekoppeld aan ‘%(factor)s’") % {"factor": proposal.factor.name}
                    if proposal.is_decided
                    else _("nog niet beoordeeld"),
                )
                for proposal in proposals
            ),
        )

    def get_completeness_display_value(self):
        result = steps.completeness(self.object)
        missing = ", ".join(str(item["label"]) for item in result["missing"]) or "–"
        return _("%(done)d van %(total)d aanvullende onderdelen; ontbreekt: %(missing)s") % {
            "done": result["done"],
            "total": result["total"],
            "missing": missing,
        }

    @property
    def header_more_buttons(self):
        submission, user = self.object, self.request.user
        offered = [
            (
                decisions.user_can_decide_municipality(user, submission),
                _("Gemeente koppelen"),
                "decide_municipality",
                "site",
            ),
            (
                submission.proposed_factors.filter(factor=None).exists()
                and decisions.user_can_decide_factors(user, submission),
                _("Factoren beoordelen"),
                "decide_factors",
                "tick",
            ),
            (
                submission.status in REJECTABLE_STATUSES
                and decisions.user_can_reject(user, submission),
                _("Afwijzen"),
                "reject",
                "cross",
            ),
            (
                hasattr(submission, "contact") and self.user_has_permission("change"),
                _("Contactgegevens verwijderen"),
                "delete_contact",
                "bin",
            ),
        ]
        buttons = list(super().header_more_buttons)
        for priority, (allowed, label, view, icon) in enumerate(offered, start=1):
            if allowed:
                url = reverse(f"submissions_admin:{view}", args=[submission.pk])
                buttons.append(HeaderButton(label, url=url, icon_name=icon, priority=priority * 10))
        return buttons


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "form"
    menu_label = gettext_lazy("Inzendingen")
    menu_order = 250
    add_to_admin_menu = True
    name = "submissions_admin"
    url_prefix = "inzendingen"
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    inspect_view_fields = list(SubmissionInspectView.labels)
    copy_view_enabled = False
    # The submitter reads this comment: only asking for changes or rejecting sets it.
    panels = [FieldPanel("editor_comment", read_only=True)]
    list_filter = ["status", "anonymous"]
    search_fields = ["reference"]
    search_backend_name = None
    ordering = ["-submitted_at", "-created_at"]
    list_display = [
        # Each row opens the case's details, where the editors act on it.
        TitleColumn("reference", label=gettext_lazy("Referentie"), get_url=inspect_url),
        Column("title", label=gettext_lazy("Praktijk")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("municipality", label=gettext_lazy("Gemeente"), accessor=municipality_or_proposal),
        DateColumn("submitted_at", label=gettext_lazy("Ingediend")),
        Column("age", label=gettext_lazy("Leeftijd"), accessor=age_in_days),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "contactgegevens-verwijderen/<int:pk>/",
                self.delete_contact_view,
                name="delete_contact",
            ),
            path("afwijzen/<int:pk>/", self.reject_view, name="reject"),
            path("factoren/<int:pk>/", self.decide_factors_view, name="decide_factors"),
            path("gemeente/<int:pk>/", self.decide_municipality_view, name="decide_municipality"),
        ]

    def delete_contact_view(self, request, pk):
        return admin_views.delete_contact_data(request, pk, self)

    def reject_view(self, request, pk):
        return admin_views.reject(request, pk)

    def decide_factors_view(self, request, pk):
        return admin_views.decide_factors(request, pk)

    def decide_municipality_view(self, request, pk):
        return admin_views.decide_municipality(request, pk)


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet()


@hooks.register("before_edit_page")
def show_the_submission(request, page):
    """On the draft page's edit view: the case it came from, and what its submitter proposed."""
    if request.method != "GET":
        return
    submission = Submission.objects.filter(page_id=page.pk).first()
    if submission is None or not request.user.has_perm("submissions.view_submission"):
        return
    messages.info(
        request,
        _("Deze pagina komt uit inzending %(reference)s.") % {"reference": submission.reference},
        buttons=[messages.button(inspect_url(submission), _("Inzending bekijken"))],
    )
    show_proposed_municipality(request, submission)
    show_proposed_factors(request, submission)


def show_proposed_municipality(request, submission):
    if not submission.proposed_municipality:
        return
    buttons = []
    if decisions.user_can_decide_municipality(request.user, submission):
        url = reverse("submissions_admin:decide_municipality", args=[submission.pk])
        buttons.append(messages.button(url, _("Gemeente koppelen")))
    messages.warning(
        request,
        _(
            "De inzender vond de gemeente niet in de lijst en stelt voor: ‘%(proposal)s’. De "
            "pagina krijgt pas een gemeente als de redactie die koppelt of toevoegt."
        )
        % {"proposal": submission.proposed_municipality_text},
        buttons=buttons,
    )


def show_proposed_factors(request, submission):
    """The factors the submitter proposed, as proposals only."""
    names = [proposal.name for proposal in submission.proposed_factors.filter(factor=None)]
    if not names:
        return
    buttons = []
    if decisions.user_can_decide_factors(request.user, submission):
        url = reverse("submissions_admin:decide_factors", args=[submission.pk])
        buttons.append(messages.button(url, _("Factoren beoordelen")))
    messages.warning(
        request,
        _(
            "De inzender stelt deze factoren voor: %(names)s. Ze staan pas op de pagina als de "
            "redactie ze koppelt aan een bestaande factor of goedkeurt als nieuwe factor."
        )
        % {"names": ", ".join(f"‘{name}’" for name in names)},
        buttons=buttons,
    )


class WaitingSubmissionsPanel(Component):
    """The dashboard's list of cases that wait for the editors, oldest first."""

    name = "waiting_submissions"
    template_name = "submissions/admin/waiting_submissions_panel.html"
    # Above Wagtail's "Awaiting your review", which links only to the draft pages.
    order = 210
    shown = 10

    def __init__(self, submissions, total):
        self.submissions = submissions
        self.total = total

    def get_context_data(self, parent_context=None):
        return {
            "rows": [
                {
                    "submission": submission,
                    "inspect_url": inspect_url(submission),
                    "municipality": municipality_or_proposal(submission),
                    "page_url": reverse("wagtailadmin_pages:edit", args=[submission.page_id])
                    if submission.page_id
                    else "",
                }
                for submission in self.submissions
            ],
            "total": self.total,
            "index_url": reverse("submissions_admin:index"),
        }


@hooks.register("construct_homepage_panels")
def add_waiting_submissions_panel(request, panels):
    if not request.user.has_perm("submissions.view_submission"):
        return
    waiting = Submission.objects.filter(status__in=WAITING_STATUSES)
    total = waiting.count()
    if total:
        shown = waiting.select_related("municipality").order_by("submitted_at", "pk")
        panels.append(WaitingSubmissionsPanel(list(shown[: WaitingSubmissionsPanel.shown]), total))


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "submissions.delete_contact",
        gettext_lazy("Contactgegevens van de inzender verwijderd"),
        gettext_lazy("Contactgegevens van de inzender verwijderd"),
    )
    actions.register_action(
        "submissions.changes_requested",
        gettext_lazy("Wijzigingen gevraagd aan de inzender"),
        gettext_lazy("Wijzigingen gevraagd aan de inzender"),
    )
    actions.register_action(
        "submissions.reject",
        gettext_lazy("Inzending afgewezen"),
        gettext_lazy("Inzending afgewezen"),
    )
    actions.register_action(
        "submissions.factor_mapped",
        gettext_lazy("Voorgestelde factor gekoppeld aan een bestaande factor"),
        gettext_lazy("Voorgestelde factor gekoppeld aan een bestaande factor"),
    )
    actions.register_action(
        "submissions.factor_approved",
        gettext_lazy("Voorgestelde factor goedgekeurd als nieuwe factor"),
        gettext_lazy("Voorgestelde factor goedgekeurd als nieuwe factor"),
    )
    actions.register_action(
        "submissions.municipality_mapped",
        gettext_lazy("Voorgestelde gemeente gekoppeld aan een gemeente uit de lijst"),
        gettext_lazy("Voorgestelde gemeente gekoppeld aan een gemeente uit de lijst"),
    )
    actions.register_action(
        "submissions.municipality_created",
        gettext_lazy("Voorgestelde gemeente toegevoegd aan de lijst"),
        gettext_lazy("Voorgestelde gemeente toegevoegd aan de lijst"),
    )
