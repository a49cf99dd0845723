"""The "Wat werkt?" page: the filters, and the figures they narrow."""

from django.shortcuts import render

from .computation import compute
from .forms import WhatWorksForm

TEMPLATE = "insights/what_works.html"


def what_works_page(request):
    form = WhatWorksForm(request.GET)
    context = {"form": form, "filters": None, "what_works": None, "clear_url": request.path}
    if not form.is_valid():
        context["filters"] = form.filters()
        return render(request, TEMPLATE, context, status=400)
    context.update(
        filters=form.filters(),
        chosen=form.chosen(),
        what_works=compute(form.narrow()),
    )
    return render(request, TEMPLATE, context)
