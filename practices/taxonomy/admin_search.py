"""Searching short vocabularies in the admin with a plain database lookup, lists and choosers.

Taxonomy terms and municipalities are a few hundred rows at most. A database lookup finds
partial words ("Oude" finds Oudewater) and needs no search index, so these models keep none:
saving a term writes nothing besides the term itself.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet


class LookupFilterForm(BaseFilterForm):
    """The chooser's search box, matching any of the viewset's ``search_fields``."""

    search_fields = ()

    q = forms.CharField(
        label=_("Zoekterm"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Zoeken")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q", "").strip()
        if not text:
            return objects
        self.is_searching, self.search_query = True, text
        matches = Q()
        for field in self.search_fields:
            matches |= Q(**{f"{field}__icontains": text})
        return objects.filter(matches)


class _LookupChooseMixin:
    def get_filter_form_class(self):
        search_fields = self.model.snippet_viewset.search_fields
        return type("FilterForm", (LookupFilterForm,), {"search_fields": tuple(search_fields)})


class LookupChooseView(_LookupChooseMixin, ChooseView):
    pass


class LookupChooseResultsView(_LookupChooseMixin, ChooseResultsView):
    pass


class LookupChooserViewSet(SnippetChooserViewSet):
    choose_view_class = LookupChooseView
    choose_results_view_class = LookupChooseResultsView


class LookupSnippetViewSet(SnippetViewSet):
    """A snippet listing and chooser that search ``search_fields`` in the database."""

    search_backend_name = None
    chooser_viewset_class = LookupChooserViewSet
