"""The interface text a visitor reads is plain Dutch (taalniveau B1).

"Visitor" means everyone without an admin account: the civil servant who searches, the
submitter who fills in the form and reads our e-mails, the reader of a practice page. Their
text is every gettext msgid in the files listed below; what only editors and operators read
(the admin, its help texts, command output) is listed apart, with the reason, so that a new
file with interface text fails here until it is placed.

The msgids are read from the sources, not from locale/: the catalogue is made again only when
translations are added, and the rule is about the text as it is now.

The rules follow the plain-language guides that Dutch governments write by: the Rijksoverheid's
"Direct Duidelijk" (directduidelijk.nl), Onze Taal's advice on "moeilijke woorden" and its list
of modern alternatives (onzetaal.nl/taaladvies/moeilijke-woorden), and provincial style guides
such as Zuid-Holland's "Schrijfwijzer: woordgebruik" (officialese, abbreviations). Quotes from
the 2013 report are content, not interface text, and are not checked here.
"""

import re
from fnmatch import fnmatch

import pytest

from tests.interface_text import ROOT, messages_in

# Where visitor text lives ------------------------------------------------------------------

# Every template is visitor text, except these.
EDITOR_TEMPLATES = {
    "templates/submissions/admin/*": "the editors' review screens in the Wagtail admin",
    "templates/submissions/email/editors_submitted.txt": "the e-mail to the editors",
}

# Python files with visitor text, and where in the file it is ("" is the whole file).
VISITOR_PYTHON = {
    "*/templatetags/*.py": [""],
    "config/settings/base.py": [""],  # the survey's citation under every figure
    "practices/alerts/forms.py": [""],  # the subscribe form's label and messages
    "practices/alerts/mail.py": [""],  # the subjects of the alert e-mails
    "practices/insights/forms.py": [""],
    "practices/library/blocks.py": [""],  # a story section's label is its heading on the page
    "practices/library/choices.py": [""],
    "practices/submissions/drafting.py": [""],
    "practices/submissions/fields.py": [""],
    "practices/submissions/filetypes.py": [""],
    "practices/submissions/forms.py": [""],
    "practices/submissions/notifications.py": [""],  # the subjects of the submitter's e-mails
    "practices/submissions/rows.py": [""],
    "practices/submissions/steps.py": [""],
    "practices/submissions/views.py": [""],
    "practices/submissions/models.py": ["SubmissionStatus"],  # on the submitter's status page
    # The table of survey figures on a form's or strategy's page.
    "practices/taxonomy/models.py": ["SurveyFigure.Measure", "SurveyFigure.display_value"],
    "search/facets.py": [""],
    "search/feeds.py": [""],  # the feed's title, subtitle and its 400 message
    "practices/library/dossier.py": [""],  # the memo and its 400 messages
    "search/forms.py": [""],
    "search/help.py": [""],
    "search/views.py": [""],
}

# Python files (or the rest of them) whose text only editors and operators read.
EDITOR_PYTHON = {
    "*/models.py": "field names and help texts in the admin",
    "*/apps.py": "the app's name in the admin menu",
    "*/wagtail_hooks.py": "admin menus, listings and snippet views",
    "*/admin_views.py": "the editors' review screens",
    "*/admin_search.py": "the admin's search of taxonomy terms",
    "*/management/commands/*.py": "command output for operators",
    "practices/library/demo.py": "the report of the demo-content command",
    "practices/taxonomy/loading.py": "the report of load_taxonomy",
    "practices/taxonomy/translation.py": "the English fields in the admin",
    "practices/municipalities/importing.py": "the report of import_municipalities",
    "practices/library/importing.py": "the report of import_practices",
    "search/thesaurus.py": "the synonym editor in the admin",
}


