"""From what a civil servant types to what the search looks for (search.interpretation).

"hoe neemt een stichting het zwembd over" → the question words go; "zwembd" is not in the
index, so its nearest indexed word "zwembad" is used (and said so on the page); "zwembad" also
finds its synonyms and, through its parts, "buitenbad"; a word or phrase that names a
taxonomy term ("faciliteren", "mislukt") also finds the practices tagged with that term.
The same interpretation runs on both backends.
"""

from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .analysis import STOP_WORDS, stem, words
from .compounds import parts, split, zipf
from .interpretation import (
    CORRECTED,
    GENERIC_SHARE,
    JOINED,
    PART,
    SYNONYM,
    TERM_DESCRIBED,
    TERM_NAMED,
    Alternative,
    Concept,
    Correction,
    Interpretation,
    TermOffer,
    minimum_match,
)
from .taxonomy_words import DESCRIBED, facet_label, taxonomy_words

QUERY_STOP_WORDS = STOP_WORDS | frozenset(
    word
    for line in (Path(__file__).parent / "data" / "query_stopwords_nl.txt").read_text().splitlines()
    if not line.startswith("#")
    for word in line.split()
)
MAX_CONCEPTS = 12  # a pasted paragraph is not a query: its first words are
MAX_OFFERS = 3
# A typed word this common in Dutch is meant as typed, even when no practice uses it.
COMMON_WORD_ZIPF = 4.0
LABEL_WORD = 0.6  # a distinctive word of a term's label, relative to naming the term


def allowed_distance(word):
    """How many edits a typo may be from the word meant: none for words of up to three
    letters, one for four to seven, two for longer words."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


def nearest(word, candidates, frequencies=None):
    """The candidates within the allowed distance of ``word``, nearest (then most used) first."""
    limit = allowed_distance(word)
    if not limit:
        return []
    frequencies = frequencies or {}
    found = process.extract(
        word, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
    )
    scored = sorted(
        (distance, -frequencies.get(candidate, 0), candidate)
        for candidate, distance, _ in found
        if candidate != word
    )
    return [candidate for _, _, candidate in scored]


def interpret(text, backend, literal=False):
    """The Interpretation of a query text; ``backend`` answers which typed words are typos."""
    typed = [word for word in words(text) if word not in QUERY_STOP_WORDS][:MAX_CONCEPTS]
    if not typed:
        # Only question words ("hoe werkt het?"): better the words themselves than nothing.
        typed = [word for word in words(text) if word not in STOP_WORDS][:MAX_CONCEPTS]
    if not typed:
        return Interpretation(ignored=tuple(words(text)))
    # Read once per query: the synonyms cost a query to know they are current.
    rules, vocabulary = _synonyms(), taxonomy_words()
    corrections = {} if literal else _corrections(typed, backend, rules, vocabulary)
    meant = [corrections.get(word, word) for word in typed]
    concepts = _concepts(typed, meant, corrections, rules, vocabulary)
    concepts = _marked_generic(concepts, backend)
    specific = [concept for concept in concepts if not concept.generic] or concepts
    return Interpretation(
        concepts=tuple(concepts),
        minimum_match=minimum_match(len(specific)),
        corrections=tuple(
            Correction(word, corrections[word]) for word in typed if word in corrections
        ),
        offers=_offers(concepts, vocabulary),
        ignored=tuple(word for word in words(text) if word not in typed),
    )


def _marked_generic(concepts, backend):
    """The concepts, those whose own word is in most documents marked generic, and without
    the weak alternatives (one part of a compound) that are in most documents: "initiatief"
    of "burgerinitiatief" would score nearly every practice a little, and say nothing."""
    own = {concept: _own_terms(concept) for concept in concepts}
    asked = {t for terms in own.values() for t in terms} if len(concepts) > 1 else set()
    asked |= {a.terms[0] for c in concepts for a in c.alternatives if _is_weak_word(a)}
    if not asked:
        return concepts
    shares = backend.document_shares(sorted(asked))
    marked = []
    for concept in concepts:
        alternatives = tuple(
            a
            for a in concept.alternatives
            if not (_is_weak_word(a) and shares[a.terms[0]] >= GENERIC_SHARE)
        )
        terms = own[concept]
        generic = len(concepts) > 1 and bool(terms)
        generic = generic and min(shares[t] for t in terms) >= GENERIC_SHARE
        marked.append(Concept(concept.text, alternatives, generic=generic))
    return marked


def _is_weak_word(alternative):
    return len(alternative.terms) == 1 and not alternative.strong


def _own_terms(concept):
    """The terms of the word (or phrase) as typed: the concept's first text alternative."""
    return next((a.terms for a in concept.alternatives if a.is_text), ())


def _corrections(typed, backend, rules, vocabulary):
    """typed word → the indexed word meant, for the typed words that are typos."""
    candidates = [
        word
        for word in dict.fromkeys(typed)
        if allowed_distance(word)
        and not word.isdigit()
        and not vocabulary.knows(stem(word))
        and stem(word) not in rules.known
        and zipf(word) < COMMON_WORD_ZIPF
    ]
    if not candidates:
        return {}
    found = backend.corrections(candidates)
    return {
        word: meant[0]
        for word, options in found.items()
        if (meant := [option for option in options if option not in STOP_WORDS])
    }


