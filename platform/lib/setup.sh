# Shared setup for platform/run and platform/test. Source it; do not execute it.
#
# Everything here is idempotent and cheap when nothing changed: each step leaves a stamp that
# records what it was built from (a hash of pyproject.toml, package-lock.json, ...) and is
# skipped while that still matches.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
STAMPS="$ROOT/.cache/stamps"
mkdir -p "$STAMPS"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'FOUT: %s\n' "$*" >&2; exit 1; }
in_ci() { [ "${CI:-}" = "true" ]; }

# A stamp is fresh when its content equals the given fingerprint.
stamp_fresh() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp_write() { printf '%s' "$2" >"$STAMPS/$1"; }
fingerprint() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  die "Python 3.11 of nieuwer is nodig. Installeer het, of wijs het aan met PYTHON=/pad/naar/python3."
}

# ensure_venv EXTRAS: the virtual environment with the project and the given extras ("" or "test").
ensure_venv() {
  local extras="$1" spec="."
  [ -n "$extras" ] && spec=".[$extras]"
  if [ ! -x "$VENV/bin/python" ]; then
    say "Virtuele omgeving maken in .venv"
    "$(find_python)" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  local print
  print="$(fingerprint "$ROOT/pyproject.toml")-$extras"
  if ! stamp_fresh "venv-$extras" "$print"; then
    say "Python-pakketten installeren ($spec)"
    # Not editable: the code runs from the checkout; this installs the dependencies.
    (cd "$ROOT" && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$spec")
    stamp_write "venv-$extras" "$print"
  fi
}

# The NL Design System CSS comes from npm with a lockfile, and vendor.sh builds from it the part
# the templates use. Without npm the site still works, only less styled, so that is a warning
# and not an error.
ensure_frontend() {
  local lock css
  lock="$(fingerprint "$ROOT/package-lock.json")"
  if ! stamp_fresh npm "$lock" || [ ! -d "$ROOT/node_modules" ]; then
    if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      say "npm installeren (Debian-pakket) voor de NL Design System-CSS"
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends npm >/dev/null || true
    fi
    if ! command -v npm >/dev/null 2>&1; then
      in_ci && die "npm ontbreekt; CI moet de NL Design System-CSS installeren."
      say "LET OP: npm ontbreekt, de site draait zonder NL Design System-CSS."
      return
    fi
    say "NL Design System-CSS installeren (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
    stamp_write npm "$lock"
  fi
  # Built again when a template names another component or reads another design token.
  css="$lock-$(css_sources | fingerprint_files)"
  stamp_fresh vendor-css "$css" && [ -f "$ROOT/templates/static/vendor/nl-design-system.css" ] && return
  say "NL Design System-CSS samenstellen (alleen de onderdelen die de site gebruikt)"
  (cd "$ROOT" && PYTHON="$VENV/bin/python" sh templates/static/vendor.sh)
  stamp_write vendor-css "$css"
}

# What templates/static/subset_css.py reads to find the components and tokens in use.
css_sources() {
  (cd "$ROOT" && find templates practices search -type f \
    \( -name vendor.sh -o -name '*.html' -o -name '*.py' -o -name '*.js' -o -name '*.css' \) \
    -not -path 'templates/static/vendor/*' -print0)
}
# The fingerprint of the NUL-separated files on stdin, by name and content.
fingerprint_files() { (cd "$ROOT" && sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

# collectstatic gives every static file (Wagtail's admin's too) a hashed name and a gzip copy,
# as in production, for WhiteNoise. Skipped while the static files, the installed packages and
# the settings are unchanged; under PRAKTIJKBANK_DEBUG=1 static files come from their folders.
ensure_static() {
  [ "${PRAKTIJKBANK_DEBUG:-}" = 1 ] && return
  local root="${PRAKTIJKBANK_VAR_DIR:-$ROOT/var}/static" print
  print="$( (cd "$ROOT" && find templates practices search config/settings -type f \
    \( -path '*/static/*' -o -path 'config/settings/*' \) -not -path '*/__pycache__/*' -print0) |
    fingerprint_files)"
  print="$print-$(stat -c %Y "$VENV"/lib/python3*/site-packages)-$root-$DJANGO_SETTINGS_MODULE"
  stamp_fresh static "$print" && [ -f "$root/staticfiles.json" ] && return
  say "Statische bestanden verzamelen (collectstatic)"
  manage collectstatic --no-input -v0
  stamp_write static "$print"
}

manage() { (cd "$ROOT" && "$VENV/bin/python" manage.py "$@"); }
