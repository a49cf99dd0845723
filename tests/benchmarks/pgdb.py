"""A throwaway PostgreSQL database next to DATABASE_URL's, for platform/bench.

    python -m tests.benchmarks.pgdb create URL   # prints the URL of a new, empty database
    python -m tests.benchmarks.pgdb drop URL     # drops a database that create made

The benchmark never writes into the database DATABASE_URL names: it creates its own on the
same server (the URL's user needs CREATEDB) and drops it at the end.
"""

import os
import re
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PREFIX = "praktijkbank_bench_"


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection(url):
    # Connect to the server's maintenance database: one cannot drop the database one is on.
    return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def create(url):
    name = f"{PREFIX}{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with _admin_connection(url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _with_database(url, name)


def drop(url):
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(rf"{PREFIX}\w+", name):
        raise SystemExit(f"refusing to drop {name!r}: not a benchmark database")
    with _admin_connection(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("create", "drop"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "create":
        print(create(sys.argv[2]))
    else:
        drop(sys.argv[2])
