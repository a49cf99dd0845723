"""Municipalities: validated CBS codes, a derived size class, and an all-or-nothing CSV import."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from practices.municipalities import importing, models
from practices.municipalities.importing import ImportFailed, import_municipalities
from practices.municipalities.management.commands import import_municipalities as command
from practices.municipalities.models import Municipality, Province
from tests.msgids import is_translatable

pytestmark = pytest.mark.django_db

VALID_CODE = st.from_regex(r"\AGM[0-9]{4}\Z")


def municipality(**fields):
    defaults = {"name": "Testdorp", "cbs_code": "GM9999", "province": Province.UTRECHT}
    return Municipality(**{**defaults, **fields})


@given(code=st.text(max_size=12).filter(lambda text: not _is_valid_code(text)))
def test_a_code_that_is_not_gm_and_four_digits_is_refused_in_plain_dutch(code):
    with pytest.raises(ValidationError) as error:
        municipality(cbs_code=code).full_clean()
    assert "cbs_code" in error.value.message_dict


@given(code=VALID_CODE)
def test_every_gm_code_with_four_digits_is_accepted(code):
    municipality(cbs_code=code).full_clean(validate_unique=False)


def _is_valid_code(text):
    return len(text) == 6 and text.startswith("GM") and text[2:].isascii() and text[2:].isdigit()


def test_the_error_message_shows_an_example():
    with pytest.raises(ValidationError) as error:
        municipality(cbs_code="0193").full_clean()
    assert "GM0193" in error.value.message_dict["cbs_code"][0]


def test_size_class_follows_from_inhabitants_and_is_not_stored():
    assert municipality(inhabitants=131_000).size_class.slug == "100000-plus"
    assert municipality(inhabitants=10_300).size_class.slug == "tot-20000"
    assert municipality(inhabitants=None).size_class is None
    assert "size_class" not in {field.name for field in Municipality._meta.get_fields()}


def test_demo_municipalities_span_all_four_size_classes():
    counted = Municipality.objects.exclude(inhabitants=None)
    classes = {m.size_class.slug for m in counted}
    assert classes == {"tot-20000", "20000-50000", "50000-100000", "100000-plus"}


# Amsterdam and the fictitious GM9901 and GM9902 are new; the demo has Zwolle already.
CBS_CSV = """GemeentecodeGM;Gemeentenaam;Provincienaam;Inwoners
GM0363;Amsterdam;Noord-Holland;931.298
9901;Nieuwdorp;Friesland;125000
GM9902;Oudedorp;Zeeland;4000
GM0193;Zwolle;Overijssel;132000
"""


def test_import_reads_cbs_column_names_and_updates_existing_municipalities():
    result = import_municipalities(CBS_CSV)
    assert (result.created, result.updated) == (3, 1)
    assert Municipality.objects.get(cbs_code="GM0363").inhabitants == 931_298
    assert Municipality.objects.get(cbs_code="GM9901").province == Province.FRYSLAN
    assert Municipality.objects.get(cbs_code="GM0193").inhabitants == 132_000


def test_import_with_one_bad_row_stores_nothing_and_names_the_line():
    before = set(Municipality.objects.values_list("cbs_code", "inhabitants"))
    bad = CBS_CSV + "GMXX12;Nergens;Atlantis;veel\n"
    with pytest.raises(ImportFailed) as failure:
        import_municipalities(bad)
    assert any(message.startswith("Regel 6:") for message in failure.value.errors)
    assert set(Municipality.objects.values_list("cbs_code", "inhabitants")) == before


def test_import_without_a_required_column_says_which():
    with pytest.raises(ImportFailed) as failure:
        import_municipalities("code,naam\nGM0001,Test\n")
    assert "cbs_code" in failure.value.errors[0]


def test_every_import_error_is_a_message_gettext_translates():
    header = "GemeentecodeGM;Gemeentenaam;Provincienaam;Inwoners;Peildatum\n"
    rows = ["GMXX12;Nergens;Utrecht;1;", "GM0001;Nergens;Atlantis;1;", "GM0002;;Utrecht;1;"]
    rows += ["GM0003;Hier;Utrecht;veel;", "GM0004;Daar;Utrecht;1;1 januari 2024"]
    with pytest.raises(ImportFailed) as failure:
        import_municipalities(header + "\n".join(rows) + "\n")
    errors = failure.value.errors
    lines = ["Regel 2", "Regel 3", "Regel 4", "Regel 5", "Regel 6"]
    assert [error.split(":")[0] for error in errors] == lines
    for error in errors:
        reason = error.split(": ", 1)[1]
        assert is_translatable(error, importing), error
        assert is_translatable(reason, importing, models), reason
    with pytest.raises(ImportFailed) as failure:
        import_municipalities("code,naam\nGM0001,Test\n")
    assert is_translatable(failure.value.errors[0], importing), failure.value.errors[0]


def test_the_import_command_reports_in_words_gettext_translates(tmp_path):
    csv_file = tmp_path / "gemeenten.csv"
    csv_file.write_text(CBS_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_municipalities", csv_file, stdout=out)
    assert out.getvalue().strip() == "3 gemeenten toegevoegd, 1 bijgewerkt."
    assert is_translatable(out.getvalue().strip(), command)
    csv_file.write_text(CBS_CSV + "GMXX12;Nergens;Atlantis;veel\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Niets geïmporteerd") as failure:
        call_command("import_municipalities", csv_file, stdout=io.StringIO())
    assert is_translatable(failure.value, command)
    with pytest.raises(CommandError, match="niet lezen") as failure:
        call_command("import_municipalities", tmp_path / "ontbreekt.csv")
    assert is_translatable(failure.value, command)


def test_demo_municipalities_are_stored_with_valid_provinces():
    for item in Municipality.objects.all():
        item.full_clean()
