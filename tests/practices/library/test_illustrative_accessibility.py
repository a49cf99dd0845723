"""The marks of fictitious examples, and similar practices that say what they share, pass an
axe-core WCAG 2.2 AA scan and reflow at 320 CSS px, in real headless Chromium."""

import pytest

from practices.library.demo import ILLUSTRATIVE_FILE, load_illustrative_practices, read_data
from practices.library.models import PracticeIndexPage, PracticePage
from tests.browser import accessibility_violations

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; each test loads the demo site itself.
    pytest.mark.django_db(transaction=True),
]


def load_a_few_fictitious_examples():
    """Three practices of the demo's fictitious set, which share a form with Oudewater."""
    data = read_data(ILLUSTRATIVE_FILE)
    wanted = {
        "venray-buitenbad-overname-mislukt",
        "de-wolden-zwembad-cooperatie",
        "vlieland-eilandhulp",
    }
    data["practices"] = [entry for entry in data["practices"] if entry["slug"] in wanted]
    load_illustrative_practices(data)
    return PracticePage.objects.filter(slug__in=wanted)


def test_fictitious_examples_and_their_marks_pass_axe_and_reflow(browser, demo_site_live):
    """The notice on the page, the mark on listing and finder cards, and similar practices
    that say what they share: no violations, and no sideways scrolling at 320 px."""
    examples = load_a_few_fictitious_examples()
    index = PracticeIndexPage.objects.get()
    urls = {
        "fictitious practice (stopped)": examples.get(status="gestopt").url,
        "report practice with similar fictitious ones": PracticePage.objects.get(
            title="Stichting Beheer Zwembad Oudewater"
        ).url,
        "practice index with marked cards": index.url,
        "finder with marked cards": "/zoeken/?q=zwembad",
    }
    failures, too_wide = {}, {}
    for width in (1280, 320):
        page = browser.new_page(viewport={"width": width, "height": 800})
        for name, url in urls.items():
            page.goto(demo_site_live.url + url)
            assert page.get_by_text("Fictief voorbeeld").first.is_visible(), name
            count, report = accessibility_violations(page)
            if count:
                failures[f"{name} at {width} px"] = report
            if page.evaluate("document.documentElement.scrollWidth") > width:
                too_wide[name] = width
        page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
    assert not too_wide, f"wider than the viewport: {too_wide}"
