"""The real search node for the engine tests (started by platform/test), and its settings."""

import os
import uuid

import pytest

ENGINE_BACKEND = "search.backends.engine.EngineBackend"


@pytest.fixture(scope="session")
def engine_url():
    """The node's URL from PRAKTIJKBANK_TEST_ENGINE_URL, which platform/test sets."""
    url = os.environ.get("PRAKTIJKBANK_TEST_ENGINE_URL", "")
    if not url:
        message = "no search node: PRAKTIJKBANK_TEST_ENGINE_URL is not set (platform/test sets it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; under CI the engine tests must run")
        pytest.skip(f"{message} (under CI this fails instead of skipping)")
    return url


def use_engine(settings, url):
    """Points the settings at the engine on ``url`` with a prefix no other test uses."""
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}-"
    settings.PRAKTIJKBANK_SEARCH_BACKEND = ENGINE_BACKEND


@pytest.fixture
def engine(settings, engine_url):
    """An EngineBackend on the test node with its own (still empty) indices, deleted after."""
    from search.backends.engine import EngineBackend
    from search.backends.engine.management import drop

    use_engine(settings, engine_url)
    backend = EngineBackend()
    client = backend.client  # the node's, even if a test points the settings elsewhere
    yield backend
    drop(client)
