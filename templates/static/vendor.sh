#!/bin/sh
# Copy the NL Design System CSS the templates use from node_modules into templates/static/vendor/,
# so the site never serves node_modules itself. Run after `npm ci` in the project root.
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

rm -rf "$out"
mkdir -p "$out/utrecht" "$out/voorbeeld-theme"

cp "$utrecht/dist/index.css" "$out/utrecht/index.css"
cp "$utrecht/dist/html.css" "$out/utrecht/html.css"
cp "$utrecht/LICENSE.md" "$out/utrecht/LICENSE.md"

cp "$theme/dist/theme.css" "$out/voorbeeld-theme/theme.css"
cp "$theme/LICENSE.md" "$out/voorbeeld-theme/LICENSE.md"

echo "vendor.sh: NL Design System CSS copied to $out"
