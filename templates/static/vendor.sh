#!/bin/sh
# Build the NL Design System CSS the site ships from node_modules into templates/static/vendor/,
# so the site never serves node_modules itself. Run after `npm ci` in the project root, and
# again when templates name other Utrecht components (platform/run and platform/test do both).
#
# The packages hold ~600 KB of CSS for ~90 components; subset_css.py keeps the components the
# templates use and the theme tokens they read, in one file: vendor/nl-design-system.css.
# Both packages are EUPL-1.2; their licence files travel with the CSS.
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
modules="$root/node_modules"
out="$here/vendor"

utrecht="$modules/@utrecht/component-library-css"
theme="$modules/@nl-design-system-unstable/voorbeeld-design-tokens"

for dir in "$utrecht" "$theme"; do
    if [ ! -d "$dir" ]; then
        echo "vendor.sh: $dir is missing; run 'npm ci' in $root first." >&2
        exit 1
    fi
done

version() { sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$1/package.json" | head -n 1; }

rm -rf "$out"
mkdir -p "$out/utrecht" "$out/voorbeeld-theme"
cp "$utrecht/LICENSE.md" "$out/utrecht/LICENSE.md"
cp "$theme/LICENSE.md" "$out/voorbeeld-theme/LICENSE.md"

"${PYTHON:-python3}" "$here/subset_css.py" \
    "$utrecht/dist/index.css" "$utrecht/dist/html.css" "$theme/dist/theme.css" \
    "$out/nl-design-system.css" \
    "NL Design System for this site, the parts it uses: @utrecht/component-library-css $(version "$utrecht"), @nl-design-system-unstable/voorbeeld-design-tokens $(version "$theme"). EUPL-1.2: utrecht/LICENSE.md, voorbeeld-theme/LICENSE.md. Built by templates/static/vendor.sh."

echo "vendor.sh: NL Design System CSS built in $out" >&2
