"""The interface text of the site: every gettext msgid, with the file it comes from.

Read from the sources the way ``makemessages`` reads them (Python files through their syntax
tree, templates through Django's ``templatize``), so that a test sees the text as it is in the
checkout, not as it was when the catalogue in locale/ was last made.
"""

import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent

# The gettext functions and how many leading arguments are a context, not text.
GETTEXT_FUNCTIONS = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}


@dataclass(frozen=True)
class Message:
    msgid: str
    path: str  # relative to the project root
    line: int
    scope: str = ""  # where in a Python file: "Class.Inner.method", "" at module level

    def __str__(self):
        return f"{self.path}:{self.line}: {self.msgid!r}"


def messages_in(path):
    """The msgids of one source file (a .py file or a template)."""
    path = Path(path)
    relative = str(path.relative_to(ROOT))
    if path.suffix == ".py":
        return list(_python_messages(path.read_text(encoding="utf-8"), relative))
    return list(_template_messages(path.read_text(encoding="utf-8"), relative))


SCOPES = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _python_messages(source, relative):
    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            inner = f"{scope}.{child.name}".lstrip(".") if isinstance(child, SCOPES) else scope
            if isinstance(child, ast.Call) and _called_name(child.func) in GETTEXT_FUNCTIONS:
                skip = GETTEXT_FUNCTIONS[_called_name(child.func)]
                for argument in child.args[skip:]:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        yield Message(argument.value, relative, child.lineno, scope)
            yield from visit(child, inner)

    yield from visit(ast.parse(source), "")


def _called_name(func):
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _template_messages(source, relative):
    # templatize turns a template into Python-like text that xgettext reads: each translation
    # tag becomes a gettext(...) call with repr() strings, everything else letters. Its lines
    # keep the template's indentation, which the tokenizer would take for Python blocks.
    code = "\n".join(line.lstrip() for line in templatize(source).splitlines())
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in GETTEXT_FUNCTIONS:
            continue
        if index + 1 >= len(tokens) or tokens[index + 1].string != "(":
            continue
        arguments = _string_arguments(tokens[index + 2 :])
        for text in arguments[GETTEXT_FUNCTIONS[token.string] :]:
            if text is not None:
                yield Message(text, relative, token.start[0])


def _string_arguments(tokens):
    """The arguments of a call up to its closing parenthesis: a string, or None if not one."""
    arguments, current = [], None
    for token in tokens:
        if token.string == ")":
            break
        if token.type == tokenize.STRING:
            current = (current or "") + ast.literal_eval(token.string)
        elif token.string == ",":
            arguments.append(current)
            current = None
    arguments.append(current)
    return arguments
