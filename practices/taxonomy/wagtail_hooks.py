"""The taxonomy in the admin: one menu with a searchable, filterable list per vocabulary."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_search import LookupSnippetViewSet
from .models import Challenge, Factor, Form, Rung, Sector, SizeClass, Strategy


class TermViewSet(LookupSnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    # Both languages: an editor finds a term by its Dutch or its English name.
    search_fields = ["name_nl", "name_en", "description_nl", "description_en"]
    ordering = ["sort_order", "name"]


class FormViewSet(TermViewSet):
    model = Form
    icon = "tag"


class RungViewSet(TermViewSet):
    model = Rung
    icon = "order"


class StrategyViewSet(TermViewSet):
    model = Strategy
    icon = "tasks"
    list_display = ["name", "rung", "sort_order"]
    list_filter = ["rung"]
    ordering = ["rung__sort_order", "sort_order"]


class ChallengeViewSet(TermViewSet):
    model = Challenge
    icon = "warning"
    list_display = ["name", "group", "survey_share"]
    list_filter = ["group"]
    ordering = ["group", "sort_order"]


class SectorViewSet(TermViewSet):
    model = Sector
    icon = "folder-open-inverse"


class SizeClassViewSet(TermViewSet):
    model = SizeClass
    icon = "group"
    list_display = ["name", "min_inhabitants", "max_inhabitants"]
    ordering = ["min_inhabitants"]


class FactorViewSet(TermViewSet):
    model = Factor
    icon = "success"
    list_display = ["name", "slug"]
    ordering = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = [
        FormViewSet,
        RungViewSet,
        StrategyViewSet,
        ChallengeViewSet,
        SectorViewSet,
        SizeClassViewSet,
        FactorViewSet,
    ]
    menu_icon = "tag"
    menu_label = _("Taxonomie")
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)
