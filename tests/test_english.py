"""English is available under /en/: the interface is translated, the content stays Dutch."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "english"),
    [
        ("/en/zoeken/", "Search practices"),
        ("/en/wat-werkt/", "What works"),
        ("/en/praktijk-insturen/", "Step 1 of 6"),
    ],
)
def test_interface_is_english_under_en(client, url, english):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert english in response.text
