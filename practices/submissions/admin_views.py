"""The editors' own screens for a submission, beside Wagtail's listing and inspect view:
rejecting a case with a reason, deciding on the factors the submitter proposed, settling a
municipality that was not in the list, and deleting the submitter's contact data on request
(AVG)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.log_actions import log

from practices.municipalities.models import Municipality, Province, cbs_code_validator
from practices.taxonomy.models import Factor

from . import decisions
from .models import REJECTABLE_STATUSES, Submission
from .retention import delete_contact


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
def reject(request, pk):
    """Turn a case down with a reason, for those who may publish its page."""
    submission = get_object_or_404(Submission, pk=pk)
    if not decisions.user_can_reject(request.user, submission):
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
        if decisions.reject(submission, form.cleaned_data["reason"], request.user):
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


class FactorDecisionForm(forms.Form):
    """An editor's decision on one proposed factor: map it to a factor, or approve it as new."""

    MAP, APPROVE = "map", "approve"

    # Sent by the button the editor presses.
    action = forms.ChoiceField(choices=[(MAP, MAP), (APPROVE, APPROVE)])
    factor = forms.ModelChoiceField(
        queryset=Factor.objects.all(),
        required=False,
        label=gettext_lazy("Bestaande factor"),
        help_text=gettext_lazy("Noemt de inzender een factor die er al is? Kies hem hier."),
        empty_label=gettext_lazy("Kies een factor"),
    )
    name = forms.CharField(
        max_length=Factor._meta.get_field("name").max_length,
        required=False,
        label=gettext_lazy("Naam van de nieuwe factor"),
        help_text=gettext_lazy(
            "Zo komt de factor in de lijst waaruit iedereen kiest. Verbeter zo nodig de spelling."
        ),
    )

    def __init__(self, *args, proposal, can_approve, **kwargs):
        same_name = Factor.objects.filter(name__iexact=proposal.name).first()
        super().__init__(
            *args,
            auto_id=f"id_proposal_{proposal.pk}_%s",
            initial={"factor": same_name, "name": proposal.name},
            **kwargs,
        )
        self.proposal = proposal
        self.can_approve = can_approve
        if not can_approve:
            del self.fields["name"]
            self.fields["action"].choices = [(self.MAP, self.MAP)]

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == self.MAP and not cleaned.get("factor"):
            self.add_error("factor", _("Kies de factor waaraan u dit voorstel koppelt."))
        if action == self.APPROVE and not cleaned.get("name"):
            self.add_error("name", _("Geef de nieuwe factor een naam."))
        return cleaned

    def decide(self, user):
        """Carry out the decision; False when another editor decided first."""
        if self.cleaned_data["action"] == self.APPROVE:
            return decisions.approve_factor(self.proposal, self.cleaned_data["name"], user)
        return decisions.map_factor(self.proposal, self.cleaned_data["factor"], user)


@require_http_methods(["GET", "POST"])
def decide_factors(request, pk):
    """The factors the submitter proposed: map each to a factor, or approve it as a new one."""
    submission = get_object_or_404(Submission, pk=pk)
    if not decisions.user_can_decide_factors(request.user, submission):
        raise PermissionDenied
    can_approve = decisions.user_can_approve_factors(request.user, submission)
    url = reverse("submissions_admin:decide_factors", args=[submission.pk])
    forms_by_proposal = {
        str(proposal.pk): FactorDecisionForm(proposal=proposal, can_approve=can_approve)
        for proposal in submission.proposed_factors.filter(factor=None)
    }
    if request.method == "POST":
        posted = forms_by_proposal.get(request.POST.get("proposal", ""))
        if posted is None:
            messages.error(request, _("Over dit voorstel is al besloten."))
        else:
            form = FactorDecisionForm(
                request.POST, proposal=posted.proposal, can_approve=can_approve
            )
            forms_by_proposal[str(posted.proposal.pk)] = form
            if form.is_valid():
                if form.decide(request.user):
                    messages.success(
                        request,
                        _("‘%(name)s’ staat nu als factor op de conceptpagina.")
                        % {"name": form.proposal.name},
                    )
                    return redirect(url)
                messages.error(request, _("Over dit voorstel is al besloten."))
    return TemplateResponse(
        request,
        "submissions/admin/decide_factors.html",
        {
            "submission": submission,
            "forms": list(forms_by_proposal.values()),
            "decided": submission.proposed_factors.exclude(factor=None).select_related("factor"),
            "inspect_url": reverse("submissions_admin:inspect", args=[submission.pk]),
            "url": url,
        },
    )


