"""Zip packages (DOCX, ODT) written the same way every time.

python-docx and odfpy stamp each zip entry with the current time, so the same source would give
a different file at every load, and a reload could not tell "unchanged" from "changed". We
rewrite the package with a fixed entry time, keeping the order and compression of each entry
(ODT needs its uncompressed "mimetype" entry first).
"""

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def normalised_zip(data):
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            fixed.compress_type = entry.compress_type
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return buffer.getvalue()
