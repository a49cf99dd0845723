from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Municipality


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Gemeenten")
    add_to_admin_menu = True
    list_display = ["name", "cbs_code", "province", "inhabitants"]
    list_filter = ["province"]
    search_fields = ["name", "cbs_code"]
    # A plain database lookup finds partial names ("Oude") and codes without a search index.
    search_backend_name = None
    ordering = ["name"]


register_snippet(MunicipalityViewSet)