class MunicipalityDecisionForm(forms.Form):
    """An editor's decision on a proposed municipality: one from the list, or a new one."""

    MAP, CREATE = "map", "create"

    # Sent by the button the editor presses.
    action = forms.ChoiceField(choices=[(MAP, MAP), (CREATE, CREATE)])
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Gemeente uit de lijst"),
        help_text=gettext_lazy(
            "Staat de gemeente er toch in, misschien anders gespeld of na een fusie? Kies haar "
            "hier."
        ),
        empty_label=gettext_lazy("Kies een gemeente"),
    )
    name = forms.CharField(
        max_length=Municipality._meta.get_field("name").max_length,
        required=False,
        label=gettext_lazy("Naam"),
        help_text=gettext_lazy("De officiële naam, zoals het CBS die schrijft."),
    )
    province = forms.ChoiceField(
        choices=[("", "---------"), *Province.choices],
        required=False,
        label=gettext_lazy("Provincie"),
    )
    cbs_code = forms.CharField(
        # Room for a pasted code with spaces; the code itself is checked in clean_cbs_code.
        max_length=12,
        required=False,
        label=gettext_lazy("CBS-code"),
        help_text=gettext_lazy(
            "GM en vier cijfers, bijvoorbeeld GM0193. Zoek de code op in de gemeentelijke "
            "indeling van het CBS."
        ),
    )

    def __init__(self, *args, submission, can_create, **kwargs):
        same_name = Municipality.objects.filter(
            name__iexact=submission.proposed_municipality
        ).first()
        super().__init__(
            *args,
            initial={
                "municipality": same_name,
                "name": submission.proposed_municipality,
                "province": submission.proposed_province,
            },
            **kwargs,
        )
        self.can_create = can_create
        if not can_create:
            for name in ("name", "province", "cbs_code"):
                del self.fields[name]
            self.fields["action"].choices = [(self.MAP, self.MAP)]

    def clean_cbs_code(self):
        code = "".join(self.cleaned_data["cbs_code"].split()).upper()
        if code:
            cbs_code_validator(code)
            existing = Municipality.objects.filter(cbs_code=code).first()
            if existing:
                raise forms.ValidationError(
                    _("Deze CBS-code hoort al bij %(name)s. Kies die gemeente dan uit de lijst.")
                    % {"name": existing.name}
                )
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.MAP and not cleaned.get("municipality"):
            self.add_error("municipality", _("Kies de gemeente waaraan u de inzending koppelt."))
        if cleaned.get("action") == self.CREATE:
            required = {
                "name": _("Vul de naam van de gemeente in."),
                "province": _("Kies de provincie van de gemeente."),
                "cbs_code": _("Vul de CBS-code van de gemeente in."),
            }
            for name, message in required.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def decide(self, submission, user):
        """Carry out the decision; False when another editor decided first."""
        data = self.cleaned_data
        if data["action"] == self.CREATE:
            return decisions.create_municipality(
                submission,
                name=data["name"],
                province=data["province"],
                cbs_code=data["cbs_code"],
                user=user,
            )
        return decisions.map_municipality(submission, data["municipality"], user)


@require_http_methods(["GET", "POST"])
def decide_municipality(request, pk):
    """The municipality the submitter missed in the list: map it to one, or add it."""
    submission = get_object_or_404(Submission.objects.select_related("municipality"), pk=pk)
    inspect_url = reverse("submissions_admin:inspect", args=[submission.pk])
    if not submission.proposed_municipality:
        messages.error(request, _("Over de gemeente van deze inzending is al besloten."))
        return redirect(inspect_url)
    if not decisions.user_can_decide_municipality(request.user, submission):
        raise PermissionDenied
    can_create = decisions.user_can_add_municipality(request.user, submission)
    proposal = submission.proposed_municipality_text
    form = MunicipalityDecisionForm(
        request.POST or None, submission=submission, can_create=can_create
    )
    if request.method == "POST" and form.is_valid():
        if form.decide(submission, request.user):
            messages.success(
                request,
                _("%(reference)s hoort nu bij de gemeente %(name)s.")
                % {"reference": submission.reference, "name": submission.municipality.name},
            )
        else:
            messages.error(request, _("Over de gemeente van deze inzending is al besloten."))
        return redirect(inspect_url)
    return TemplateResponse(
        request,
        "submissions/admin/decide_municipality.html",
        {
            "submission": submission,
            "proposal": proposal,
            "form": form,
            "inspect_url": inspect_url,
            "url": reverse("submissions_admin:decide_municipality", args=[submission.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def delete_contact_data(request, pk, viewset):
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
