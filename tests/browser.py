"""Real headless Chromium (Debian's package) driven by Playwright, and an axe-core scan."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

# Chromium's own network chatter is refused on these machines; these flags keep it quiet.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}


def chromium_path():
    path = os.environ.get("PRAKTIJKBANK_CHROMIUM") or shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium ontbreekt; onder CI moet platform/test het installeren.")
    pytest.skip("Chromium ontbreekt lokaal (under CI this fails instead of skipping).")


def accessibility_violations(page):
    """The WCAG 2.2 A/AA violations axe-core finds on the page, as a readable report."""
    results = Axe().run(page, options={"runOnly": WCAG_AA, "resultTypes": ["violations"]})
    return results.violations_count, results.generate_report()
