"""Builds the one NL Design System stylesheet the site ships, from the full npm packages.

The Utrecht component library is ~400 KB of CSS for ~90 components and the theme ~200 KB of
design tokens; the site uses a few dozen components. This keeps:

- the Utrecht rules whose selectors need only classes that the templates, the apps' Python
  and JavaScript name. A name cut off by a template variable (``utrecht-heading-{{ level }}``)
  counts for every class it starts, and a BEM element or modifier for its block too;
- of the ``.utrecht-html`` rules for rich text only those that rich text can need: Wagtail's
  editor never makes form controls, so their ~150 rules go;
- of the theme only the tokens (custom properties) that the kept rules, the site's own CSS and
  the templates read, with the tokens those read in turn.

Selectors are only ever dropped when they cannot match on this site, so what is kept renders
exactly as the full CSS does. Run by vendor.sh (standard library only); tests/test_static.py
checks the filter and its result.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Where the site names Utrecht classes and reads design tokens (besides the kept rules).
SOURCE_DIRS = [ROOT / "templates", ROOT / "practices", ROOT / "search"]
SOURCE_SUFFIXES = {".html", ".py", ".js", ".css"}
VENDOR_DIR = ROOT / "templates" / "static" / "vendor"

# Rich text and our blocks never hold these, so `.utrecht-html input` and the like can go.
FORM_ELEMENTS = {
    "button",
    "datalist",
    "fieldset",
    "form",
    "input",
    "label",
    "legend",
    "meter",
    "optgroup",
    "option",
    "output",
    "progress",
    "select",
    "textarea",
}
# At-rules whose block holds rules to filter; any other block (@keyframes, @font-face) is kept.
GROUPING_AT_RULES = ("@media", "@supports", "@container", "@layer")

CLASS_IN_SOURCE = re.compile(r"(?<![\w-])utrecht-[a-z0-9_-]*")
CLASS_IN_SELECTOR = re.compile(r"\.(utrecht-[a-zA-Z0-9_-]+)")
TYPE_IN_SELECTOR = re.compile(r"(?<![\w.#:-])([a-z][a-z0-9]*)\b")
TOKEN_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")


@dataclass
class Statement:
    """A top-level piece of CSS: a rule or at-rule with its block, or a block-less at-rule."""

    prelude: str
    block: str | None


def parse(css):
    """Splits CSS into statements, skipping comments; braces in strings do not count."""
    statements, start, i = [], 0, 0
    prelude = []
    while i < len(css):
        char = css[i]
        if css.startswith("/*", i):
            prelude.append(css[start:i])
            i = css.find("*/", i + 2)
            i = len(css) if i < 0 else i + 2
            start = i
            continue
        if char in "\"'":
            i = _end_of_string(css, i)
            continue
        if char == "{":
            prelude.append(css[start:i])
            end = _matching_brace(css, i)
            statements.append(Statement(_squeeze("".join(prelude)), css[i + 1 : end]))
            prelude, i = [], end + 1
            start = i
            continue
        if char == ";":
            prelude.append(css[start:i])
            if "".join(prelude).strip():
                statements.append(Statement(_squeeze("".join(prelude)), None))
            prelude, i = [], i + 1
            start = i
            continue
        i += 1
    return statements


def _end_of_string(css, i):
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _matching_brace(css, i):
    depth = 0
    while i < len(css):
        if css.startswith("/*", i):
            i = css.find("*/", i + 2)
            if i < 0:
                break
            i += 2
            continue
        if css[i] in "\"'":
            i = _end_of_string(css, i)
            continue
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("CSS has an unclosed block or comment")


def split_top_level(text, separator):
    """Splits on a separator outside parentheses, brackets and strings."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            i = _end_of_string(text, i)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _squeeze(text):
    """Whitespace runs made one space, none inside parentheses' edges or beside commas."""
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] in "\"'":
            end = _end_of_string(text, i)
            parts.extend([_squeeze_code(text[start:i]), text[i:end]])
            start = i = end
        else:
            i += 1
    parts.append(_squeeze_code(text[start:]))
    return "".join(parts).strip()


def _squeeze_code(code):
    code = re.sub(r"\s+", " ", code)
    # Never the space before "(": in `.a :is(.b)` or `and (min-width: 40em)` it is meaningful.
    return re.sub(r"(?<=[(,]) | (?=[),])", "", code)


def _without_arguments(selector):
    """The selector without what is inside parentheses: `:not(.x)` never requires `.x`."""
    while True:
        stripped = re.sub(r"\([^()]*\)", "", selector)
        if stripped == selector:
            return stripped
        selector = stripped


def _without_brackets(selector):
    return re.sub(r"\[[^\]]*\]", "", selector)


def block_of(css_class):
    """The BEM block a class belongs to: utrecht-form-field__label → utrecht-form-field."""
    return re.split(r"__|--", css_class, maxsplit=1)[0]


@dataclass(frozen=True)
class Usage:
    """The Utrecht classes the site names in its sources."""

    classes: frozenset
    # A name cut off by a template variable, such as "utrecht-heading-" in
    # `utrecht-heading-{{ level }}`: every class that starts with it counts as used.
    prefixes: frozenset

    @classmethod
    def from_text(cls, text):
        classes, prefixes = set(), set()
        for name in CLASS_IN_SOURCE.findall(text):
            if name == "utrecht-":
                continue  # "utrecht-{% if ... %}": its branches name the classes in full too
            if name.endswith("-"):
                prefixes.add(name)
            else:
                classes.add(name)
            # BEM: an element or modifier is always used with its block.
            classes.add(block_of(name))
        return cls(frozenset(classes), frozenset(prefixes))

    def uses(self, css_class):
        return css_class in self.classes or css_class.startswith(tuple(self.prefixes))


