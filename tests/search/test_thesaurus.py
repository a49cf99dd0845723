"""The thesaurus: seed groups, the synonym syntax editors type, and the words for a status."""

import importlib
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from practices.library.choices import EvidenceLevel, Status
from practices.taxonomy.loading import load_taxonomy
from search import thesaurus
from search.analysis import stem, terms
from search.facets import FACETS_BY_NAME
from search.models import SynonymGroup
from search.thesaurus import (
    SynonymRule,
    normalise_group,
    parse_group,
    seed_groups,
    seed_thesaurus,
    status_words,
    synonym_rules,
)
from tests.msgids import is_translatable

SEED_MIGRATION = "0005_synonym_rules_and_seed"
# The groups migration 0002 seeded, each found in the thesaurus as it was or as it became.
GROUPS_OF_0002 = [
    "burgerinitiatief, bewonersinitiatief, maatschappelijk initiatief",
    "uitdaagrecht, right to challenge",
    "wijkbudget, buurtbudget",
    "wijk, buurt",
    "vrijwilliger, vrijwilligerswerk",
]


def t(text):
    """A member as the rules hold it."""
    return tuple(terms(text))


# The seed data -------------------------------------------------------------------------------


def test_the_seed_is_a_real_thesaurus_of_valid_groups():
    groups = seed_groups()
    assert len(groups) >= 60
    assert len({group.key for group in groups}) == len(groups)
    for group in groups:
        assert normalise_group(group.text) == group.text
        assert parse_group(group.text)


def test_the_seed_keeps_the_groups_of_migration_0002():
    texts = {text for group in seed_groups() for text in (group.text, *group.previous)}
    assert set(GROUPS_OF_0002) <= texts


def test_no_word_of_the_seed_starts_two_rules():
    # Otherwise which group a typed word expands to would depend on the order of the rows.
    sources = Counter(
        source for group in seed_groups() for source in parse_group(group.text).sources
    )
    assert [source for source, count in sources.items() if count > 1] == []


def test_the_examples_of_the_issue_are_in_the_seed():
    rules = [parse_group(group.text) for group in seed_groups()]

    def finds(word, other):
        return any(t(word) in rule.sources and t(other) in rule.targets for rule in rules)

    assert finds("wijkteam", "sociaal wijkteam")
    assert finds("mantelzorg", "informele zorg") and finds("informele zorg", "mantelzorg")
    assert finds("Wmo", "maatschappelijke ondersteuning")
    assert finds("zwerfafval", "zwerfvuil")
    assert finds("speeltuin", "speelplek") and finds("speelplaats", "speeltuin")
    assert finds("dorpshuis", "buurthuis") and finds("ontmoetingsruimte", "wijkcentrum")
    assert finds("buurt", "wijk")
    assert finds("zwembad", "openluchtbad") and not finds("openluchtbad", "zwembad")
    assert finds("groen", "plantsoen") and not finds("plantsoen", "groen")
    assert finds("energiecooperatie", "energiecoop")


@pytest.mark.django_db
def test_the_migration_seeded_every_group():
    keys = {group.key for group in seed_groups()}
    assert keys <= set(SynonymGroup.objects.values_list("seed", flat=True))


@pytest.mark.django_db
def test_seeding_twice_adds_nothing_the_second_time():
    SynonymGroup.objects.filter(seed__in=["zwerfvuil", "groen-one-way"]).delete()
    before = SynonymGroup.objects.count()
    assert seed_thesaurus() == 2
    assert seed_thesaurus() == 0
    assert SynonymGroup.objects.count() == before + 2
    stored = SynonymGroup.objects.get(seed="groen-one-way").terms
    assert stored.startswith("groen => groenbeheer, ")


@pytest.mark.django_db
def test_load_taxonomy_seeds_groups_a_migrated_database_lacks():
    SynonymGroup.objects.filter(seed="wijkteam").delete()
    report = load_taxonomy()
    assert "1 synoniemgroepen" in str(report)
    assert SynonymGroup.objects.filter(seed="wijkteam").count() == 1
    assert str(load_taxonomy()) == "niets nieuw"


