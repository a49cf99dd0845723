"""Every library the code imports is declared in pyproject.toml, not left to arrive with another.

A package that comes along with Wagtail today can be dropped by Wagtail tomorrow; what we
import ourselves we declare ourselves.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ("config", "practices", "search")
FIRST_PARTY = {"config", "practices", "search", "tests"}


def imported_modules(folder):
    for path in (ROOT / folder).rglob("*.py"):
        if "migrations" in path.parts:
            continue  # generated: they name where Django found a class, such as modelsearch's
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                yield from (alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield node.module.split(".")[0]


def normalised(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*groups):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    return {normalised(re.split(r"[<>=!~\[; ]", requirement)[0]) for requirement in requirements}


def undeclared(folders, allowed):
    distributions = packages_distributions()
    missing = {}
    for folder in folders:
        for module in set(imported_modules(folder)):
            if module in sys.stdlib_module_names or module in FIRST_PARTY:
                continue
            names = {normalised(name) for name in distributions.get(module, [module])}
            if not names & allowed:
                missing[module] = sorted(names)
    return missing


def test_the_platform_declares_every_library_it_imports():
    assert undeclared(APP_CODE, declared()) == {}


def test_the_tests_declare_every_library_they_import():
    assert undeclared(["tests"], declared("test", "bench", "prove")) == {}
