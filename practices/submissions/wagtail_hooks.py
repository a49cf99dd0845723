"""Submissions in the Wagtail admin: a listing by status and age, the details for editors
(submitter, attachments, completeness, the draft page), rejecting a case with a reason, and
deleting contact data on request. Asking for changes happens in Wagtail's own workflow
("Request changes" on the page); signals.py carries it over to the submission."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from . import services
from .models import REJECTABLE_STATUSES, Submission
from .retention import delete_contact


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
        "completeness": gettext_lazy("Volledigheid"),
        "editor_comment": gettext_lazy("Toelichting van de redactie"),
        "submitted_at": gettext_lazy("Ingediend op"),
        "created_at": gettext_lazy("Aangemaakt"),
    }

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

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

    def get_completeness_display_value(self):
        result = services.completeness(self.object)
        missing = ", ".join(str(item["label"]) for item in result["missing"]) or "–"
        return _("%(done)d van %(total)d aanvullende onderdelen; ontbreekt: %(missing)s") % {
            "done": result["done"],
            "total": result["total"],
            "missing": missing,
        }

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.status in REJECTABLE_STATUSES and services.user_can_reject(
            self.request.user, self.object
        ):
            buttons.append(
                HeaderButton(
                    _("Afwijzen"),
                    url=reverse("submissions_admin:reject", args=[self.object.pk]),
                    icon_name="cross",
                    priority=20,
                )
            )
        if hasattr(self.object, "contact") and self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    _("Contactgegevens verwijderen"),
                    url=reverse("submissions_admin:delete_contact", args=[self.object.pk]),
                    icon_name="bin",
                    priority=30,
                )
            )
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
    form_fields = ["editor_comment"]
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
        ]

    def delete_contact_view(self, request, pk):
        return _delete_contact(request, pk, self)

    def reject_view(self, request, pk):
        return _reject(request, pk)


class RejectForm(forms.Form):
    # CharField strips the text first, so a reason of only spaces counts as missing.
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        help_text=gettext_lazy(
            "De inzender krijgt deze reden per e-mail en ziet hem via de persoonlijke link. "
            "Schrijf hem dus voor de inzender."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={
            "required": gettext_lazy("Geef de reden op; de inzender krijgt die te zien.")
        },
    )


@require_http_methods(["GET", "POST"])
def _reject(request, pk):
    """Turn a case down with a reason, for those who may publish its page."""
    submission = get_object_or_404(Submission, pk=pk)
    if not services.user_can_reject(request.user, submission):
        raise PermissionDenied
    inspect_url = reverse("submissions_admin:inspect", args=[submission.pk])
    if submission.status not in REJECTABLE_STATUSES:
        messages.error(
            request,
            _("%(reference)s wacht niet op een besluit; afwijzen kan niet (meer).")
            % {"reference": submission.reference},
        )
        return redirect(inspect_url)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.reject(submission, form.cleaned_data["reason"], request.user):
            messages.success(
                request,
                _("%(reference)s is afgewezen. De inzender krijgt de reden per e-mail.")
                % {"reference": submission.reference},
            )
        return redirect(inspect_url)
    return TemplateResponse(
        request,
        "submissions/admin/reject.html",
        {"submission": submission, "form": form, "inspect_url": inspect_url},
    )


@require_http_methods(["GET", "POST"])
def _delete_contact(request, pk, viewset):
    """Ask, then delete the submitter's contact data (AVG request); the case stays."""
    if not viewset.permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    submission = get_object_or_404(Submission, pk=pk)
    inspect_url = reverse("submissions_admin:inspect", args=[submission.pk])
    if request.method == "POST":
        if delete_contact(submission):
            log(submission, "submissions.delete_contact", user=request.user)
            messages.success(
                request,
                _("De contactgegevens bij %(reference)s zijn verwijderd.")
                % {"reference": submission.reference},
            )
        return redirect(inspect_url)
    return TemplateResponse(
        request,
        "submissions/admin/confirm_delete_contact.html",
        {"submission": submission, "inspect_url": inspect_url},
    )


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet()


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
