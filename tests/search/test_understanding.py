"""How typed words are read: analysis, compounds, typos, the taxonomy, and any text at all."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.analysis import stem, terms
from search.backends.database import DatabaseBackend
from search.compounds import parts, split
from search.documents import published_documents
from search.models import IndexEntry
from search.taxonomy_words import DESCRIBED, NAMED, taxonomy_words
from search.understanding import MAX_CONCEPTS, allowed_distance, interpret


@pytest.fixture
def backend(db):
    IndexEntry.objects.all().delete()
    backend = DatabaseBackend()
    backend.index(published_documents())
    return backend


@pytest.mark.parametrize(
    "one, other",
    [
        ("buurtbussen", "buurtbus"),  # a doubled final consonant
        ("filialen", "filiaal"),  # a doubled vowel before the last consonant
        ("geveltuintjes", "geveltuin"),  # a diminutive
        ("initiatieven", "initiatief"),  # f/v
        ("zwembaden", "zwembad"),
    ],
)
def test_forms_of_one_word_give_one_term(one, other):
    assert stem(one) == stem(other)


@pytest.mark.parametrize(
    "word, found",
    [
        ("buitenzwembad", {"buiten", "zwembad", "zwem", "bad"}),
        ("bibliotheekfilialen", {"bibliotheek", "filialen"}),
        ("ontmoetingsplek", {"ontmoeting", "plek"}),  # with the linking s
        ("leencafe", {"leen", "cafe"}),
    ],
)
def test_compounds_split_into_their_parts_at_every_level(word, found):
    assert set(parts(word)) == found


# "handhaving" is no hand + having: English words in the Dutch list are no parts.
@pytest.mark.parametrize(
    "word", ["verkeer", "vrijwilligers", "gemeente", "bibliotheek", "handhaving"]
)
def test_words_that_are_no_compounds_stay_whole(word):
    assert split(word) == ()


@pytest.mark.parametrize(
    "word, distance", [("bad", 0), ("zwem", 1), ("zwembad", 1), ("bibliotheek", 2)]
)
def test_a_typo_may_be_one_edit_from_a_short_word_and_two_from_a_long_one(word, distance):
    assert allowed_distance(word) == distance


@pytest.mark.django_db
def test_the_taxonomy_is_read_from_its_own_data():
    words = taxonomy_words()
    assert ("rung", "faciliteren", NAMED) in {
        (m.facet, m.value, m.how) for m in words.named_by(tuple(terms("faciliteren")))
    }
    assert ("outcome", "gestopt") in {
        (m.facet, m.value) for m in words.named_by(tuple(terms("mislukt")))
    }
    described = {(m.facet, m.value, m.how) for m in words.described_by(stem("knotwilgen"))}
    assert ("form", "zelfbeheer-openbare-ruimte", DESCRIBED) in described


def test_question_words_are_left_out(backend):
    interpretation = interpret("hoe vind je genoeg vrijwilligers", backend)
    assert [concept.text for concept in interpretation.concepts] == ["vrijwilligers"]
    assert {"hoe", "vind", "genoeg"} <= set(interpretation.ignored)


# The index is only read: the same one serves every generated text.
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_text_is_read_without_error(backend, text):
    interpretation = interpret(text, backend)
    assert len(interpretation.concepts) <= MAX_CONCEPTS
    assert 0 <= interpretation.minimum_match <= len(interpretation.concepts)
    typed = " ".join(concept.text for concept in interpretation.concepts)
    assert all(correction.typed in typed.split() for correction in interpretation.corrections)
