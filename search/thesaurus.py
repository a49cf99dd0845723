"""The thesaurus: synonym groups as search rules, their seed data, and the words for a status.

Editors keep synonym groups in the admin (``SynonymGroup.terms``) in the Solr synonym syntax:

* ``wijk, buurt`` — equivalents: every member finds every other;
* ``groen => groenbeheer, plantsoen`` — one way: the left side finds the right side (and the
  other members on the left), the right side does not find the left.

``parse_group`` turns such a text into a ``SynonymRule`` of analysed terms (the chain of
``search.analysis.terms``), ``synonym_rules`` gives the rules of all active groups, cached per
process until a group changes. ``seed_thesaurus`` adds the groups of data/thesaurus.toml that
are missing, and ``status_words`` gives what people type for a practice's status or evidence
level (data/status_words.toml).
"""

import functools
import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .analysis import fold, terms

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
THESAURUS_FILE = DATA_DIR / "thesaurus.toml"
STATUS_WORDS_FILE = DATA_DIR / "status_words.toml"

ONE_WAY = "=>"
SEPARATOR = ","
MAX_MEMBER_LENGTH = 80
MAX_MEMBERS = 40
# Characters that mean an editor separated or linked words in some other way than intended.
NOT_IN_A_MEMBER = set(";|/\\=<>")
EXAMPLES = gettext_lazy(
    "Bijvoorbeeld: wijk, buurt — of in één richting: groen => groenbeheer, plantsoen"
)


@dataclass(frozen=True)
class SynonymRule:
    """A synonym group as search terms.

    Each member is the tuple of its analysed terms (a multi-word member has several). A query
    member found in ``sources`` may be replaced by any member of ``targets``; ``targets``
    always includes the sources. Equivalents: ``sources == targets``. Members keep the order
    of the group's text, without duplicates.
    """

    sources: tuple[tuple[str, ...], ...]
    targets: tuple[tuple[str, ...], ...]

    @property
    def one_way(self):
        return self.sources != self.targets


# Parsing --------------------------------------------------------------------------------------
# The messages are what an editor reads when saving a group in the admin: Dutch, through
# gettext, in the language active when the group is checked.


def parse_group(text):
    """The ``SynonymRule`` of a group's text; ``ValueError`` with a message for the editor.

    Members that analyse to nothing (only stop words) are dropped; what is left must still be
    a rule that changes a search: two different members, or a one-way rule whose right side
    adds a member.
    """
    left, right = _sides(text)
    sources = _analysed(left)
    if right is None:
        if not sources:
            raise ValueError(_only_stop_words(left))
        if len(sources) < 2:
            raise ValueError(_too_few(left))
        return SynonymRule(sources, sources)
    if not sources:
        raise ValueError(_("Links van '=>': %(problem)s") % {"problem": _only_stop_words(left)})
    added = tuple(member for member in _analysed(right) if member not in sources)
    if not added:
        raise ValueError(
            _(
                "Rechts van '=>' staat geen ander woord dan links; bij het zoeken zijn "
                "%(members)s hetzelfde."
            )
            % {"members": _quoted(left + right)}
        )
    return SynonymRule(sources, sources + added)


def normalise_group(text):
    """The group's text as it is stored, or ``ValueError`` with a message for the editor.

    Stricter than ``parse_group``: a member of only stop words is refused, not dropped.
    Spaces are evened out and empty places between commas removed: ``"wijk ,, buurt "``
    becomes ``"wijk, buurt"``.
    """
    left, right = _sides(text)
    for member in left + (right or []):
        if not terms(member):
            raise ValueError(
                _(
                    "'%(member)s' bestaat alleen uit stopwoorden (zoals 'de' of 'het') en vindt "
                    "daarom niets. Laat het weg of gebruik een ander woord."
                )
                % {"member": member}
            )
    parse_group(text)
    joined = f"{SEPARATOR} ".join(left)
    return joined if right is None else f"{joined} {ONE_WAY} {f'{SEPARATOR} '.join(right)}"


