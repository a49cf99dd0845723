"""Synonyms in the admin: editors add the field's jargon without a developer."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Synoniemen")
    add_to_admin_menu = True
    list_display = ["terms", "active", "changed"]
    list_filter = ["active"]
    search_fields = ["terms"]
    # A short list: a plain database lookup, no search index needed.
    search_backend_name = None


register_snippet(SynonymGroupViewSet)