@pytest.mark.django_db
def test_seeding_keeps_what_editors_changed_and_switched_off():
    count = SynonymGroup.objects.count()
    changed = SynonymGroup.objects.get(seed="wijk")
    changed.terms = "wijk, buurt, stadsdeel"
    changed.save()
    off = SynonymGroup.objects.get(seed="zwerfvuil")
    off.active = False
    off.save()
    mine = SynonymGroup.objects.create(terms="uitleenpunt, leencafé")
    assert seed_thesaurus() == 0
    changed.refresh_from_db()
    off.refresh_from_db()
    assert changed.terms == "wijk, buurt, stadsdeel"
    assert off.active is False
    assert SynonymGroup.objects.filter(pk=mine.pk).exists()
    assert SynonymGroup.objects.count() == count + 1


@pytest.mark.django_db
def test_seeding_adopts_rows_from_before_the_keys():
    # As migration 0002 left them: no key, the old text.
    SynonymGroup.objects.filter(seed__in=["wijkbudget", "wijk"]).delete()
    old = SynonymGroup.objects.create(terms="wijkbudget, buurtbudget")
    typed = SynonymGroup.objects.create(terms="Buurt,wijk")  # the same rule, typed otherwise
    count = SynonymGroup.objects.count()
    assert seed_thesaurus() == 0
    assert SynonymGroup.objects.count() == count
    old.refresh_from_db()
    typed.refresh_from_db()
    assert old.seed == "wijkbudget" and "burgerbegroting" in old.terms  # nobody had changed it
    assert typed.seed == "wijk" and typed.terms == "Buurt,wijk"  # an editor's text stays


@pytest.mark.django_db
def test_the_migration_seeds_through_its_historical_model():
    SynonymGroup.objects.filter(seed="mantelzorg").delete()
    state = MigrationExecutor(connection).loader.project_state(("search", SEED_MIGRATION))
    migration = importlib.import_module(f"search.migrations.{SEED_MIGRATION}")
    migration.seed(state.apps, None)
    migration.seed(state.apps, None)
    assert SynonymGroup.objects.filter(seed="mantelzorg").count() == 1


# Parsing -------------------------------------------------------------------------------------


def test_equivalents_find_each_other():
    rule = parse_group("Wijkteam, sociaal wijkteam, buurtteams")
    members = (("wijkteam",), (stem("sociaal"), "wijkteam"), ("buurtteam",))
    assert rule == SynonymRule(sources=members, targets=members)
    assert not rule.one_way


def test_a_one_way_rule_finds_the_right_side_from_the_left_only():
    rule = parse_group("groen => groenbeheer, plantsoenen, boomspiegel")
    assert rule.sources == (("groen",),)
    assert rule.targets == tuple(t(m) for m in ("groen", "groenbeheer", "plantsoen", "boomspiegel"))
    assert rule.one_way


def test_the_left_side_of_a_one_way_rule_may_have_several_members():
    rule = parse_group("zwembad, zwemaccommodatie => openluchtbad")
    assert rule.sources == (t("zwembad"), t("zwemaccommodatie"))
    assert rule.targets == (*rule.sources, t("openluchtbad"))


def test_multi_word_members_are_analysed_like_a_query():
    rule = parse_group("Wmo, Wet maatschappelijke ondersteuning, right to challenge")
    assert rule.sources == (
        ("wmo",),
        t("wet maatschappelijke ondersteuning"),
        t("right to challenge"),
    )
    assert len(rule.sources[1]) == 3


def test_members_of_only_stop_words_are_dropped_and_duplicates_merged():
    rule = parse_group("de, wijk, het, buurt, buurten")
    assert rule.sources == (("wijk",), ("buurt",))


