"""The platform's management commands explain themselves, in words gettext translates."""

import importlib

import pytest
from django.core.management import get_commands, load_command_class

from tests.msgids import is_translatable

OURS = sorted(
    (app, name) for name, app in get_commands().items() if app.startswith(("practices.", "search"))
)


def test_the_platform_has_its_commands():
    assert {name for _, name in OURS} >= {"rebuild_search_index", "load_demo_content"}


@pytest.mark.parametrize(("app", "name"), OURS)
def test_help_shows_and_is_a_msgid(app, name):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert " ".join(command.help.split()[:4]) in " ".join(text.split())
    module = importlib.import_module(f"{app}.management.commands.{name}")
    assert is_translatable(command.help, module), name
