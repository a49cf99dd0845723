"""The repository describes itself: licence, publiccode.yml, changelog, contributing and security.

publiccode.yml is checked against tests/publiccode_standard.py, a JSON Schema transcribed from
the Standard for Public Code 0.7. It is not the official validator, so the tests also show that
the schema rejects what the standard forbids. The official one, italia's publiccode-parser, is
a Go module that platform/test cannot install; where it is on PATH, it checks the file too.
"""

import copy
import datetime
import hashlib
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

from tests.publiccode_standard import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# The English EUPL-1.2 as the SPDX licence list carries it (npm package spdx-license-list
# 6.12.0, licenses/EUPL-1.2.json, "licenseText", plus a final newline); the same words as
# scancode-toolkit 32.5.0's eupl-1.2.LICENSE. A legal text is kept byte for byte.
EUPL_1_2_SHA256 = "57fb42fbcd0b037ce528ed8f72f1ec095d67bc6825ecf1448ff39be1fe68a4b4"
RELEASE = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})$", re.M)
KEEP_A_CHANGELOG_SECTIONS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def publiccode():
    # The standard mandates UTF-8: reading with a strict decoder checks it.
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8", errors="strict"))


def releases():
    text = (ROOT / "CHANGELOG.md").read_text()
    return [(match["version"], match["date"]) for match in RELEASE.finditer(text)]


def standard_errors(document):
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


# --- LICENSE -------------------------------------------------------------------------------


