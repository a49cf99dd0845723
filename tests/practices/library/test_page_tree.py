"""Page types can only be created where they belong."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from practices.library.models import (
    HomePage,
    PracticeIndexPage,
    PracticePage,
    StatementPage,
    ToolIndexPage,
    ToolPage,
)


class PageTreeRules(WagtailPageTestCase):
    def test_home_page_sits_at_the_top_and_holds_the_two_indexes_and_the_statements(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {PracticeIndexPage, ToolIndexPage, StatementPage})

    def test_statements_live_under_the_home_page_and_have_no_children(self):
        self.assertAllowedParentPageTypes(StatementPage, {HomePage})
        self.assertAllowedSubpageTypes(StatementPage, set())

    def test_practices_live_under_the_practice_index_or_an_umbrella_practice(self):
        self.assertAllowedParentPageTypes(PracticePage, {PracticeIndexPage, PracticePage})
        self.assertAllowedSubpageTypes(PracticeIndexPage, {PracticePage})

    def test_tools_live_under_the_tool_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ToolPage, {ToolIndexPage})
        self.assertAllowedSubpageTypes(ToolPage, set())

    def test_a_practice_cannot_be_created_under_the_tool_index(self):
        self.assertCanNotCreateAt(ToolIndexPage, PracticePage)
        self.assertCanNotCreateAt(HomePage, PracticePage)

    def test_there_is_only_one_home_page_and_one_of_each_index(self):
        for model in (HomePage, PracticeIndexPage, ToolIndexPage):
            self.assertEqual(model.max_count, 1)
