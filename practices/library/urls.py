"""The library's own views outside the page tree: the dossier of practices to download."""

from django.urls import path

from .dossier import dossier_view

urlpatterns = [
    path("", dossier_view, name="dossier"),
]