def test_the_licence_is_the_english_eupl_1_2_unchanged():
    text = (ROOT / "LICENSE").read_bytes()

    assert text.startswith(b"EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    assert hashlib.sha256(text).hexdigest() == EUPL_1_2_SHA256


def test_the_licence_text_has_its_fifteen_articles_and_the_appendix():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    articles = re.findall(r"^(\d+)\.\s?[A-Z]", text, re.M)

    assert articles == [str(number) for number in range(1, 16)]
    assert "‘Compatible Licences’ according to Article 5 EUPL are:" in text


def test_the_package_and_publiccode_declare_the_licence_of_the_licence_file():
    assert PYPROJECT["license"] == "EUPL-1.2"
    assert publiccode()["legal"]["license"] == "EUPL-1.2"


# --- publiccode.yml ------------------------------------------------------------------------


def test_publiccode_yml_follows_the_standard():
    assert standard_errors(publiccode()) == []


# The reference parser (italia/publiccode-parser-go) accepted this file once, built by hand
# from a snapshot (`publiccode-parser -no-network -json publiccode.yml` → [], rc 0); the Go
# module proxy does not serve it, so no test here can run it from a clean clone.


def test_publiccode_yml_uses_the_newest_version_of_the_standard():
    assert publiccode()["publiccodeYmlVersion"] == "0.7"


def _without(document, *path):
    *parents, key = path
    for parent in parents:
        document = document[parent]
    del document[key]


def _set(document, value, *path):
    *parents, key = path
    for parent in parents:
        document = document[parent]
    document[key] = value


BREAKING = {
    "no name": lambda d: _without(d, "name"),
    "no url": lambda d: _without(d, "url"),
    "no description": lambda d: _set(d, {}, "description"),
    "no maintenance contacts": lambda d: _without(d, "maintenance", "contacts"),
    "contractors without a contract": lambda d: _set(
        d, [{"name": "X", "until": "2030-01-01"}], "maintenance", "contractors"
    ),
    "an unknown key": lambda d: _set(d, "yes", "nl"),
    "an unknown category": lambda d: _set(d, ["civic-tech"], "categories"),
    "an unknown software type": lambda d: _set(d, "standalone", "softwareType"),
    "a short description over 150 characters": lambda d: _set(
        d, "x" * 151, "description", "nl", "shortDescription"
    ),
    "a long description under 150 characters": lambda d: _set(
        d, "x" * 149, "description", "en", "longDescription"
    ),
    "no features": lambda d: _set(d, [], "description", "nl", "features"),
    "a date that does not exist": lambda d: _set(d, "2026-02-30", "releaseDate"),
    "a language tag that is no BCP 47 tag": lambda d: _set(
        d, ["nl_NL"], "localisation", "availableLanguages"
    ),
    "localisationReady as text": lambda d: _set(d, "true", "localisation", "localisationReady"),
    "an unknown alias in supports": lambda d: _set(d, [{"id": "alias:avg"}], "supports"),
}


@pytest.mark.parametrize("breaking", BREAKING.values(), ids=BREAKING.keys())
def test_the_standards_schema_rejects_what_the_standard_forbids(breaking):
    document = copy.deepcopy(publiccode())
    breaking(document)

    assert standard_errors(document) != []


def test_publiccode_describes_the_sites_languages_in_each_of_them():
    site_languages = [code for code, _name in settings.LANGUAGES]
    document = publiccode()

    assert document["localisation"] == {
        "localisationReady": True,
        "availableLanguages": site_languages,
    }
    assert list(document["description"]) == site_languages


def test_publiccode_names_the_newest_release_of_the_changelog():
    document = publiccode()
    version, date = releases()[0]

    assert (document["softwareVersion"], document["releaseDate"]) == (version, date)
    assert datetime.date.fromisoformat(date) <= datetime.date.today()


def test_every_placeholder_in_publiccode_is_marked_as_one():
    lines = (ROOT / "publiccode.yml").read_text().splitlines()
    placeholders = [line for line in lines if "example.org" in line or "PLACEHOLDER" in line]

    assert placeholders, "the repository's URL and the contact are still placeholders"
    assert all("PLACEHOLDER" in line for line in placeholders if not line.lstrip().startswith("#"))


# --- CHANGELOG.md --------------------------------------------------------------------------


def test_the_changelog_keeps_an_unreleased_section_above_its_releases():
    text = (ROOT / "CHANGELOG.md").read_text()

    assert text.startswith("# Changelog\n")
    assert text.index("## [Unreleased]") < RELEASE.search(text).start()


def test_the_changelogs_releases_run_from_newest_to_oldest():
    listed = releases()
    newest_first = sorted(
        listed, key=lambda release: tuple(map(int, release[0].split("."))), reverse=True
    )

    assert listed == newest_first
    assert [date for _version, date in listed] == sorted((d for _v, d in listed), reverse=True)


def test_the_changelog_groups_changes_under_keep_a_changelogs_headings():
    headings = re.findall(r"^### (.+)$", (ROOT / "CHANGELOG.md").read_text(), re.M)

    assert headings
    assert set(headings) <= KEEP_A_CHANGELOG_SECTIONS


def test_the_packages_version_is_a_release_in_the_changelog():
    assert PYPROJECT["version"] in [version for version, _date in releases()]


# --- CONTRIBUTING.md and SECURITY.md -------------------------------------------------------


def test_the_paths_contributing_names_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    named = set(
        re.findall(
            r"`((?:platform|tests|locale|config|practices|search|templates|\.ci)/[^`\s]*)`", text
        )
    )
    named |= set(re.findall(r"`([A-Z]+\.md|LICENSE|pyproject\.toml)`", text))

    assert named
    assert [path for path in sorted(named) if not (ROOT / path.rstrip("/")).exists()] == []


def test_the_commands_contributing_gives_are_the_readmes():
    readme = (ROOT / "README.md").read_text()
    contributing = (ROOT / "CONTRIBUTING.md").read_text()

    for command in ("platform/run", "platform/test"):
        assert command in readme
        assert command in contributing
        assert (ROOT / command).stat().st_mode & 0o111, f"{command} is not executable"


def test_the_security_policy_marks_its_contact_as_a_placeholder():
    lines = (ROOT / "SECURITY.md").read_text().splitlines()
    contact = [line for line in lines if "@" in line]

    assert contact
    assert all("PLACEHOLDER" in line for line in contact)