def _sides(text):
    """The members left and right of '=>' (right is None for equivalents), checked."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(_empty())
    # Full-width and other compatibility forms as plain characters: "＝＞" is "=>".
    text = unicodedata.normalize("NFKC", text)
    if "\n" in text or "\r" in text:
        raise ValueError(
            _(
                "Zet de woorden van één groep op één regel, gescheiden door komma's. Voor een "
                "andere groep maak je een nieuwe groep aan."
            )
        )
    if any(unicodedata.category(char)[0] == "C" and not char.isspace() for char in text):
        raise ValueError(_("De tekst bevat een onzichtbaar teken. Typ de woorden opnieuw."))
    parts = text.split(ONE_WAY)
    if len(parts) > 2:
        raise ValueError(
            _(
                "Gebruik '=>' hoogstens één keer in een groep: links het bredere woord, rechts "
                "de smallere woorden. Bijvoorbeeld: groen => groenbeheer, plantsoen"
            )
        )
    sides = [_members(part) for part in parts]
    if len(sides) == 2 and not sides[0]:
        raise ValueError(_("Links van '=>' staat geen woord. Bijvoorbeeld: groen => plantsoen"))
    if len(sides) == 2 and not sides[1]:
        raise ValueError(_("Rechts van '=>' staat geen woord. Bijvoorbeeld: groen => plantsoen"))
    if not sides[0]:
        raise ValueError(_empty())
    if sum(len(side) for side in sides) > MAX_MEMBERS:
        raise ValueError(
            _(
                "Een groep heeft hoogstens %(limit)s woorden. Verdeel de woorden over kleinere "
                "groepen van woorden die echt hetzelfde betekenen."
            )
            % {"limit": MAX_MEMBERS}
        )
    return sides[0], (sides[1] if len(sides) == 2 else None)


def _members(part):
    members = []
    for piece in part.split(SEPARATOR):
        member = " ".join(piece.split())
        if not member:
            continue  # "wijk,, buurt" or a comma at the end
        if not any(char.isalpha() for char in member):
            raise ValueError(
                _("'%(member)s' bevat geen letters. Een synoniem is een woord.")
                % {"member": member}
            )
        wrong = sorted(NOT_IN_A_MEMBER.intersection(member))
        if wrong:
            raise ValueError(
                _(
                    "'%(member)s' bevat '%(character)s'. Scheid woorden met komma's; een regel "
                    "in één richting schrijf je met '=>', zoals: groen => groenbeheer, plantsoen"
                )
                % {"member": member, "character": wrong[0]}
            )
        if len(member) > MAX_MEMBER_LENGTH:
            raise ValueError(
                _(
                    "'%(start)s…' is te lang: een woord of woordgroep heeft hoogstens %(limit)s "
                    "tekens. Zijn de komma's vergeten?"
                )
                % {"start": member[:30], "limit": MAX_MEMBER_LENGTH}
            )
        members.append(member)
    return members


def _analysed(members):
    """The members as term tuples, without empty ones and duplicates, in order."""
    return tuple(dict.fromkeys(tuple(terms(member)) for member in members if terms(member)))


def _quoted(members):
    return ", ".join(f"'{member}'" for member in members)


def _empty():
    return _("Vul de woorden van de groep in, gescheiden door komma's. %(examples)s") % {
        "examples": EXAMPLES
    }


def _too_few(members):
    """Why equivalents that analyse to fewer than two different members are no group."""
    meaningful = [member for member in members if terms(member)]
    if len(meaningful) > 1:
        return _(
            "Bij het zoeken worden %(members)s hetzelfde woord. Een groep heeft minstens twee "
            "woorden met een verschillende betekenis nodig."
        ) % {"members": _quoted(meaningful)}
    return _(
        "Een groep heeft minstens twee woorden nodig, gescheiden door komma's (stopwoorden "
        "zoals 'de' tellen niet mee). %(examples)s"
    ) % {"examples": EXAMPLES}


def _only_stop_words(members):
    return ngettext(
        "%(members)s bestaat alleen uit stopwoorden (zoals 'de' of 'het'); die gebruikt het "
        "zoeken niet.",
        "%(members)s zijn allemaal stopwoorden (zoals 'de' of 'het'); die gebruikt het "
        "zoeken niet.",
        len(members),
    ) % {"members": _quoted(members)}


# The editable groups as rules --------------------------------------------------------------

# (version, rules) of the last read; replaced as a whole, so no lock is needed.
_cached = None


def synonym_rules():
    """The ``SynonymRule`` of every active synonym group, in the order the groups were made.

    Cached per process. Each call reads one aggregate row of the table (number of groups,
    last change, total length of the texts) and reads the groups again when it differs, so
    an edit in any process takes effect on the next search; a save or delete in this process
    also drops the cache at once. (Only a raw ``update()`` that keeps both the time and the
    length of every text would go unnoticed.) A stored group that no longer parses (the stop
    words changed, or it was written around ``clean()``) is skipped with a warning.
    """
    global _cached
    from .models import SynonymGroup

    # The version first: a change committed between the two reads then makes the next call
    # read again, instead of caching newer rules under an older version.
    version = _version(SynonymGroup)
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    rules = []
    active = SynonymGroup.objects.filter(active=True).order_by("pk")
    for pk, text in active.values_list("pk", "terms"):
        try:
            rules.append(parse_group(text))
        except ValueError as error:
            logger.warning("Synonym group %s skipped: %s", pk, error)
    _cached = (version, tuple(rules))
    return _cached[1]


def _version(model):
    return tuple(
        model.objects.aggregate(
            groups=Count("pk"),
            active=Count("pk", filter=Q(active=True)),
            changed=Max("changed"),
            length=Sum(Length("terms")),
        ).values()
    )


def forget_synonym_rules(**kwargs):
    global _cached
    _cached = None


post_save.connect(forget_synonym_rules, sender="search.SynonymGroup", dispatch_uid="thesaurus")
post_delete.connect(forget_synonym_rules, sender="search.SynonymGroup", dispatch_uid="thesaurus")


# Seed data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedGroup:
    """One group of data/thesaurus.toml: its key, its text as stored, and older seed texts."""

    key: str
    text: str
    previous: tuple[str, ...] = ()


def seed_groups(path=THESAURUS_FILE):
    """The groups of the thesaurus file, each checked with ``normalise_group``.

    A malformed file is a developer's mistake: ``ValueError`` in English, naming the group
    (with the editor's message of ``normalise_group`` when a group's words are refused).
    """
    with Path(path).open("rb") as file:
        data = tomllib.load(file)
    groups = []
    for number, entry in enumerate(data.get("groups", []), start=1):
        unknown = set(entry) - {"terms", "broader", "narrower", "key", "previous"}
        if unknown or ("terms" in entry) == ("broader" in entry):
            raise ValueError(
                f"{path}, group {number}: give either 'terms' or 'broader' and 'narrower' "
                f"(unknown keys: {sorted(unknown)})"
            )
        if "terms" in entry:
            text = ", ".join(entry["terms"])
            first = entry["terms"][0]
        else:
            broader = entry["broader"]
            broader = [broader] if isinstance(broader, str) else list(broader)
            text = f"{', '.join(broader)} {ONE_WAY} {', '.join(entry['narrower'])}"
            first = broader[0] + " =>"
        try:
            text = normalise_group(text)
        except ValueError as error:
            raise ValueError(f"{path}, group {number} ({text}): {error}") from None
        key = entry.get("key") or _key(first)
        groups.append(SeedGroup(key, text, tuple(entry.get("previous", ()))))
    keys = [group.key for group in groups]
    doubles = sorted({key for key in keys if keys.count(key) > 1})
    if doubles:
        raise ValueError(f"{path}: keys {doubles} occur twice; give those groups a 'key'")
    return groups


def _key(text):
    """'Energiecoöperatie' → 'energiecooperatie', 'groen =>' → 'groen-one-way'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text.replace(ONE_WAY, " one-way"))).strip("-")
    return slug[:100]


