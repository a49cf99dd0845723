from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from practices.taxonomy.admin_search import LookupSnippetViewSet

from .models import Municipality


class MunicipalityViewSet(LookupSnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Gemeenten")
    add_to_admin_menu = True
    list_display = ["name", "cbs_code", "province", "inhabitants", "inhabitants_date"]
    list_filter = ["province"]
    search_fields = ["name", "cbs_code"]
    ordering = ["name"]


register_snippet(MunicipalityViewSet)
