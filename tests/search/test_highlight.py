"""The passage under a result is text: markup in a page is shown, never run.

The highlight is the one piece of the finder page shown unescaped (it carries the <mark>s),
so the escaping is checked on the function and on the page a visitor gets.
"""

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practices.library.models import PracticePage
from search.analysis import terms
from search.highlight import highlight

from .contract import ASSEN

MARKUP = '<script>alert(1)</script> & "R&D"'
SUMMARY = f"Het leencafé leent spullen uit. {MARKUP} helpt mee."


def text_of(passage):
    """What a reader sees of a passage: the marks gone, the entities read."""
    return html.unescape(passage.replace("<mark>", "").replace("</mark>", ""))


def test_markup_around_a_match_is_escaped():
    passage = highlight(SUMMARY, set(terms("alert")))
    assert "<mark>alert</mark>" in passage
    assert "&lt;script&gt;" in passage
    assert "&amp; &quot;R&amp;D&quot;" in passage
    assert "<script" not in passage
    assert '"R&D"' not in passage


def test_without_a_match_the_passage_is_escaped_too():
    passage = highlight(MARKUP, set(terms("zwembad")))
    assert "<" not in passage
    assert text_of(passage) in MARKUP


def test_an_ellipsis_means_words_were_left_out():
    assert not highlight(MARKUP, set(terms("alert"))).startswith("…")
    assert highlight("een twee " * 40, set(terms("twee"))).endswith(" …")
    assert highlight("een " * 20 + "zwembad", set(terms("zwembad"))).startswith("… ")


@given(
    text=st.text(alphabet=st.sampled_from(list("ab zwembad<>&\"'/=;#1")), max_size=80),
)
def test_a_passage_holds_no_markup_but_its_marks(text):
    passage = highlight(text, set(terms("zwembad")))
    unmarked = passage.replace("<mark>", "").replace("</mark>", "")
    assert not set("<>\"'") & set(unmarked)
    assert re.fullmatch(r"([^&]|&(lt|gt|amp|quot|#x27);)*", unmarked)
    assert text_of(passage).removeprefix("… ").removesuffix(" …") in text


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change queues on commit (the index update), as a request's commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def highlights(page_html):
    return re.findall(r'<p class="[^"]*card__highlight"[^>]*>(.*?)</p>', page_html, re.S)


@pytest.mark.django_db
def test_markup_in_a_summary_is_shown_as_text_on_the_finder_page(client, committed):
    assen = PracticePage.objects.get(title=ASSEN)
    assen.summary = SUMMARY
    committed(lambda: assen.save_revision().publish())
    page_html = client.get("/zoeken/", {"q": "alert"}).text
    [passage] = highlights(page_html)
    assert "<mark>alert</mark>" in passage
    assert "<script" not in passage
    assert "&lt;script&gt;" in passage
    assert "&amp; &quot;R&amp;D&quot;" in passage
    assert MARKUP in text_of(passage)