def seed_thesaurus(model=None, groups=None):
    """Adds the seed groups that are missing; returns how many it created.

    A group is there when a row carries its key (``SynonymGroup.seed``), whatever an editor
    made of its text since. A row without a key whose text is this group's, one of its
    earlier seed texts, or the same rule, is adopted: it gets the key, and a row that still
    has an earlier seed text (so no editor changed it) gets the new text. Nothing else is
    changed or deleted. Groups an editor deleted come back; an editor switches a group off
    (``active``) to keep it out of searches for good. ``model`` is for data migrations.
    """
    if model is None:
        from .models import SynonymGroup as model
    groups = seed_groups() if groups is None else groups
    present = set(model.objects.exclude(seed="").values_list("seed", flat=True))
    unkeyed = list(model.objects.filter(seed=""))
    created = 0
    for group in groups:
        if group.key in present:
            continue
        row = _adoptable(unkeyed, group)
        if row is not None:
            unkeyed.remove(row)
            fields = ["seed"]
            row.seed = group.key
            if row.terms.strip() in group.previous:
                row.terms = group.text
                fields.append("terms")
            row.save(update_fields=fields)
        else:
            model.objects.create(terms=group.text, seed=group.key)
            created += 1
        present.add(group.key)
    return created


def _adoptable(rows, group):
    texts = {group.text, *group.previous}
    for row in rows:
        if row.terms.strip() in texts:
            return row
    wanted = _meaning(parse_group(group.text))
    for row in rows:
        try:
            if _meaning(parse_group(row.terms)) == wanted:
                return row
        except ValueError:
            continue
    return None


