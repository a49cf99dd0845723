"""Imports municipalities from a CBS-style CSV file, all rows or none.

Expected columns (header row, comma or semicolon separated, UTF-8):

====================  =====================================  =========
column                also accepted (CBS open data names)     required
====================  =====================================  =========
``cbs_code``          ``GemeentecodeGM``, ``Gemeentecode``    yes
``name``              ``Gemeentenaam``                        yes
``province``          ``Provincienaam``                       yes
``inhabitants``       ``Inwoners``, ``Bevolking``             no
``inhabitants_date``  ``Peildatum`` (``2024-01-01``)          no
====================  =====================================  =========

A bare four-digit ``Gemeentecode`` (``0193``) is read as ``GM0193``. A row without inhabitants
leaves the figure a municipality already has. The errors are for the person who runs the
import: Dutch, through gettext, each with its line number.
"""

import csv
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Municipality, Province, cbs_code_validator

COLUMN_ALIASES = {
    "cbs_code": ("cbs_code", "gemeentecodegm", "gemeentecode"),
    "name": ("name", "gemeentenaam"),
    "province": ("province", "provincienaam"),
    "inhabitants": ("inhabitants", "inwoners", "bevolking"),
    "inhabitants_date": ("inhabitants_date", "peildatum"),
}
REQUIRED = ("cbs_code", "name", "province")


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` lists every problem with its line number."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rows: list = field(default_factory=list)


def read_rows(text):
    """The rows of the CSV text as dictionaries keyed by our column names."""
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    columns = _map_columns(reader.fieldnames or [])
    for row in reader:
        yield {ours: (row.get(theirs) or "").strip() for ours, theirs in columns.items()}


def _map_columns(fieldnames):
    normalised = {name.strip().lower().lstrip("\ufeff"): name for name in fieldnames}
    columns = {}
    for ours, aliases in COLUMN_ALIASES.items():
        found = next((normalised[a] for a in aliases if a in normalised), None)
        if found:
            columns[ours] = found
        elif ours in REQUIRED:
            message = _("Kolom '%(column)s' ontbreekt (of een van: %(aliases)s).")
            raise ImportFailed([message % {"column": ours, "aliases": ", ".join(aliases)}])
    return columns


def clean_row(row):
    """The model fields for one row; raises ValidationError with a message for people."""
    code = row["cbs_code"].upper()
    if code.isdigit():
        code = f"GM{code.zfill(4)}"
    cbs_code_validator(code)
    province = Province.from_label(row["province"])
    if province is None:
        raise ValidationError(
            _("Onbekende provincie '%(province)s'."),
            code="unknown_province",
            params={"province": row["province"]},
        )
    if not row["name"]:
        raise ValidationError(_("De gemeentenaam ontbreekt."), code="required")
    inhabitants = row.get("inhabitants", "").replace(".", "").replace(" ", "")
    if inhabitants and not inhabitants.isdigit():
        raise ValidationError(
            _("Aantal inwoners '%(inhabitants)s' is geen geheel getal."),
            code="invalid_inhabitants",
            params={"inhabitants": row["inhabitants"]},
        )
    fields = {"cbs_code": code, "name": row["name"][:100], "province": province.value}
    if inhabitants:
        fields["inhabitants"] = int(inhabitants)
        fields["inhabitants_date"] = _reference_date(row.get("inhabitants_date", ""))
    return fields


def _reference_date(text):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("Peildatum '%(date)s' is geen datum zoals 2024-01-01."),
            code="invalid_inhabitants_date",
            params={"date": text},
        ) from None


def clean_rows(text):
    """The model fields of every row, or ImportFailed listing every problem by line."""
    errors, cleaned = [], []
    for line, row in enumerate(read_rows(text), start=2):
        try:
            cleaned.append(clean_row(row))
        except ValidationError as error:
            errors.extend(
                _("Regel %(line)s: %(message)s") % {"line": line, "message": message}
                for message in error.messages
            )
    if errors:
        raise ImportFailed(errors)
    return cleaned


def import_municipalities(text, progress=None):
    """Creates or updates every municipality in the CSV text, or changes nothing on any error.

    The file is the authority for name and province. A row without inhabitants keeps the
    figure (and its reference date) the municipality has: a list of codes and names must not
    erase the figures someone entered or imported earlier.
    """
    cleaned = clean_rows(text)
    result = ImportResult(rows=cleaned)
    with transaction.atomic():
        for fields in cleaned:
            _municipality, created = Municipality.objects.update_or_create(
                cbs_code=fields["cbs_code"], defaults=fields
            )
            result.created += created
            result.updated += not created
            if progress:
                progress()
    return result
