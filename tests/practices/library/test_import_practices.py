"""`manage.py import_practices FILE`: the export the other way round.

The export's CSV and JSON, and a spreadsheet (XLSX, ODS) with its columns, create or update
practice pages below the practice index; every row is checked and every problem named with
its row and column; one problem anywhere and nothing is written.
"""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from wagtail.models import Revision

from practices.library.importing import TAXONOMY
from practices.library.models import PracticeFactor, PracticeIndexPage, PracticePage
from practices.municipalities.models import Municipality
from search.exports import COLUMN_NAMES
from search.query import SearchQuery
from search.service import search

pytestmark = pytest.mark.django_db

CSV_URL, JSON_URL = "/api/v1/practices/export.csv", "/api/v1/practices/export.json"
# What cannot survive a round trip: Wagtail sets the publication times when the import
# publishes, not the file. (The rows' order follows those times too, newest first, so the
# rows are compared by their address.) Every other column must come back exactly.
NOT_KEPT = ("first_published", "last_published")
YEARS = ("start_year", "end_year", "status_year")


def exported(client, url=CSV_URL):
    return b"".join(client.get(url).streaming_content).decode("utf-8")


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def comparable(rows):
    kept = [{name: value for name, value in row.items() if name not in NOT_KEPT} for row in rows]
    return sorted(kept, key=lambda row: row["url"])


def import_file(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_practices", str(path), *options, stdout=out, stderr=err)
    return out.getvalue()


def problems_of(path, *options):
    with pytest.raises(CommandError) as raised:
        import_file(path, *options)
    return str(raised.value)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change queues on commit (the search index work), as a commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def empty_site(committed):
    """The demo without its practice pages: taxonomy, municipalities and tools stay."""

    def delete():
        index = PracticeIndexPage.objects.get()
        for page in PracticePage.objects.child_of(index):
            page.delete()

    return lambda: committed(delete)


def write_csv(path, rows, columns=COLUMN_NAMES):
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def typed(name, value):
    """A cell as a spreadsheet holds it: years as numbers, yes/no as a boolean."""
    if name in YEARS and value.isdigit():
        return int(value)
    if name == "fictitious" and value in ("true", "false"):
        return value == "true"
    return value


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append([typed(name, row[name]) for name in COLUMN_NAMES])
    workbook.save(path)
    return path


def ods_cell(value):
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, int):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    if value != "":
        paragraph = P()
        teletype.addTextToElement(paragraph, str(value).lower() if value is True else str(value))
        cell.addElement(paragraph)
    return cell


