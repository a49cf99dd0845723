"""Search in the admin: synonyms, which editors add without a developer, and the index queue,
which shows them whether every change has reached the search index."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import index_queue
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


class IndexQueueView(WagtailAdminTemplateMixin, TemplateView):
    """Index work that waits: how much, since when, and why the last attempt failed."""

    template_name = "search/admin/index_queue.html"
    page_title = _("Zoekindex")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "queue": index_queue.summary()}


class IndexQueuePanel(Component):
    """On the dashboard, only while changes wait to reach the search index."""

    name = "search_index_queue"
    template_name = "search/admin/index_queue_panel.html"
    order = 220  # just below the submissions that wait

    def __init__(self, queue):
        self.queue = queue

    def get_context_data(self, parent_context=None):
        return {"queue": self.queue, "queue_url": reverse("search_index_queue")}


@hooks.register("register_admin_urls")
def register_index_queue_url():
    return [path("zoekindex/", IndexQueueView.as_view(), name="search_index_queue")]


@hooks.register("register_reports_menu_item")
def register_index_queue_menu_item():
    return MenuItem(_("Zoekindex"), reverse("search_index_queue"), icon_name="search", order=900)


@hooks.register("construct_homepage_panels")
def add_index_queue_panel(request, panels):
    queue = index_queue.summary()
    if queue["pending"]:
        panels.append(IndexQueuePanel(queue))