def _concepts(typed, meant, corrections, rules, vocabulary):
    stems = [stem(word) for word in meant]
    concepts, position = [], 0
    while position < len(stems):
        length, alternatives = _phrase_at(stems, position, rules, vocabulary)
        if not length:
            length, alternatives = 1, _word_alternatives(meant, stems, position, rules, vocabulary)
        words_typed = typed[position : position + length]
        if any(word in corrections for word in words_typed):
            alternatives = [_scaled(alternative, CORRECTED) for alternative in alternatives]
        concepts.append(Concept(" ".join(words_typed), _best_first(alternatives)))
        position += length
    return concepts


def _phrase_at(stems, position, rules, vocabulary):
    """The longest phrase of two or more words from ``position`` that a synonym rule or a
    taxonomy term knows, with its alternatives; (0, []) when there is none."""
    longest = min(max(rules.longest, vocabulary.longest), len(stems) - position)
    for length in range(longest, 1, -1):
        phrase = tuple(stems[position : position + length])
        synonyms = rules.targets(phrase)
        mentions = vocabulary.named_by(phrase)
        if synonyms or mentions:
            alternatives = [Alternative(phrase)]
            alternatives += [Alternative(target, weight=SYNONYM) for target in synonyms]
            alternatives += [_keyword(mention, TERM_NAMED) for mention in mentions]
            alternatives += _named_by_synonyms(synonyms, vocabulary)
            return length, alternatives
    return 0, []


def _word_alternatives(meant, stems, position, rules, vocabulary):
    word, term = meant[position], stems[position]
    alternatives = [Alternative((term,))]
    synonyms = rules.targets((term,))
    alternatives += [Alternative(target, weight=SYNONYM) for target in synonyms]
    alternatives += [_keyword(mention, TERM_NAMED) for mention in vocabulary.named_by((term,))]
    alternatives += _named_by_synonyms(synonyms, vocabulary)
    for mention in vocabulary.described_by(term):
        if mention.how == DESCRIBED:
            alternatives.append(_keyword(mention, TERM_DESCRIBED, boost_only=True))
        else:
            alternatives.append(_keyword(mention, TERM_NAMED * LABEL_WORD))
    alternatives += _part_alternatives(word, rules)
    for neighbour in (position - 1, position + 1):
        if 0 <= neighbour < len(meant):
            first, second = sorted((position, neighbour))
            alternatives.append(Alternative((stem(meant[first] + meant[second]),), weight=JOINED))
    return alternatives


def _named_by_synonyms(synonyms, vocabulary):
    """A synonym that names a taxonomy term finds that term's practices too ("sociaal
    ondernemen" ~ "sociaal ondernemerschap", the form)."""
    return [
        _keyword(mention, TERM_NAMED * SYNONYM)
        for target in synonyms
        for mention in vocabulary.named_by(target)
    ]


def _part_alternatives(word, rules):
    """A typed compound also finds its parts together — one of them replaced by a synonym
    too ("ontmoetingsplaats": ontmoeting + plek) — and each long part alone, but so little
    that a part in a title scores less than the whole word in the body."""
    outer = [stem(part) for part in split(word)]
    if not outer:
        return []
    alternatives = [Alternative(tuple(outer), weight=PART)]
    for number, part in enumerate(outer):
        for target in rules.targets((part,)):
            if len(target) == 1:
                replaced = (*outer[:number], target[0], *outer[number + 1 :])
                alternatives.append(Alternative(replaced, weight=PART * SYNONYM))
    alternatives += [
        Alternative((stem(part),), weight=PART / 4) for part in parts(word) if len(part) >= 4
    ]
    return alternatives


def _keyword(mention, weight, boost_only=False):
    return Alternative(keyword=(mention.facet, mention.value), weight=weight, boost_only=boost_only)


def _scaled(alternative, factor):
    return Alternative(
        alternative.terms, alternative.keyword, alternative.weight * factor, alternative.boost_only
    )


def _best_first(alternatives):
    """Without repeats (the best weight of each kept), the heaviest first."""
    best = {}
    for alternative in alternatives:
        key = (alternative.terms, alternative.keyword, alternative.boost_only)
        if key not in best or alternative.weight > best[key].weight:
            best[key] = alternative
    return tuple(sorted(best.values(), key=lambda a: -a.weight))


def _offers(concepts, vocabulary):
    offers, seen = [], set()
    for concept in concepts:
        stems = tuple(stem(word) for word in concept.text.split())
        mentions = list(vocabulary.named_by(stems))
        if len(stems) == 1:
            mentions += [m for m in vocabulary.described_by(stems[0]) if m.offered]
        for mention in mentions:
            key = (mention.facet, mention.value)
            if key in seen or mention.facet == "failure_factor":
                continue
            seen.add(key)
            offers.append(
                TermOffer(mention.facet, mention.value, mention.label, facet_label(mention.facet))
            )
    return tuple(offers[:MAX_OFFERS])


class _Rules:
    """The editable synonyms as lookups: phrase → the phrases it also finds."""

    def __init__(self, rules):
        self._targets = {}
        for rule in rules:
            for source in rule.sources:
                found = self._targets.setdefault(source, [])
                found.extend(target for target in rule.targets if target != source)
        self.known = {term for source in self._targets for term in source}
        self.longest = max((len(source) for source in self._targets), default=1)

    def targets(self, phrase):
        return tuple(dict.fromkeys(self._targets.get(tuple(phrase), ())))


_rules_cache = {"rules": None, "built": None}


def _synonyms():
    from .thesaurus import synonym_rules

    rules = synonym_rules()
    if _rules_cache["rules"] is not rules:
        _rules_cache.update(rules=rules, built=_Rules(rules))
    return _rules_cache["built"]
