"""Two audiences, two rules: log lines for operators are plain English, and every message a
person reads (an error page, an admin message, a command's output and help) goes through
gettext, with the Dutch text as its msgid, so that it can be translated."""

import ast
from pathlib import Path

import practices.submissions

SOURCE = Path(practices.submissions.__file__).parent
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
# Calls whose first argument people read.
READ_BY_PEOPLE = {"CommandError", "Http404", "ValidationError", "write", "add_error"}
ADMIN_MESSAGES = {"success", "warning", "error", "info"}


def modules():
    return sorted(path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts)


def calls(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def name_of(function):
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def owner_of(function):
    value = function.value if isinstance(function, ast.Attribute) else None
    return value.id if isinstance(value, ast.Name) else ""


def is_literal_text(node):
    text = isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()
    return bool(text) or isinstance(node, ast.JoinedStr)


def where(path, node):
    return f"{path.relative_to(SOURCE)}:{node.lineno}"


def test_log_lines_are_plain_english_for_operators():
    found = []
    for path in modules():
        for call in calls(ast.parse(path.read_text())):
            if owner_of(call.func) == "logger" and name_of(call.func) in LOG_METHODS:
                message = call.args[0]
                plain = isinstance(message, ast.Constant) and isinstance(message.value, str)
                if not (plain and message.value.isascii()):
                    found.append(where(path, call))
    assert not found, found


def test_messages_people_read_go_through_gettext():
    untranslated = []
    for path in modules():
        tree = ast.parse(path.read_text())
        for call in calls(tree):
            name = name_of(call.func)
            texts = []
            if name in READ_BY_PEOPLE:
                texts = call.args[-1:] if name == "add_error" else call.args[:1]
            elif name in ADMIN_MESSAGES and owner_of(call.func) == "messages":
                texts = call.args[1:2]
            texts += [keyword.value for keyword in call.keywords if keyword.arg == "help"]
            untranslated += [where(path, call) for text in texts if is_literal_text(text)]
        for node in ast.walk(tree):
            assigns_help = isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "help" for target in node.targets
            )
            if assigns_help and is_literal_text(node.value):
                untranslated.append(where(path, node))
    assert not untranslated, untranslated