def test_spaces_and_empty_places_between_commas_do_not_count():
    assert parse_group("  wijk ,, buurt , ") == parse_group("wijk, buurt")
    assert parse_group("groen=>plantsoen") == parse_group("groen => plantsoen")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul de woorden"),
        ("   ,  , ", "Vul de woorden"),
        ("wijk", "minstens twee woorden"),
        ("zwembad, zwembaden", "hetzelfde woord"),
        ("de, het, een", "stopwoorden"),
        ("de, wijk", "stopwoorden"),
        ("groen => groenbeheer => plantsoen", "hoogstens één keer"),
        ("=> plantsoen", "Links van '=>' staat geen woord"),
        ("groen =>", "Rechts van '=>' staat geen woord"),
        ("groen => groen, groene", "geen ander woord"),
        ("de => plantsoen", "stopwoorden"),
        ("wijk, 1234", "geen letters"),
        ("wijk, ---", "geen letters"),
        ("wijk; buurt", "Scheid woorden met komma's"),
        ("groen -> plantsoen", "Scheid woorden met komma's"),
        ("wijk, buurt\nzwembad, bad", "één regel"),
        ("wijk, bu\x00urt", "onzichtbaar teken"),
        ("wijk, " + "a" * 100, "te lang"),
        (", ".join(f"woord{n}a" for n in range(50)), "hoogstens 40"),
    ],
)
def test_malformed_groups_are_refused_in_plain_dutch(text, message):
    with pytest.raises(ValueError, match=message) as error:
        parse_group(text)
    assert is_translatable(error.value, thesaurus), "not through gettext: " + str(error.value)
    with pytest.raises(ValidationError, match=message):
        SynonymGroup(terms=text).full_clean()


def test_a_malformed_thesaurus_file_is_a_developer_error_in_english(tmp_path):
    file = tmp_path / "thesaurus.toml"
    file.write_text('[[groups]]\nterms = ["wijk", "buurt"]\n[[groups]]\nterms = ["wijk", "dorp"]\n')
    with pytest.raises(ValueError, match=r"keys \['wijk'\] occur twice"):
        seed_groups(file)
    file.write_text('[[groups]]\nwords = ["wijk", "buurt"]\n')
    with pytest.raises(ValueError, match=r"group 1: give either 'terms' .*\['words'\]"):
        seed_groups(file)
    file.write_text('[[groups]]\nbroader = "groen"\nnarrower = ["groen"]\n')
    with pytest.raises(ValueError, match=r"group 1 \(groen => groen\): Rechts van '=>'"):
        seed_groups(file)  # the group's own problem in the words an editor would read


def test_full_width_characters_are_the_plain_ones():
    assert parse_group("groen ＝＞ plantsoen").one_way


# Editing in the admin ---------------------------------------------------------------------


def test_clean_stores_a_tidy_text():
    group = SynonymGroup(terms="  groen=>  groenbeheer,,plantsoen  ")
    group.full_clean()
    assert group.terms == "groen => groenbeheer, plantsoen"


def test_clean_refuses_a_member_of_only_stop_words():
    with pytest.raises(ValidationError, match="alleen uit stopwoorden"):
        SynonymGroup(terms="wijk, buurt, de").full_clean()


WORDS = ["de", "het", "wijk", "buurt", "groen", "zwembaden", "zwembad", "sociaal wijkteam", "1"]
NOISE = [",", ", ", "=>", " => ", "=", ">", "\n", "\x00", "\t", "ë", "ＩＩ", "－＞"]
# Anything at all, with the characters that matter to the syntax mixed in.
ANY_TEXT = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(WORDS + NOISE)), max_size=12)
# Lists of members that are mostly words, some of them one-way rules: many pass clean().
MEMBER = st.one_of(st.sampled_from(WORDS), st.text("abcdeëijnostuwz -'", min_size=1, max_size=14))
ALMOST_A_GROUP = st.builds(
    lambda left, right, comma: (
        comma.join(left) + ("" if right is None else " => " + comma.join(right))
    ),
    st.lists(MEMBER, min_size=1, max_size=5),
    st.none() | st.lists(MEMBER, min_size=1, max_size=4),
    st.sampled_from([",", ", ", " ,", ",,"]),
)
GROUP_TEXT = st.one_of(ANY_TEXT.map("".join), ALMOST_A_GROUP)


@hypothesis_settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=GROUP_TEXT)
def test_clean_never_fails_otherwise_and_what_it_passes_parses(text):
    group = SynonymGroup(terms=text)
    try:
        group.full_clean()
    except ValidationError as error:
        assert set(error.message_dict) == {"terms"}
        assert all(message.strip() for message in error.message_dict["terms"])
        # Ours through gettext, or Django's own (translated by Django) for an empty field.
        blank = str(SynonymGroup._meta.get_field("terms").error_messages["blank"])
        assert all(
            message == blank or is_translatable(message, thesaurus)
            for message in error.message_dict["terms"]
        )
        return
    rule = parse_group(group.terms)
    assert rule.sources and len(rule.targets) >= 2
    assert all(member for member in rule.targets)
    assert normalise_group(group.terms) == group.terms  # cleaning again changes nothing