def write_ods(path, rows):
    document = OpenDocumentSpreadsheet()
    table = Table(name="praktijken")
    lines = [list(COLUMN_NAMES)]
    lines += [[typed(name, row[name]) for name in COLUMN_NAMES] for row in rows]
    for line in lines:
        table_row = TableRow()
        for value in line:
            table_row.addElement(ods_cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def practice_rows(client):
    return [row for row in csv_rows(exported(client)) if row["type"] == "praktijk"]


def new_row(client, **cells):
    """A practice the site does not have yet, copied from the first of the export."""
    row = dict(practice_rows(client)[0])
    row.update(url="http://elders.example/praktijken/kabouterfietsplan/", title="Kabouterfietsplan")
    row.update(cells)
    return row


# Round trips ----------------------------------------------------------------------------------
def test_the_csv_export_imported_into_an_empty_site_exports_the_same(
    client, tmp_path, empty_site, committed
):
    before = exported(client)
    path = tmp_path / "export.csv"
    path.write_text(before, encoding="utf-8")
    empty_site()
    assert not PracticePage.objects.exists()
    committed(lambda: import_file(path, "--publish"))
    after = exported(client)
    assert comparable(csv_rows(after)) == comparable(csv_rows(before))
    assert list(csv_rows(after)[0]) == list(COLUMN_NAMES)


def test_the_json_export_imported_into_an_empty_site_exports_the_same(
    client, tmp_path, empty_site, committed
):
    before = json.loads(exported(client, JSON_URL))
    path = tmp_path / "export.json"
    path.write_text(json.dumps(before), encoding="utf-8")
    empty_site()
    committed(lambda: import_file(path, "--publish"))
    after = json.loads(exported(client, JSON_URL))
    assert comparable(after["practices"]) == comparable(before["practices"])
    assert (after["count"], after["licence"]) == (before["count"], before["licence"])


@pytest.mark.parametrize(("write", "suffix"), [(write_xlsx, "xlsx"), (write_ods, "ods")])
def test_a_spreadsheet_of_the_export_imported_into_an_empty_site_exports_the_same(
    client, tmp_path, empty_site, committed, write, suffix
):
    before = csv_rows(exported(client))
    path = write(tmp_path / f"export.{suffix}", before)
    empty_site()
    committed(lambda: import_file(path, "--publish"))
    assert comparable(csv_rows(exported(client))) == comparable(before)


def test_importing_the_same_file_again_updates_rather_than_duplicates(client, tmp_path):
    path = write_csv(tmp_path / "export.csv", practice_rows(client))
    count = PracticePage.objects.count()
    output = import_file(path, "--publish")
    assert PracticePage.objects.count() == count
    assert f"Aangemaakt: 0, bijgewerkt: {count}" in output


# What is written ------------------------------------------------------------------------------
def test_an_import_makes_drafts_unless_asked_to_publish(client, tmp_path):
    import_file(write_csv(tmp_path / "new.csv", [new_row(client)]))
    page = PracticePage.objects.get(slug="kabouterfietsplan")
    assert not page.live
    assert page.latest_revision is not None
    assert page.get_parent().specific_class is PracticeIndexPage


def test_an_import_writes_municipality_taxonomy_factors_and_tags(client, tmp_path):
    municipality = Municipality.objects.order_by("name").last()
    row = new_row(
        client,
        municipality_cbs_code=municipality.cbs_code,
        form_slugs="zelfbeheer-openbare-ruimte",
        success_factor_slugs="",
        failure_factor_slugs="",
        tags="fietsen | kabouters",
        fictitious="true",
    )
    factor = PracticeFactor.objects.first().factor
    row["failure_factor_slugs"] = factor.slug
    import_file(write_csv(tmp_path / "new.csv", [row]), "--publish")
    page = PracticePage.objects.get(slug="kabouterfietsplan")
    assert page.live and page.illustrative
    assert page.municipality == municipality
    assert [form.slug for form in page.forms.all()] == ["zelfbeheer-openbare-ruimte"]
    assert [(use.kind, use.factor) for use in page.factors.all()] == [("failure", factor)]
    assert sorted(page.tags.names()) == ["fietsen", "kabouters"]


def test_an_update_keeps_the_editors_explanation_of_a_factor(client, tmp_path):
    use = PracticeFactor.objects.filter(page__live=True).first()
    use.explanation = "Zo ging het hier."
    use.save()
    rows = [row for row in practice_rows(client) if row["title"] == use.page.title]
    import_file(write_csv(tmp_path / "again.csv", rows), "--publish")
    assert PracticeFactor.objects.get(pk=use.pk).explanation == "Zo ging het hier."


def test_published_imports_are_found_by_the_search(client, tmp_path, committed):
    row = new_row(client, summary="Kabouters repareren fietsen in de bibliotheek.")
    committed(lambda: import_file(write_csv(tmp_path / "new.csv", [row]), "--publish"))
    titles = [hit.title for hit in search(SearchQuery.build(text="kabouterfietsplan")).hits]
    assert titles == ["Kabouterfietsplan"]


def test_drafts_are_not_found_by_the_search(client, tmp_path, committed):
    committed(lambda: import_file(write_csv(tmp_path / "new.csv", [new_row(client)])))
    assert not search(SearchQuery.build(text="kabouterfietsplan")).hits


def test_tools_in_the_file_are_skipped_with_a_note(client, tmp_path):
    rows = csv_rows(exported(client))
    tools = [row for row in rows if row["type"] == "instrument"]
    assert tools
    output = import_file(write_csv(tmp_path / "export.csv", rows), "--dry-run")
    assert output.count("een instrument; instrumenten importeren we niet") == len(tools)


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(client, tmp_path):
    path = write_csv(tmp_path / "new.csv", [new_row(client), practice_rows(client)[1]])
    revisions = Revision.objects.count()
    output = import_file(path, "--dry-run", "--publish")
    assert "Rij 2: nieuw: Kabouterfietsplan" in output
    assert "Rij 3: bijgewerkt:" in output
    assert "Zou aanmaken: 1, bijwerken: 1" in output
    assert not PracticePage.objects.filter(slug="kabouterfietsplan").exists()
    assert Revision.objects.count() == revisions


# Problems -------------------------------------------------------------------------------------
def test_an_unknown_slug_is_named_with_its_row_and_column(client, tmp_path):
    rows = practice_rows(client)[:3]
    rows[1]["form_slugs"] = "zelfbeheer"
    message = problems_of(write_csv(tmp_path / "bad.csv", rows))
    assert "Rij 3, kolom form_slugs: ‘zelfbeheer’ kennen we niet als vorm. Kies een van:" in message
    assert "zelfbeheer-openbare-ruimte" in message


def test_every_problem_of_the_file_is_listed_not_only_the_first(client, tmp_path):
    rows = practice_rows(client)[:3]
    rows[0]["municipality_cbs_code"] = "GM9999"
    rows[2]["start_year"] = "ooit"
    rows[2]["failure_factor_slugs"] = "pech"
    message = problems_of(write_csv(tmp_path / "bad.csv", rows))
    assert "3 problemen" in message
    assert "Rij 2, kolom municipality_cbs_code: ‘GM9999’ kennen we niet" in message
    assert "Rij 4, kolom start_year: ‘ooit’ is geen jaartal." in message
    assert "Rij 4, kolom failure_factor_slugs: ‘pech’ kennen we niet als factor." in message


def test_a_municipality_named_without_its_code_is_a_problem_never_a_guess(client, tmp_path):
    row = new_row(client, municipality="Amsterdam", municipality_cbs_code="")
    message = problems_of(write_csv(tmp_path / "bad.csv", [row]))
    assert "Rij 2, kolom municipality_cbs_code: leeg, maar kolom municipality noemt" in message


def test_what_saving_checks_is_a_row_problem_too(client, tmp_path):
    row = new_row(client, status="gestopt", stop_reason="", start_year="2020", end_year="2010")
    message = problems_of(write_csv(tmp_path / "bad.csv", [row]))
    assert "Rij 2, kolom stop_reason: Vertel kort waarom de praktijk is gestopt." in message
    assert "Rij 2, kolom end_year: Het eindjaar kan niet voor het startjaar liggen." in message


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("start_year", "99999999999999999999", "Vul een jaar in tussen 1900 en"),
        ("status_year", "1850", "Vul een jaar in tussen 1900 en"),
        ("url", "/praktijken/" + "x" * 300 + "/", "Rij 2, kolom url:"),
        ("url", "/praktijken/twee woorden/", "Rij 2, kolom url:"),
    ],
)
def test_a_value_the_database_cannot_hold_is_a_row_problem(
    client, tmp_path, column, value, message
):
    # A draft is saved before Wagtail checks it in full: these must be caught before.
    row = new_row(client, **{column: value})
    assert message in problems_of(write_csv(tmp_path / "bad.csv", [row]))


