"""The repository keeps the shape that keeps the platform importable."""

import platform
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_platform_folder_holds_no_python_package():
    # A platform/__init__.py would shadow the standard library's platform module. The one
    # Python file there, gunicorn.conf.py, is read by gunicorn by its path, never imported.
    folder = ROOT / "platform"
    assert not list(folder.rglob("__init__.py"))
    assert [path.relative_to(folder).as_posix() for path in folder.rglob("*.py")] == [
        "gunicorn.conf.py"
    ]


def test_standard_library_platform_module_is_the_real_one():
    assert Path(platform.__file__).parent != ROOT / "platform"
    assert uuid.uuid4()


def test_every_test_folder_is_a_package():
    # Without __init__.py pytest imports tests/search/ as "search" and hides the app.
    for folder in (ROOT / "tests").rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__" and list(folder.glob("test_*.py")):
            assert (folder / "__init__.py").exists(), folder
