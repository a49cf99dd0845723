"""The citation of the 2013 survey, from its one setting, for every template that cites it."""

from django import template

from ..figures import survey_source as source_of_the_survey

register = template.Library()


@register.simple_tag
def survey_source():
    """Who held the survey, when, and among how many (``SURVEY_2013_SOURCE``).

    ``{% survey_source %}`` writes it; ``{% survey_source as source %}`` names it for a
    ``blocktranslate`` sentence around it.
    """
    return source_of_the_survey()
