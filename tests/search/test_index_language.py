"""The index is Dutch, whatever language the request that publishes a page speaks.

Term names read the visitor's language (practices.taxonomy.translation); a page published
from the English admin, or reindexed during a request to /en/, must still be indexed with the
Dutch names, choice labels and URL, or its fingerprint would change with the language.
"""

import pytest
from django.utils import translation

from practices.library.models import PracticePage, ToolPage
from search.documents import document_for

pytestmark = pytest.mark.django_db


def published_pages():
    return [*PracticePage.objects.live(), *ToolPage.objects.live()]


def test_a_document_built_while_english_is_active_is_the_dutch_document():
    for page in published_pages():
        with translation.override("nl"):
            dutch = document_for(page)
        with translation.override("en"):
            english = document_for(page)
        assert english == dutch
        assert english.fingerprint == dutch.fingerprint


def test_the_index_holds_the_dutch_term_names():
    page = PracticePage.objects.filter(forms__isnull=False).first()
    with translation.override("en"):
        document = document_for(page)
    for form in page.forms.all():
        assert form.name_nl in document.forms
        assert form.name_nl in document.labels
        assert form.name_en not in document.labels