def test_the_same_practice_twice_in_one_file_is_a_problem(client, tmp_path):
    row = practice_rows(client)[0]
    message = problems_of(write_csv(tmp_path / "twice.csv", [row, row]))
    assert "Rij 3, kolom url: dezelfde praktijk als rij 2" in message


def test_a_file_of_another_kind_is_refused_plainly(tmp_path):
    path = tmp_path / "practices.txt"
    path.write_text("title\nIets\n")
    assert "dit soort bestand kunnen we niet lezen" in problems_of(path)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bad=st.integers(min_value=0, max_value=3))
def test_one_bad_row_anywhere_writes_nothing(client, tmp_path, bad):
    rows = [*practice_rows(client)[:3], new_row(client)]
    rows[bad] = {**rows[bad], "sector_slugs": "nergens"}
    pages, revisions = PracticePage.objects.count(), Revision.objects.count()
    message = problems_of(write_csv(tmp_path / "bad.csv", rows), "--publish")
    assert f"Rij {bad + 2}, kolom sector_slugs: ‘nergens’" in message
    assert (PracticePage.objects.count(), Revision.objects.count()) == (pages, revisions)


# Generated input ------------------------------------------------------------------------------
def outcome(path):
    """A success or a CommandError: anything else (a traceback) fails the test."""
    try:
        import_file(path, "--publish")
    except CommandError as error:
        assert str(error).startswith("Niets geïmporteerd") or "niet te lezen" in str(error)


ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
SLUGS = st.sampled_from(["zelfbeheer-openbare-ruimte", "zelfbeheer", "", " | ", "GM0363"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(column=st.sampled_from(COLUMN_NAMES), value=st.one_of(ANY_TEXT, SLUGS))
def test_any_text_in_any_csv_column_is_a_row_problem_or_a_success(client, tmp_path, column, value):
    row = {**new_row(client), column: value}
    outcome(write_csv(tmp_path / "any.csv", [row]))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=2),
    max_leaves=5,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    column=st.sampled_from((*COLUMN_NAMES, *TAXONOMY)),
    value=JSON_VALUES,
)
def test_any_value_in_any_json_column_is_a_row_problem_or_a_success(
    client, tmp_path, column, value
):
    path = tmp_path / "any.json"
    path.write_text(json.dumps({"practices": [{**new_row(client), column: value}]}))
    outcome(path)
