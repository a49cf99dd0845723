"""What a typed query means, in a shape both search backends execute the same way.

``search.understanding.interpret`` turns "zwembd overnemen vrijwilligers" into concepts: one
per meaningful word or phrase, each with weighted alternatives (the word itself, its
synonyms, a typo's correction, the parts of a compound, a taxonomy term it names). The
backends then rank rather than filter:

- a document matches a concept when one of its alternatives matches: a text alternative
  when all of its analysed terms occur in the document's text fields, a keyword
  alternative when the document carries that facet value;
- a concept's score is its best matching alternative's (dis_max): ``weight`` × the mean
  over the alternative's terms of their BM25 score summed over the weighted text fields
  (``SearchDocument.WEIGHTS``), or ``weight`` × KEYWORD_SCORE for a keyword alternative;
- a document is a result when it matches at least one concept, and its score is the sum of
  its concepts' scores. A *specific* concept (``generic`` is false: a word in most
  documents, such as "bewoners", is generic) matched by a *strong* alternative (weight ≥
  TIER_WEIGHT: the word, its synonyms, its correction, a compound's parts together, a term
  it names — not one part of a compound, "buurt" of "buurtbussen") scores STRICT_TIER more,
  so a result matching more of the query's concepts ranks above one matching fewer, and the
  top stays precise while a query with a word no practice uses still finds the others (a
  query of one concept has nothing to count: no STRICT_TIER, see ``tiered``);
- ``minimum_match`` (see ``minimum_match``) is how many of those concepts a result "has them
  all" with: the page says so when no result does (``relaxed``);
- a ``boost_only`` alternative (a word that only *describes* a taxonomy term) never makes
  a concept match: it adds its score to every result that has it, whichever concepts the
  result matched.
"""

from dataclasses import dataclass, field

# Weights of the kinds of alternative, relative to the word as typed (1.0).
SYNONYM = 0.9
JOINED = 0.8  # two typed words written as one ("leen café" → "leencafe")
CORRECTED = 0.8  # the nearest indexed word for a typo
PART = 0.6  # a part of a typed compound ("ontmoetingsplaats" → "ontmoeting")
TERM_NAMED = 1.0  # the query names a taxonomy term (label, slug words, full wording)
TERM_DESCRIBED = 0.4  # a distinctive word of a term's description or examples
# What a keyword alternative scores before its weight: about a good body match.
KEYWORD_SCORE = 3.0
# A concept whose word is in at least this share of the documents is generic.
GENERIC_SHARE = 0.5
# The least weight of an alternative that counts towards the strict tier.
TIER_WEIGHT = 0.3
# Added for each specific concept a result matches strongly: more than the text can score.
STRICT_TIER = 10_000.0
# BM25 as Lucene computes it (the engine's default similarity); the database mirrors it.
BM25_K1, BM25_B = 1.2, 0.75


@dataclass(frozen=True)
class Alternative:
    """One way a concept can match: all ``terms`` in the text, or the facet value ``keyword``."""

    terms: tuple = ()  # analysed terms (search.analysis), all required
    keyword: tuple = ()  # (facet name, value)
    weight: float = 1.0
    boost_only: bool = False  # adds to a result's score; never makes one

    @property
    def is_text(self):
        return bool(self.terms)

    @property
    def strong(self):
        return not self.boost_only and self.weight >= TIER_WEIGHT


@dataclass(frozen=True)
class Concept:
    text: str  # the words typed for it, for messages
    alternatives: tuple  # of Alternative, best first
    # In most documents ("bewoners", "gemeente"): it scores, but does not decide the tier.
    generic: bool = False

    @property
    def matching(self):
        """The alternatives that make the concept match (all but the boost_only ones)."""
        return tuple(a for a in self.alternatives if not a.boost_only)

    @property
    def strong(self):
        """The alternatives that count towards the strict tier."""
        return tuple(a for a in self.alternatives if a.strong)


@dataclass(frozen=True)
class Correction:
    typed: str
    used: str


@dataclass(frozen=True)
class TermOffer:
    """A taxonomy term the query names, offered as a one-click filter."""

    facet: str
    value: str
    label: str
    facet_label: str


@dataclass(frozen=True)
class Interpretation:
    concepts: tuple = ()
    minimum_match: int = 0
    corrections: tuple = ()  # of Correction
    offers: tuple = ()  # of TermOffer
    relaxed: bool = False  # no result matches as many concepts as minimum_match asks
    ignored: tuple = field(default=())  # typed words that carry no meaning (stop words)

    @property
    def tier_concepts(self):
        """The concepts the strict tier counts: the specific ones, or all if none is."""
        specific = tuple(concept for concept in self.concepts if not concept.generic)
        return specific or self.concepts

    @property
    def tiered(self):
        """Whether STRICT_TIER applies: with two concepts or more (with one, every result
        has that one, and ranking by relevance alone is cheaper)."""
        return len(self.concepts) >= 2

    @property
    def boosts(self):
        """Every boost_only alternative, once."""
        return tuple(
            dict.fromkeys(
                alternative
                for concept in self.concepts
                for alternative in concept.alternatives
                if alternative.boost_only
            )
        )

    @property
    def text_terms(self):
        """Every analysed term any concept may match on, for the highlighter."""
        return frozenset(
            term
            for concept in self.concepts
            for alternative in concept.alternatives
            for term in alternative.terms
        )


def minimum_match(concept_count):
    """How many concepts a result must match: all of 1–2, 2 of 3, 75% of 4 or more."""
    if concept_count <= 2:
        return concept_count
    if concept_count == 3:
        return 2
    return int(concept_count * 0.75)


NOTHING = Interpretation()