def _meaning(rule):
    """A rule without the order of its members: "buurt, wijk" means "wijk, buurt"."""
    return frozenset(rule.sources), frozenset(rule.targets)


# Status words -----------------------------------------------------------------------------

# Sections of status_words.toml → the finder's facet (search.facets) and its choices.
STATUS_SECTIONS = {"status": "outcome", "evidence": "evidence"}


def status_words():
    """What people type for a status or evidence level, from data/status_words.toml.

    ``{(facet name, value): (phrase, ...)}`` with facet names as in search.facets ("outcome",
    "evidence"), values as stored (``Status``, ``EvidenceLevel``), and each phrase the tuple
    of its analysed terms. Raises ``ValueError`` (in English: the file is ours, not an
    editor's) for an unknown section or value, or a phrase listed for two values of one facet.
    """
    return dict(_status_words(STATUS_WORDS_FILE))


@functools.cache
def _status_words(path):
    from practices.library.choices import EvidenceLevel, Status

    choices = {"outcome": set(Status.values), "evidence": set(EvidenceLevel.values)}
    with Path(path).open("rb") as file:
        data = tomllib.load(file)
    unknown = set(data) - set(STATUS_SECTIONS)
    if unknown:
        raise ValueError(f"{path}: unknown sections {sorted(unknown)}")
    result, owner = {}, {}
    for section, facet in STATUS_SECTIONS.items():
        for value, entry in data.get(section, {}).items():
            if value not in choices[facet]:
                raise ValueError(f"{path}: [{section}.{value}] is not a value of {facet}")
            phrases = []
            for word in entry["words"]:
                phrase = tuple(terms(word))
                if not phrase:
                    raise ValueError(f"{path}: '{word}' consists of stop words only")
                if owner.setdefault((facet, phrase), value) != value:
                    raise ValueError(f"{path}: '{word}' is listed under two values of {facet}")
                if phrase not in phrases:
                    phrases.append(phrase)
            result[(facet, value)] = tuple(phrases)
    return result
