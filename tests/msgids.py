"""Whether a message people read was marked for translation, without a translated catalogue.

``msgids(module)`` reads the strings a module passes to gettext (as makemessages would find
them); ``is_translatable(message, module)`` says whether a message is one of them with its
``%(name)s`` placeholders filled in. A message built with an f-string, or a plain literal,
is no msgid, so the test fails: gettext could never translate it.
"""

import ast
import functools
import inspect
import re

GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@functools.cache
def msgids(module):
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and _called_name(node.func) in GETTEXT_FUNCTIONS:
            found.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return found


def is_translatable(message, *modules):
    return any(
        _pattern(msgid).fullmatch(str(message)) for module in modules for msgid in msgids(module)
    )


def _called_name(func):
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


@functools.cache
def _pattern(msgid):
    literal_parts = PLACEHOLDER.split(msgid)
    return re.compile("(.*?)".join(re.escape(part) for part in literal_parts), re.DOTALL)