def selector_is_used(selector, usage, drop_elements=frozenset()):
    """True unless the selector requires a Utrecht class the site never uses (or an element
    that cannot occur): a selector that requires one cannot match anything on the site."""
    required = _without_arguments(selector)
    if not all(usage.uses(name) for name in CLASS_IN_SELECTOR.findall(required)):
        return False
    types = TYPE_IN_SELECTOR.findall(_without_brackets(re.sub(r"[.#][\w-]+", "", required)))
    return not drop_elements.intersection(types)


def subset_rules(statements, usage, drop_elements=frozenset()):
    """The statements with only the selectors the site can match; emptied rules go."""
    kept = []
    for statement in statements:
        if statement.block is None:
            continue  # @charset (written once at the top of the output), @import (none)
        if statement.prelude.startswith("@"):
            if statement.prelude.startswith(GROUPING_AT_RULES):
                inner = subset_rules(parse(statement.block), usage, drop_elements)
                if inner:
                    kept.append(Statement(statement.prelude, serialize(inner)))
            else:
                kept.append(statement)
            continue
        selectors = [
            s
            for s in split_top_level(statement.prelude, ",")
            if selector_is_used(s, usage, drop_elements)
        ]
        if selectors and declarations(statement.block):
            kept.append(Statement(",".join(selectors), statement.block))
    return kept


def strip_comments(css):
    """The CSS without its comments (a comment's opening inside a string is no comment)."""
    out, start, i = [], 0, 0
    while i < len(css):
        if css[i] in "\"'":
            i = _end_of_string(css, i)
        elif css.startswith("/*", i):
            out.append(css[start:i])
            end = css.find("*/", i + 2)
            i = start = len(css) if end < 0 else end + 2
        else:
            i += 1
    out.append(css[start:])
    return "".join(out)


def declarations(block):
    """(property, value) pairs of a declaration block."""
    pairs = []
    for declaration in split_top_level(strip_comments(block), ";"):
        name, _, value = declaration.partition(":")
        pairs.append((name.strip(), _squeeze(value)))
    return pairs


def token_references(text):
    return set(TOKEN_REFERENCE.findall(text))


def subset_theme(statements, referenced):
    """The theme with only the tokens that are read, following tokens that read other tokens
    (`--utrecht-link-color: var(--basis-color-action-1)`)."""
    definitions = {}
    for name, value in _all_declarations(statements):
        definitions.setdefault(name, set()).update(token_references(value))
    needed, queue = set(), list(referenced)
    while queue:
        name = queue.pop()
        if name not in needed:
            needed.add(name)
            queue.extend(definitions.get(name, ()))
    return _keep_tokens(statements, needed)


def _all_declarations(statements):
    for statement in statements:
        if statement.block is None:
            continue
        if statement.prelude.startswith(GROUPING_AT_RULES):
            yield from _all_declarations(parse(statement.block))
        elif not statement.prelude.startswith("@"):
            yield from declarations(statement.block)


def _keep_tokens(statements, needed):
    kept = []
    for statement in statements:
        if statement.block is None:
            continue
        if statement.prelude.startswith(GROUPING_AT_RULES):
            if inner := _keep_tokens(parse(statement.block), needed):
                kept.append(Statement(statement.prelude, serialize(inner)))
        elif statement.prelude.startswith("@"):
            kept.append(statement)
        elif pairs := [
            (n, v)
            for n, v in declarations(statement.block)
            if not n.startswith("--") or n in needed
        ]:
            kept.append(Statement(statement.prelude, ";".join(f"{n}:{v}" for n, v in pairs)))
    return kept


def serialize(statements):
    lines = []
    for statement in statements:
        if statement.prelude.startswith(GROUPING_AT_RULES):
            block = statement.block  # serialized already
        elif statement.prelude.startswith("@"):
            block = _squeeze(strip_comments(statement.block))  # @keyframes, @font-face
        else:
            block = ";".join(f"{n}:{v}" for n, v in declarations(statement.block))
        lines.append(f"{statement.prelude}{{{block.strip()}}}")
    return "\n".join(lines)


def site_sources(exclude=VENDOR_DIR):
    """The text of every file where the site names classes or reads tokens."""
    texts = []
    for directory in SOURCE_DIRS:
        for path in sorted(directory.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and exclude not in path.parents and path.is_file():
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def build(components_css, html_css, theme_css, sources):
    """The shipped stylesheet: the used components, rich text's rules, the tokens they read."""
    usage = Usage.from_text(sources)
    components = subset_rules(parse(components_css), usage)
    rich_text = subset_rules(parse(html_css), usage, frozenset(FORM_ELEMENTS))
    rules = serialize(components) + "\n" + serialize(rich_text)
    theme = subset_theme(parse(theme_css), token_references(rules) | token_references(sources))
    return "\n".join(['@charset "UTF-8";', serialize(theme), rules]) + "\n"


def main(argv):
    """subset_css.py COMPONENTS.css HTML.css THEME.css OUT.css HEADER"""
    components, html, theme, out, header = argv
    css = build(
        Path(components).read_text(encoding="utf-8"),
        Path(html).read_text(encoding="utf-8"),
        Path(theme).read_text(encoding="utf-8"),
        site_sources(),
    )
    charset, rest = css.split("\n", 1)
    Path(out).write_text(f"{charset}\n/*! {header} */\n{rest}", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
