import pytest

from practices.insights.computation import compute
from search.documents import published_documents


@pytest.fixture
def documents():
    return list(published_documents())


@pytest.fixture
def what_works():
    return compute({})
