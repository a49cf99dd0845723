"""Submissions in the Wagtail admin: a listing by status and age, the details for editors
(submitter, attachments, completeness, the draft page, the factors the submitter proposed),
deciding on those factors, rejecting a case with a reason, and deleting contact data on
request (those three screens are in admin_views.py). Asking for changes happens in Wagtail's
own workflow ("Request changes" on the page); signals.py carries it over to the submission. The
editor's comment that the submitter reads is set by that review flow only: the edit view shows
it read-only. The draft page's edit view names the factors the submitter proposed."""

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
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from . import admin_views, decisions, steps
from .models import REJECTABLE_STATUSES, Submission


def age_in_days(submission):
    since = submission.submitted_at or submission.created_at
    days = (timezone.now() - since).days
    return _("%(days)d dagen") % {"days": days}


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
        Column("reference", label=gettext_lazy("Referentie")),
        Column("title", label=gettext_lazy("Praktijk")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("municipality", label=gettext_lazy("Gemeente")),
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
        ]

    def delete_contact_view(self, request, pk):
        return admin_views.delete_contact_data(request, pk, self)

    def reject_view(self, request, pk):
        return admin_views.reject(request, pk)

    def decide_factors_view(self, request, pk):
        return admin_views.decide_factors(request, pk)


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet()


@hooks.register("before_edit_page")
def show_proposed_factors(request, page):
    """On the draft page's edit view: the factors the submitter proposed, as proposals only."""
    if request.method != "GET":
        return
    submission = Submission.objects.filter(page_id=page.pk).first()
    if submission is None:
        return
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
