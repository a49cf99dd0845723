"""``{{ label|language_of }}``: the lang attribute for a label that may be English or Dutch."""

from django import template

from ..labels import language_of as _language_of

register = template.Library()


@register.filter
def language_of(text):
    return _language_of(text)