def python_files_with_messages():
    for folder in ("config", "practices", "search"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts and messages_in(path):
                yield str(path.relative_to(ROOT)), path


def template_files():
    for pattern in ("*.html", "*.txt"):
        for path in sorted((ROOT / "templates").rglob(pattern)):
            relative = str(path.relative_to(ROOT))
            if not any(fnmatch(relative, editor) for editor in EDITOR_TEMPLATES):
                yield path


def visitor_scopes(relative):
    """Where in this Python file visitor text is: the scopes of every pattern it matches."""
    return [
        scope
        for pattern, scopes in VISITOR_PYTHON.items()
        if fnmatch(relative, pattern)
        for scope in scopes
    ]


def visitor_messages():
    found = [message for path in template_files() for message in messages_in(path)]
    for relative, path in python_files_with_messages():
        scopes = visitor_scopes(relative)
        found += [m for m in messages_in(path) if any(m.scope.startswith(s) for s in scopes)]
    return found


@pytest.fixture(scope="module")
def messages():
    return visitor_messages()


def offenders(messages, problem):
    """Each message with what is wrong with it, one a line, for a failure message."""
    found = [(message, problem(message.msgid)) for message in messages]
    return "\n".join(f"  {message}\n      {wrong}" for message, wrong in found if wrong)


def test_every_file_with_interface_text_is_placed_as_visitor_or_editor_text():
    unplaced = [
        relative
        for relative, _path in python_files_with_messages()
        if not visitor_scopes(relative)
        and not any(fnmatch(relative, pattern) for pattern in EDITOR_PYTHON)
    ]
    assert not unplaced, (
        "Files with gettext text that is neither visitor text (VISITOR_PYTHON) nor editor "
        "text (EDITOR_PYTHON, with the reason):\n  " + "\n  ".join(unplaced)
    )


def test_the_visitor_text_is_found(messages):
    # A broken extraction would let every rule below pass on nothing.
    texts = {message.msgid for message in messages}
    assert {"Praktijk insturen", "Gestopt", "Ingediend", "Zoekwoorden"} <= texts
    assert len(texts) > 300


# The text as a reader meets it ---------------------------------------------------------------

TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")


def readable(msgid):
    """The text without HTML tags (their attributes are code) and without placeholders."""
    return PLACEHOLDER.sub("", TAG.sub("", msgid))


# a. Officialese and jargon -------------------------------------------------------------------

# Words and phrases the guides above replace, each with the plain word to use instead: first
# officialese, then the jargon of computers and research that a visitor need not know.
OFFICIALESE = {
    "aanstonds": "straks, zo",
    "aldus": "zo",
    "alsdan": "dan",
    "alsmede": "en, ook",
    "betreffende": "over",
    "conform": "volgens",
    "derhalve": "daarom",
    "desalniettemin": "toch",
    "desbetreffende": "die, deze",
    "dient": "moet",
    "dienen": "moeten",
    "doch": "maar",
    "door middel van": "met, door",
    "dusdanig": "zo",
    "echter": "maar",
    "hetgeen": "wat",
    "in het kader van": "bij, voor",
    "indien": "als",
    "ingevolge": "volgens",
    "inzake": "over",
    "met betrekking tot": "over",
    "middels": "met, door",
    "omtrent": "over",
    "onderhavige": "deze",
    "reeds": "al",
    "sedert": "sinds",
    "teneinde": "om",
    "ten aanzien van": "over",
    "ten behoeve van": "voor",
    "tevens": "ook",
    "thans": "nu",
    "trachten": "proberen",
    "verstrekken": "geven",
    "woonachtig": "wonen",
    "zulks": "dat",
    # Jargon.
    "convenant": "afspraak",
    "database": "zeg wat het doet: ‘een eenvoudiger zoekfunctie’",
    "extensie": "de letters na de punt in de bestandsnaam",
    "nulmeting": "hoe het toen was",
}
OFFICIAL_WORD = re.compile(
    r"\b(" + "|".join(re.escape(word) for word in OFFICIALESE) + r")\b", re.IGNORECASE
)
# "welke" and "welk" after a comma start a relative clause ("de trede, welke ..."): "die", "dat".
# As a question word ("Welke vorm past?") they are plain Dutch.
RELATIVE_WELKE = re.compile(r",\s*(welke?)\b", re.IGNORECASE)


def officialese(msgid):
    text = readable(msgid)
    found = [f"‘{word}’ → {OFFICIALESE[word.lower()]}" for word in OFFICIAL_WORD.findall(text)] + [
        f"‘, {word}’ → die, dat" for word in RELATIVE_WELKE.findall(text)
    ]
    return "; ".join(found)


def test_the_visitor_text_has_no_officialese_or_jargon(messages):
    found = offenders(messages, officialese)
    assert not found, "Officialese or jargon in visitor text (word → plain word):\n" + found


# b. Short sentences --------------------------------------------------------------------------

MAX_WORDS = 25
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
# A quotation between typographic quotes (a cited phrase, a button's name) is not our sentence.
QUOTED = re.compile(r"[‘“].*?[’”](?!\w)")
WORD = re.compile(r"[\w’'-]+")


def long_sentences(msgid):
    sentences = SENTENCE_END.split(QUOTED.sub("", readable(msgid)))
    lengths = [len(WORD.findall(sentence)) for sentence in sentences]
    return "; ".join(f"a sentence of {n} words" for n in lengths if n > MAX_WORDS)


def test_the_visitor_text_has_sentences_of_at_most_25_words(messages):
    found = offenders(messages, long_sentences)
    assert not found, f"Sentences longer than {MAX_WORDS} words:\n" + found


# c. One spelling of recurring words ----------------------------------------------------------

# A spelling we do not use → the one we use. The site's own name is a name: "Praktijkbank";
# the site is "de site", not also "het platform".
SPELLINGS = [
    (re.compile(r"\bwin[- ]?win[- ]+situatie", re.IGNORECASE), "win-winsituatie"),
    (re.compile(r"\bwinwin", re.IGNORECASE), "win-winsituatie"),
    (re.compile(r"\bemail", re.IGNORECASE), "e-mail"),
    (re.compile(r"\be-mail[- ]adres", re.IGNORECASE), "e-mailadres"),
    (re.compile(r"\bdoe ?democratie", re.IGNORECASE), "doe-democratie"),
    (re.compile(r"\bpraktijkbank\b"), "Praktijkbank"),
    (re.compile(r"\bhome ?page\b", re.IGNORECASE), "homepagina"),
    (re.compile(r"\benquete", re.IGNORECASE), "enquête"),
    (re.compile(r"\bparticipatieladder", re.IGNORECASE), "participatietrap"),
    (re.compile(r"\bzoekterm", re.IGNORECASE), "zoekwoord"),
    (re.compile(r"\bplatform", re.IGNORECASE), "site"),
]


def other_spellings(msgid):
    text = readable(msgid)
    return "; ".join(
        f"‘{match}’ → {right}" for wrong, right in SPELLINGS for match in wrong.findall(text)
    )


def test_recurring_words_have_one_spelling(messages):
    found = offenders(messages, other_spellings)
    assert not found, "Another spelling than the site's (found → ours):\n" + found


# d. Typographic quotes -----------------------------------------------------------------------

# The site quotes with ‘…’ and writes the apostrophe as ’ (pagina’s). Inside an HTML tag a
# straight quote is code (href="…"), so tags are left out first.
OTHER_QUOTES = re.compile(r"[\"'“”„`]")


def straight_quotes(msgid):
    found = OTHER_QUOTES.findall(readable(msgid))
    return "; ".join(f"{mark} → ‘…’ or ’" for mark in found)


def test_the_visitor_text_quotes_with_typographic_single_quotes(messages):
    found = offenders(messages, straight_quotes)
    assert not found, "Quotation marks other than ‘…’ and the apostrophe ’:\n" + found


# e. Abbreviations ----------------------------------------------------------------------------

# An abbreviation is written out where it is used, with the abbreviation in brackets after it:
# "Raad voor het Openbaar Bestuur (ROB)". A msgid can be shown on its own, so it explains its
# own abbreviations.
ABBREVIATIONS = {
    "AVG": "Algemene verordening gegevensbescherming",
    "Awb": "Algemene wet bestuursrecht",
    "BIZ": "bedrijveninvesteringszone",
    "BZK": "Binnenlandse Zaken en Koninkrijksrelaties",
    "CBS": "Centraal Bureau voor de Statistiek",
    "KvK": "Kamer van Koophandel",
    "ROB": "Raad voor het Openbaar Bestuur",
    "VNG": "Vereniging van Nederlandse Gemeenten",
    "Wmo": "Wet maatschappelijke ondersteuning",
}
# Names a reader knows from their own computer (file types, sizes): no explanation needed.
WELL_KNOWN = {"DOCX", "JPEG", "MB", "ODT", "PDF", "PNG", "XLSX"}
CAPITALS = re.compile(r"\b[A-Z][a-z]?[A-Z][A-Za-z]*\b")  # ROB, KvK, DOCX; not "Wat"


def unexplained_abbreviations(msgid):
    text = readable(msgid)
    words = set(CAPITALS.findall(text)) | {a for a in ABBREVIATIONS if re.search(rf"\b{a}\b", text)}
    problems = []
    for word in sorted(words - WELL_KNOWN):
        if word not in ABBREVIATIONS:
            problems.append(f"{word}: unknown; add it to ABBREVIATIONS or WELL_KNOWN")
        elif ABBREVIATIONS[word].lower() not in text.lower():
            problems.append(f"{word}: write ‘{ABBREVIATIONS[word]} ({word})’")
    return "; ".join(problems)


def test_abbreviations_are_written_out_where_they_are_used(messages):
    found = offenders(messages, unexplained_abbreviations)
    assert not found, "Abbreviations without their meaning:\n" + found


# The rules themselves ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "wrong", "right"),
    [
        (
            officialese,
            "Indien u dat wilt, kunt u reeds beginnen.",
            "Als u wilt, kunt u al beginnen.",
        ),
        (officialese, "Kies de trede, welke het best past.", "Welke trede past het best?"),
        (long_sentences, " ".join(["woord"] * 26) + ".", " ".join(["woord"] * 25) + "."),
        (long_sentences, ", ".join(["woord"] * 26), "Kort. " * 30),
        (
            long_sentences,
            "Klik op " + " ".join(["Opslaan"] * 30) + ".",
            "Klik op ‘" + " ".join(["Opslaan"] * 30) + "’.",
        ),
        (other_spellings, "Een win-win situatie per email.", "Een win-winsituatie per e-mail."),
        (other_spellings, "Zoek in de praktijkbank.", "Zoek in de Praktijkbank."),
        (straight_quotes, "Klik op \"Verder\" of op 'Terug'.", "Klik op ‘Verder’ of op ‘Terug’."),
        (straight_quotes, "Zo veel pagina's.", 'Zie <a href="/x/">pagina’s</a>.'),
        (
            unexplained_abbreviations,
            "Het ROB noemt vijf treden.",
            "De Raad voor het Openbaar Bestuur (ROB) noemt vijf treden.",
        ),
        (unexplained_abbreviations, "Volgens de XYZ is dat zo.", "Stuur een PDF van 2 MB."),
    ],
)
def test_each_rule_finds_what_it_names_and_lets_plain_text_pass(rule, wrong, right):
    assert rule(wrong)
    assert not rule(right)
