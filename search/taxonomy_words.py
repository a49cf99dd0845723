"""The taxonomy as a thesaurus: which typed words name (or describe) which taxonomy term.

Built from the taxonomy itself, never from a word list of our own: every form, strategy,
rung, sector, challenge and factor is named by its label, the words of its slug and (for
strategies) the report's full wording in its description; its description and the report's
examples (figure 2.1) describe it. Status and evidence levels are named by their labels and
by the words people use for them (search/data/status_words.toml, through search.thesaurus).

A word in a description only counts where it is distinctive: used in the texts of at most
two terms of the whole taxonomy, so "gemeente" or "bewoners" pull nothing.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from practices.library.choices import EvidenceLevel, Status
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, Strategy

from .analysis import terms
from .facets import FACETS_BY_NAME

TERM_MODELS = {
    ("form",): Form,
    ("strategy",): Strategy,
    ("rung",): Rung,
    ("sector",): Sector,
    ("challenge",): Challenge,
    # A factor is one vocabulary behind two facets: named, it may be either.
    ("success_factor", "failure_factor"): Factor,
}
FIXED_CHOICES = {"outcome": Status, "evidence": EvidenceLevel}
DISTINCTIVE = 2  # a describing word may occur in the texts of at most this many terms
SHORTEST_WORD = 4
SHORTEST_STEM = 5  # the shortest stem that finds label words beginning with it
# Other processes learn about an edit through this; this process at once (signals below).
REFRESH_SECONDS = 60

# How a query word relates to a term: it names it (label, slug, full wording, status word),
# it is a distinctive word of its label, or of its description and examples.
NAMED, LABEL_WORD, DESCRIBED = "named", "label word", "described"


@dataclass(frozen=True)
class TermMention:
    facet: str
    value: str
    label: str
    how: str  # NAMED, LABEL_WORD or DESCRIBED

    @property
    def offered(self):
        """Worth offering as a filter: the query names the term or a word of its label."""
        return self.how in (NAMED, LABEL_WORD)


class TaxonomyWords:
    """Phrases (tuples of analysed terms) → the taxonomy terms they name or describe."""

    def __init__(self, named, described):
        self._named = {phrase: tuple(found) for phrase, found in named.items()}
        self._described = {term: tuple(found) for term, found in described.items()}
        self.longest = max((len(phrase) for phrase in self._named), default=1)
        self._label_words = sorted(
            term
            for term, found in self._described.items()
            if len(term) >= SHORTEST_STEM and any(m.how == LABEL_WORD for m in found)
        )

    def named_by(self, phrase):
        return self._named.get(tuple(phrase), ())

    def described_by(self, term):
        """The terms a word describes; a word of five letters or more also names the terms
        whose label has a word beginning with it, or that it begins with ("verbinden" →
        "Verbindingen leggen tussen partijen", "ondernemen" → "Sociaal ondernemerschap")."""
        found = list(self._described.get(term, ()))
        if len(term) >= SHORTEST_STEM:
            seen = {(m.facet, m.value) for m in found}
            for word in self._label_words:
                if word != term and (word.startswith(term) or term.startswith(word)):
                    for mention in self._described[word]:
                        key = (mention.facet, mention.value)
                        if mention.how == LABEL_WORD and key not in seen:
                            seen.add(key)
                            found.append(mention)
        return tuple(found)

    def knows(self, term):
        return (term,) in self._named or term in self._described


def read_taxonomy_words():
    named, described_in = defaultdict(list), defaultdict(set)
    descriptions = []
    for facets, model in TERM_MODELS.items():
        for term in model.objects.all():
            label_words = set(terms(term.name))
            texts = [term.name, term.description, getattr(term, "examples", "")]
            words = set(terms(" ".join(texts)))
            for facet in facets:
                mention = TermMention(facet, term.slug, term.name, NAMED)
                for phrase in _names(term):
                    named[phrase].append(mention)
                descriptions.append((mention, words, label_words))
    for facet, choices in FIXED_CHOICES.items():
        for value, label in choices.choices:
            mention = TermMention(facet, value, str(label), NAMED)
            for phrase in {tuple(terms(str(label))), tuple(terms(value.replace("-", " ")))}:
                if phrase:
                    named[phrase].append(mention)
    for (facet, value), phrases in _status_words().items():
        label = dict(FIXED_CHOICES[facet].choices)[value]
        for phrase in phrases:
            named[tuple(phrase)].append(TermMention(facet, value, str(label), NAMED))
    for mention, words, label_words in descriptions:
        for word in words:
            how = LABEL_WORD if word in label_words else DESCRIBED
            described_in[word].add(TermMention(mention.facet, mention.value, mention.label, how))
    described = {
        word: sorted(mentions, key=lambda m: (m.how != LABEL_WORD, m.facet, m.value))
        for word, mentions in described_in.items()
        # Distinctive: in the texts of few terms (a factor's two facets are one term).
        if len({m.value for m in mentions}) <= DISTINCTIVE and len(word) >= SHORTEST_WORD
    }
    return TaxonomyWords(named, described)


def _names(term):
    """The phrases that name a term: its label, its slug's words, a strategy's full wording."""
    phrases = {tuple(terms(term.name)), tuple(terms(term.slug.replace("-", " ")))}
    if isinstance(term, Strategy) and term.description:
        phrases.add(tuple(terms(term.description)))
    return {phrase for phrase in phrases if phrase}


def _status_words():
    from .thesaurus import status_words

    return status_words()


_cache = {"words": None, "read_at": 0.0}
_lock = threading.Lock()


def taxonomy_words():
    """The current TaxonomyWords; re-read after an edit here, or after REFRESH_SECONDS."""
    words = _cache["words"]
    if words is None or _stale():
        with _lock:
            words = _cache["words"]
            if words is None or _stale():  # another thread may have read them meanwhile
                words = read_taxonomy_words()
                _cache.update(words=words, read_at=time.monotonic())
    return words


def _stale():
    return _cache["words"] is None or time.monotonic() - _cache["read_at"] > REFRESH_SECONDS


def forget(**kwargs):
    _cache["words"] = None


for _model in TERM_MODELS.values():
    post_save.connect(forget, sender=_model, dispatch_uid=f"taxonomy-words-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"taxonomy-words-d-{_model.__name__}")


def facet_label(facet):
    return str(FACETS_BY_NAME[facet].label)
