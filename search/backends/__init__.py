"""The search backend in use: database by default, the search engine when one is configured."""

from django.conf import settings
from django.utils.module_loading import import_string


def get_backend():
    return import_string(settings.PRAKTIJKBANK_SEARCH_BACKEND)()
