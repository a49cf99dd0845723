"""The taxonomy as a thesaurus: which typed words name (or describe) which taxonomy term.

Built from the taxonomy itself, never from a word list of our own: every form, strategy,
rung, sector, challenge and factor is named by its label, the words of its slug and (for
strategies) the report's full wording in its description; its description and the report's
examples (figure 2.1) describe it. Status and evidence levels are named by their labels and
by the words people use for them (search/data/status_words.toml, through search.thesaurus).

A word in a description only counts where it is distinctive: used in the texts of at most
two terms of the whole taxonomy, so "gemeente" or "bewoners" pull nothing.

The English names and descriptions (``name_en``, practices.taxonomy.translation) do the same
for English queries, so that "volunteers" finds the practices of "Vrijwilligerswerk en
zelforganisatie voor lokale voorzieningen" although the practices are written in Dutch. They
are read as a layer of their own, with the same analysis as every query: an English word counts
as distinctive among the English texts, and a word that the Dutch texts use keeps its Dutch
meaning, so Dutch queries read exactly as before. Only Dutch label words are matched by the
beginning of a word (below); English words must match as the analysis leaves them.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation

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
VOCABULARY = {facet: model for facets, model in TERM_MODELS.items() for facet in facets}
FIXED_CHOICES = {"outcome": Status, "evidence": EvidenceLevel}
DISTINCTIVE = 2  # a describing word may occur in the texts of at most this many terms
# English has no text of its own to fall back on (the practices are Dutch): an English word
# still points at the terms when up to this many terms use it ("volunteers": a form, a
# strategy and a factor).
DISTINCTIVE_ENGLISH = 4
SHORTEST_WORD = 4
SHORTEST_STEM = 5  # the shortest stem that finds label words beginning with it
# Other processes learn about an edit through this; this process at once (signals below).
REFRESH_SECONDS = 60

# How a query word relates to a term: it names it (label, slug, full wording, status word),
# it is a distinctive word of its label, or of its description and examples.
NAMED, LABEL_WORD, DESCRIBED = "named", "label word", "described"
DUTCH = settings.LANGUAGE_CODE  # the language of the practices and of the index
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class TermMention:
    facet: str
    value: str
    how: str  # NAMED, LABEL_WORD or DESCRIBED
    # The term's label per language, ((language, label), ...); the reader's is shown.
    labels: tuple = field(default=(), compare=False)

    @property
    def label(self):
        """The label in the active language, else the Dutch one."""
        labels = dict(self.labels)
        language = (translation.get_language() or DUTCH).split("-")[0]
        return labels.get(language) or labels.get(DUTCH, self.value)

    @property
    def offered(self):
        """Worth offering as a filter: the query names the term or a word of its label."""
        return self.how in (NAMED, LABEL_WORD)


class TaxonomyWords:
    """Phrases (tuples of analysed terms) → the taxonomy terms they name or describe.

    ``prefix_words`` are the label words that a longer or shorter query word also finds by its
    beginning (``described_by``); by default every label word of ``described``.
    """

    def __init__(self, named, described, prefix_words=None):
        self._named = {phrase: tuple(found) for phrase, found in named.items()}
        self._described = {term: tuple(found) for term, found in described.items()}
        self.longest = max((len(phrase) for phrase in self._named), default=1)
        if prefix_words is None:
            prefix_words = [
                term
                for term, found in self._described.items()
                if any(m.how == LABEL_WORD for m in found)
            ]
        self._label_words = sorted(term for term in prefix_words if len(term) >= SHORTEST_STEM)

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
    dutch = _read_language(DUTCH)
    named, described = dutch.named, dict(dutch.described)
    for language in LANGUAGES:
        if language == DUTCH:
            continue
        other = _read_language(language, distinctive=DISTINCTIVE_ENGLISH)
        for phrase, mentions in other.named.items():
            named[phrase] += [m for m in mentions if m not in named[phrase]]
        # A word of the Dutch texts keeps its Dutch meaning ("sociaal" and "social" are one
        # term to the analysis): the English texts only add words the Dutch ones never use.
        for word, mentions in other.described.items():
            if word not in dutch.words:
                described[word] = mentions
    for (facet, value), phrases in _status_words().items():
        mention = TermMention(facet, value, NAMED, _choice_labels(facet, value))
        for phrase in phrases:
            named[tuple(phrase)].append(mention)
    return TaxonomyWords(named, described, prefix_words=dutch.label_words)


@dataclass
class _Language:
    """What the taxonomy's texts in one language say: phrase → the terms it names, word → the
    terms it describes (distinctive words only), every word of the texts, and the label words
    among the described ones."""

    named: dict
    described: dict
    words: set
    label_words: set


def _read_language(language, distinctive=DISTINCTIVE):
    named, described_in = defaultdict(list), defaultdict(set)
    descriptions = []
    for facets, model in TERM_MODELS.items():
        for term in model.objects.all():
            label = _text(term, "name", language)
            if not label:
                continue
            examples = getattr(term, "examples", "") if language == DUTCH else ""
            texts = [label, _text(term, "description", language), examples]
            words = set(terms(" ".join(texts)))
            labels = _term_labels(term)
            for facet in facets:
                mention = TermMention(facet, term.slug, NAMED, labels)
                for phrase in _names(term, language):
                    named[phrase].append(mention)
                descriptions.append((mention, words, set(terms(label))))
    for facet, choices in FIXED_CHOICES.items():
        for value, label in choices.choices:
            mention = TermMention(facet, value, NAMED, _choice_labels(facet, value))
            with translation.override(language):
                phrases = {tuple(terms(str(label)))}
            if language == DUTCH:
                phrases.add(tuple(terms(value.replace("-", " "))))
            for phrase in phrases:
                if phrase:
                    named[phrase].append(mention)
    for mention, words, label_words in descriptions:
        for word in words:
            how = LABEL_WORD if word in label_words else DESCRIBED
            described_in[word].add(TermMention(mention.facet, mention.value, how, mention.labels))
    described = {}
    for word, mentions in described_in.items():
        kept = _distinctive(mentions, distinctive, per_vocabulary=language != DUTCH)
        if kept and len(word) >= SHORTEST_WORD:
            described[word] = sorted(kept, key=lambda m: (m.how != LABEL_WORD, m.facet, m.value))
    label_words = {
        word for word, mentions in described.items() if any(m.how == LABEL_WORD for m in mentions)
    }
    return _Language(named, described, set(described_in), label_words)


def _distinctive(mentions, distinctive, per_vocabulary):
    """The mentions of a word where it is distinctive: used in the texts of at most
    ``distinctive`` terms (a factor's two facets are one term).

    ``per_vocabulary`` counts within each vocabulary (forms, strategies, factors, ...), so
    that a vocabulary that grows (editors approve new factors from submissions) cannot take a
    word's meaning away from the others: "volunteers" stays the form and the strategy it names
    when ten factors mention volunteers too. English needs that: its words have no text of
    their own to fall back on. Dutch words also match the practices' text, and counting Dutch
    per vocabulary measured no better on the relevance set (platform/relevance: the same mean
    nDCG@10, 0.903; taxonomy queries +0.05, compound splits -0.05), so Dutch counts overall.
    """
    by_vocabulary = defaultdict(list)
    for mention in mentions:
        by_vocabulary[VOCABULARY[mention.facet] if per_vocabulary else None].append(mention)
    return [
        mention
        for found in by_vocabulary.values()
        if len({m.value for m in found}) <= distinctive
        for mention in found
    ]


def _text(term, name, language):
    """A term's text in one language, without falling back to another (name_en, ...)."""
    return getattr(term, f"{name}_{language}", None) or ""


def _term_labels(term):
    return tuple(
        (language, label) for language in LANGUAGES if (label := _text(term, "name", language))
    )


def _choice_labels(facet, value):
    label = dict(FIXED_CHOICES[facet].choices)[value]
    labels = []
    for language in LANGUAGES:
        with translation.override(language):
            labels.append((language, str(label)))
    return tuple(labels)


def _names(term, language):
    """The phrases that name a term in one language: its label, a strategy's full wording and,
    in Dutch, its slug's words."""
    phrases = {tuple(terms(_text(term, "name", language)))}
    if language == DUTCH:
        phrases.add(tuple(terms(term.slug.replace("-", " "))))
    description = _text(term, "description", language)
    if isinstance(term, Strategy) and description:
        phrases.add(tuple(terms(description)))
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
