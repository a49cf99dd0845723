"""The page links of a long list: the first and last page, and two on each side of this one."""

from django import template

register = template.Library()


@register.filter
def page_links(page_obj):
    """Page numbers to link, with None for each gap ("1 2 3 … 9519"): a list of 95,000
    results must not make the template walk through every one of its pages."""
    elided = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ellipsis = page_obj.paginator.ELLIPSIS
    return [None if number == ellipsis else number for number in elided]
