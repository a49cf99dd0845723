"""What an uploaded file really is, read from its content; the file name only has to agree.

Accepted: PDF, ODT, DOCX, XLSX, PNG and JPEG. PDF, PNG and JPEG are recognised by their first
bytes (PNG and JPEG are also opened with Pillow, which Wagtail already needs). ODT, DOCX and
XLSX are zip files: we open the zip and look at the members that define the format (ODT's
``mimetype`` member, the OOXML ``[Content_Types].xml`` with ``word/`` or ``xl/``), without
unpacking anything else.
"""

import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_ZIP_MEMBERS = 10_000
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    mime: str
    extensions: tuple


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind("odt", "ODT", "application/vnd.oasis.opendocument.text", (".odt",)),
        FileKind(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind("png", "PNG", "image/png", (".png",)),
        FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
    )
}
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]
ALLOWED_LABELS = "PDF, ODT, DOCX, XLSX, PNG of JPEG"


def kind_for_extension(name):
    extension = os.path.splitext(name)[1].lower()
    return next((kind for kind in KINDS.values() if extension in kind.extensions), None)


def detect(fileobj):
    """The FileKind the content of an open binary file is, or None."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"] if _is_image(fileobj, "PNG") else None
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"] if _is_image(fileobj, "JPEG") else None
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(fileobj)
    return None


def _is_image(fileobj, expected_format):
    from PIL import Image

    try:
        with Image.open(fileobj) as image:
            ok = image.format == expected_format
            image.verify()
    except Exception:  # Pillow raises many kinds of errors for broken or hostile images.
        ok = False
    fileobj.seek(0)
    return ok


def _office_kind(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return None
            names = {member.filename for member in members}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # documents with macros are refused
            mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
            if mimetype is not None and mimetype.file_size <= len(ODT_MIMETYPE) + 8:
                if archive.read(mimetype).strip() == ODT_MIMETYPE:
                    return KINDS["odt"]
                return None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return KINDS["docx"]
                if any(name.startswith("xl/") for name in names):
                    return KINDS["xlsx"]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return None
    finally:
        fileobj.seek(0)
    return None


def clean_filename(name):
    """A file name fit to show and to offer on download: no folders, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, extension = os.path.splitext(name)
    if len(extension) > 10:
        stem, extension = name, ""
    return (stem[: MAX_NAME_LENGTH - len(extension)] + extension) or "bijlage"


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    name: str
    size: int
    sha256: str


def check_upload(uploaded):
    """Check an uploaded file; return what it is, or raise a ValidationError in plain Dutch."""
    limit = settings.SUBMISSION_MAX_ATTACHMENT_BYTES
    name = clean_filename(uploaded.name)
    if not uploaded.size:
        raise ValidationError(_("Het bestand ‘%(name)s’ is leeg."), params={"name": name})
    if uploaded.size > limit:
        raise ValidationError(
            _(
                "Het bestand ‘%(name)s’ is groter dan %(limit)s MB. Een bijlage mag maximaal "
                "%(limit)s MB zijn. Maak het bestand kleiner of kies een ander bestand."
            ),
            params={"name": name, "limit": limit // (1024 * 1024)},
        )
    named_kind = kind_for_extension(name)
    if named_kind is None:
        raise ValidationError(
            _("Dit soort bestand kunnen we niet aannemen. Gebruik %(allowed)s."),
            params={"allowed": ALLOWED_LABELS},
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    real_kind = detect(uploaded)
    if real_kind is None:
        raise ValidationError(
            _(
                "Het bestand ‘%(name)s’ is geen echt %(kind)s-bestand, of het is beschadigd. "
                "We nemen alleen echte %(allowed)s-bestanden aan."
            ),
            params={"name": name, "kind": named_kind.label, "allowed": ALLOWED_LABELS},
        )
    if real_kind != named_kind:
        raise ValidationError(
            _(
                "Het bestand ‘%(name)s’ heet een %(named)s-bestand, maar is een "
                "%(real)s-bestand. Pas het einde van de naam aan (de letters na de punt) en "
                "probeer het opnieuw."
            ),
            params={"name": name, "named": named_kind.label, "real": real_kind.label},
        )
    return CheckedFile(kind=real_kind, name=name, size=uploaded.size, sha256=digest.hexdigest())
