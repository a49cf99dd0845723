"""A first, simple search over practices and tools on Wagtail's search backend."""

import re

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from practices.library.models import PracticePage, ToolPage, paginate

MAX_QUERY_LENGTH = 200
# Quotes, operators and brackets mean syntax to SQLite's full-text engine; people mean words.
NOT_A_WORD = re.compile(r"[^\w\s]+")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek praktijken en instrumenten"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Gebruik maximaal %(limit_value)d tekens in uw zoekvraag."),
        },
    )


def search(request):
    form = SearchForm(request.GET)
    results = None
    status = 200
    if not form.is_valid():
        status = 400
    elif query := NOT_A_WORD.sub(" ", form.cleaned_data["q"]).strip():
        pages = Page.objects.live().public().type(PracticePage, ToolPage).specific().search(query)
        results = paginate(request, pages)
    return render(request, "search/search.html", {"form": form, "results": results}, status=status)
