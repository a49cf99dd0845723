"""The private link's token, and the signed stamp of the first step's form: it expires, and
its one-time nonce makes a double click start one submission.

The link carries a random token from ``secrets.token_urlsafe(32)`` (256 bits); the database keeps
only its SHA-256 hash, so a copy of the database does not open anyone's submission.
"""

import hashlib
import re
import secrets
import time

from django.core import signing

TOKEN_PATTERN = re.compile(r"\A[A-Za-z0-9_-]{40,64}\Z")
STAMP_SALT = "practices.submissions.started"


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(raw):
    return hashlib.sha256(raw.encode("ascii")).hexdigest()


def looks_like_token(raw):
    return bool(TOKEN_PATTERN.match(raw or ""))


def make_stamp(issued_at=None):
    """A signed value for the first step's form: when it was shown, and a one-time nonce."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"t": round(issued_at, 3), "n": secrets.token_hex(16)}, salt=STAMP_SALT)


def read_stamp(value, max_age):
    """(issued_at, nonce) from a stamp, or None when it is missing, forged or too old."""
    try:
        data = signing.loads(value or "", salt=STAMP_SALT, max_age=max_age)
        issued_at, nonce = float(data["t"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not 0 <= time.time() - issued_at <= max_age:
        return None
    return issued_at, nonce