@pytest.mark.django_db
def test_the_admin_refuses_a_malformed_group(client, django_user_model):
    editor = django_user_model.objects.create_superuser("thes", "thes@example.org", "geheim")
    client.force_login(editor)
    url = "/admin/snippets/search/synonymgroup/add/"
    count = SynonymGroup.objects.count()
    response = client.post(url, {"terms": "groen => groenbeheer => plantsoen", "active": "on"})
    assert response.status_code == 200
    assert "hoogstens één keer" in response.text
    assert SynonymGroup.objects.count() == count
    client.post(url, {"terms": "uitleenpunt =>  leencafé", "active": "on"})
    assert SynonymGroup.objects.filter(terms="uitleenpunt => leencafé").exists()
    listing = client.get("/admin/snippets/search/synonymgroup/", {"active": "false"})
    assert listing.status_code == 200


# The rules of the stored groups ----------------------------------------------------------


@pytest.mark.django_db
def test_synonym_rules_are_the_active_groups():
    rules = synonym_rules()
    assert len(rules) == SynonymGroup.objects.filter(active=True).count()
    assert parse_group("wijk, buurt") in rules
    assert synonym_rules() is rules  # unchanged: the same object, nothing parsed again


@pytest.mark.django_db
def test_an_edit_takes_effect_on_the_next_call():
    rule = parse_group("uitleenpunt, leencafé")
    assert rule not in synonym_rules()
    group = SynonymGroup.objects.create(terms="uitleenpunt, leencafé")
    assert rule in synonym_rules()
    group.terms = "uitleenpunt => leencafé"
    group.save()
    assert parse_group("uitleenpunt => leencafé") in synonym_rules()
    group.active = False
    group.save()
    assert all(t("uitleenpunt") not in r.sources for r in synonym_rules())
    group.delete()
    assert all(t("uitleenpunt") not in r.targets for r in synonym_rules())


@pytest.mark.django_db
def test_an_edit_by_another_process_is_seen_too():
    # A queryset update sends no signal, as an edit in another gunicorn worker does not.
    rules = synonym_rules()
    SynonymGroup.objects.filter(seed="wijk").update(
        terms="wijk, buurt, stadsdeel", changed=timezone.now()
    )
    assert parse_group("wijk, buurt, stadsdeel") in synonym_rules()
    SynonymGroup.objects.filter(seed="wijk").update(terms="wijk, stadsdeel")  # not even the time
    assert parse_group("wijk, stadsdeel") in synonym_rules()
    assert synonym_rules() is not rules


@pytest.mark.django_db
def test_a_stored_group_that_does_not_parse_is_skipped():
    SynonymGroup.objects.bulk_create([SynonymGroup(terms="de, het")])  # around clean()
    assert len(synonym_rules()) == SynonymGroup.objects.filter(active=True).count() - 1


# Status words -------------------------------------------------------------------------------


def test_every_status_word_names_an_existing_value():
    words = status_words()
    values = {"outcome": set(Status.values), "evidence": set(EvidenceLevel.values)}
    assert {facet for facet, _ in words} == set(values)
    for facet, value in words:
        assert facet in FACETS_BY_NAME
        assert value in values[facet]
    # Every value has words, among them its own name.
    assert set(words) == {(facet, value) for facet in values for value in values[facet]}
    for (_facet, value), phrases in words.items():
        assert phrases and all(phrases)
        assert t(value.replace("-", " ")) in phrases, value


def test_status_words_are_what_people_type():
    words = status_words()
    assert t("mislukte") in words[("outcome", "gestopt")]
    assert t("beëindigd") in words[("outcome", "gestopt")]
    assert t("voltooid") in words[("outcome", "afgerond")]
    assert t("loopt nog") in words[("outcome", "lopend")]
    assert t("evaluatie") in words[("evidence", "geevalueerd")]
    assert t("onderzocht") in words[("evidence", "extern-onderzocht")]


def test_no_status_phrase_is_two_values_of_one_facet():
    seen = {}
    for (facet, value), phrases in status_words().items():
        for phrase in phrases:
            assert seen.setdefault((facet, phrase), value) == value
