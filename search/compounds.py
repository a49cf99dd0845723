"""Dutch compounds split into their parts: "buitenzwembad" → buiten, zwembad, zwem, bad.

Dutch writes compounds as one word, so a civil servant who types "filialen" or "bad" would
miss "bibliotheekfilialen" and "buitenzwembad". Documents and queries are split with the same
function, so both backends see the same parts (documents carry them in the ``parts`` field).

The word list is wordfreq's Dutch list (the "large" one, from subtitles, Wikipedia, news and
the web): it installs from PyPI, so the embedded default needs nothing but Python, and its
frequencies let us keep out the rare strings that would split words into nonsense. A split
must cover the whole word with known words, joined directly or with the linking letters
Dutch uses ("ontmoeting·s·plek", "zonn·e·panelen"); the split with the fewest parts wins,
then the one whose parts are most common. Parts are split again, so every level is found.

Lucene's ``dictionary_decompounder`` was the other choice for the engine: it emits every
dictionary word found anywhere inside a word ("ontmoetingsplek" → "moet", "tin", ...), which
a whole-word split does not, and doing the split here keeps both backends exactly alike.
"""

import functools
import math

from .analysis import STOP_WORDS, fold

SHORTEST_WORD = 6  # a compound has two parts of at least three letters
SHORTEST_PART = 3
SHORTEST_HEAD = 4  # "man·tel", "sta·ten", "bak·ken" are no compounds
# A part must be at least this common (Zipf scale: 3 = once per million words).
MIN_ZIPF = 2.5
MIN_ZIPF_SHORT = 4.0  # three-letter parts ("bad", "bos") must be common words
MIN_ZIPF_SMALL = 3.0  # and four- or five-letter ones fairly common ("vrij·willi·gers")
LINKS = ("s", "e", "en", "er")
# Prefixes and suffixes that are also words ("ver", "over", "schap") but as parts of a word
# are grammar, not meaning: "verkeer" is not "ver" + "keer".
NOT_PARTS = frozenset(
    [
        "aan",
        "af",
        "be",
        "door",
        "er",
        "ge",
        "her",
        "in",
        "mee",
        "mis",
        "na",
        "om",
        "on",
        "ont",
        "op",
        "over",
        "te",
        "toe",
        "uit",
        "ver",
        "voor",
        "weg",
        "baar",
        "dom",
        "heid",
        "ing",
        "lijk",
        "ling",
        "loos",
        "nis",
        "schap",
        "sel",
        "ster",
        "tje",
        "aar",
        "erij",
    ]
)
# Endings that look like a last part but inflect the word before them ("vrijwillig·ers").
ENDINGS = frozenset(
    [
        "ers",
        "ingen",
        "ing",
        "ken",
        "ten",
        "gen",
        "den",
        "nen",
        "len",
        "men",
        "pen",
        "ren",
        "sen",
        "jes",
        "tjes",
    ]
)


# A word this much more common in English than in Dutch is English that Dutch texts quote
# ("having", "make"), not a Dutch part: "handhaving" is no hand + having.
ENGLISH_MARGIN = 1.3


@functools.cache
def _zipf():
    """Folded word → Zipf frequency, from wordfreq's Dutch list (loaded on first use), without
    the English words in it."""
    from wordfreq import get_frequency_dict, get_frequency_list

    frequencies = {}
    for word, frequency in get_frequency_dict("nl", wordlist="large").items():
        folded = fold(word)
        if folded.isalpha() and frequency > frequencies.get(folded, 0.0):
            frequencies[folded] = frequency
    english = get_frequency_dict("en", wordlist="small")
    # Only words common enough to be a part (or to count as common): some 56,000 of 310,000.
    zipf = {
        word: math.log10(frequency) + 9
        for word, frequency in frequencies.items()
        if math.log10(frequency) + 9 >= MIN_ZIPF
        and math.log10(english.get(word, 1e-9) / frequency) < ENGLISH_MARGIN
    }
    get_frequency_list.cache_clear()  # wordfreq keeps both whole lists; only this is needed
    return zipf


def zipf(word):
    """How common a folded word is in Dutch (Zipf scale; 0 for a word not in the list)."""
    return _zipf().get(word, 0.0)


def _is_part(word):
    if len(word) < SHORTEST_PART or word in STOP_WORDS or word in NOT_PARTS:
        return False
    zipf = _zipf().get(word, 0.0)
    if len(word) == SHORTEST_PART:
        return zipf >= MIN_ZIPF_SHORT
    return zipf >= (MIN_ZIPF_SMALL if len(word) <= 5 else MIN_ZIPF)


@functools.lru_cache(maxsize=200_000)
def parts(word):
    """Every part of a folded compound word, outer split first; () when it is not one."""
    best = _best_split(word)
    if best is None:
        return ()
    found = []
    for part in best:
        found.append(part)
        found.extend(parts(part))
    return tuple(dict.fromkeys(found))


def split(word):
    """The outer split of a folded compound word ("ontmoetingsplek" → ontmoeting, plek)."""
    return _best_split(word) or ()


@functools.lru_cache(maxsize=200_000)
def _best_split(word):
    if len(word) < SHORTEST_WORD or not word.isalpha():
        return None
    best, best_rank = None, None
    for position in range(SHORTEST_HEAD, len(word) - SHORTEST_PART + 1):
        head, tail = word[:position], word[position:]
        head_word = _head_word(head)
        if head_word is None or len(head_word) < SHORTEST_HEAD or tail in ENDINGS:
            continue
        tail_parts = (tail,) if _is_part(tail) else _best_split(tail)
        if not tail_parts:
            continue
        candidate = (head_word, *tail_parts)
        rank = (len(candidate), -sum(_zipf()[part] for part in candidate))
        if best_rank is None or rank < best_rank:
            best, best_rank = candidate, rank
    return best


def _head_word(head):
    """The word a compound's first part stands for, with its linking letters taken off."""
    if _is_part(head):
        return head
    for link in LINKS:
        if head.endswith(link) and _is_part(head[: -len(link)]):
            return head[: -len(link)]
    return None


def compound_parts_text(words):
    """The parts of every compound among ``words``, as one text (a document's ``parts``)."""
    found = []
    for word in dict.fromkeys(words):
        found.extend(parts(word))
    return " ".join(found)
