# Shared by platform/backup and platform/restore. Source it; do not execute it.
#
# Both take what they work on from the Django settings in force (DJANGO_SETTINGS_MODULE and
# the environment, e.g. /etc/praktijkbank/env): the default database, MEDIA_ROOT and
# PRIVATE_MEDIA_ROOT. So a backup always covers exactly what the site uses.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'FOUT: %s\n' "$*" >&2; exit 1; }

require_settings() {
  [ -n "${DJANGO_SETTINGS_MODULE:-}" ] || die "Zet eerst de omgeving van de site, bijvoorbeeld:
  set -a; . /etc/praktijkbank/env; set +a        (productie)
  set -a; . .cache/serve/env; set +a             (platform/serve)"
  [ -x "$PY" ] || die "Geen virtuele omgeving in $VENV (platform/run of platform/serve maakt die)."
}

# Sets PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (for the libpq tools), MEDIA_ROOT,
# PRIVATE_MEDIA_ROOT and SERVER_MAJOR (the server's major version) from the settings.
read_site_settings() {
  local lines
  lines="$(cd "$ROOT" && "$PY" - <<'PY'
import shlex

import django

django.setup()
from django.conf import settings
from django.db import connection

database = settings.DATABASES["default"]
if database["ENGINE"] != "django.db.backends.postgresql":
    raise SystemExit("Backups are made of PostgreSQL only: set DATABASE_URL=postgres://...")
connection.ensure_connection()
values = {
    "PGHOST": database.get("HOST") or "",
    "PGPORT": str(database.get("PORT") or ""),
    "PGUSER": database.get("USER") or "",
    "PGPASSWORD": database.get("PASSWORD") or "",
    "PGDATABASE": database["NAME"],
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    "SERVER_MAJOR": str(connection.pg_version // 10000),
}
for name, value in values.items():
    print(f"{name}={shlex.quote(value)}")
PY
)" || die "De instellingen of de database zijn niet bereikbaar (zie hierboven)."
  eval "$lines"
  export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
  [ -n "$PGHOST" ] || unset PGHOST
  [ -n "$PGPORT" ] || unset PGPORT
  [ -n "$PGPASSWORD" ] || unset PGPASSWORD
}

# Sets PG_TOOLS: the folder with pg_dump and pg_restore of the server's own major version (a
# newer pg_dump writes archives an older pg_restore cannot read; an older one may not read a
# newer server). Debian keeps each version in /usr/lib/postgresql/<major>/bin.
find_pg_tools() {
  local dir
  for dir in "${PG_BINDIR:-}" "/usr/lib/postgresql/$SERVER_MAJOR/bin"; do
    if [ -n "$dir" ] && [ -x "$dir/pg_dump" ] && [ -x "$dir/pg_restore" ]; then
      PG_TOOLS="$dir"
      return
    fi
  done
  if command -v pg_dump >/dev/null 2>&1 &&
    pg_dump --version | grep -Eq "\) $SERVER_MAJOR(\.|$)"; then
    PG_TOOLS="$(dirname "$(readlink -f "$(command -v pg_dump)")")"
    return
  fi
  die "Geen pg_dump/pg_restore van PostgreSQL $SERVER_MAJOR (Debian: postgresql-client-$SERVER_MAJOR); of zet PG_BINDIR."
}

# What should be back after a restore, as name=count lines: rows that matter and files.
site_counts() {
  (cd "$ROOT" && "$PY" - <<'PY'
import django

django.setup()
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from practices.library.models import PracticePage
from practices.submissions.models import Submission, SubmissionAttachment

counts = {
    "pages": Page.objects.count(),
    "practices": PracticePage.objects.count(),
    "published_practices": PracticePage.objects.live().count(),
    "revisions": Revision.objects.count(),
    "submissions": Submission.objects.count(),
    "attachments": SubmissionAttachment.objects.count(),
    "images": get_image_model().objects.count(),
    "documents": get_document_model().objects.count(),
    "users": get_user_model().objects.count(),
}
for name, count in counts.items():
    print(f"{name}={count}")
PY
  )
  printf 'media_files=%s\n' "$(count_files "$MEDIA_ROOT")"
  printf 'private_files=%s\n' "$(count_files "$PRIVATE_MEDIA_ROOT")"
}

count_files() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }
