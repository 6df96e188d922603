"""Lists of names as a sentence writes them: "64/139, 66/128 and 68/137"."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from archive.series.timeline import name_list as join_names

register = template.Library()


@register.filter(needs_autoescape=True)
def name_list(items, link_class: str = "", autoescape: bool = True) -> SafeString:
    """Each item's short name ("64/139"), joined with commas and a final "and"; with a class,
    each name is a link with that class to the item's page."""
    if link_class:
        names = [
            format_html('<a class="{}" href="{}">{}</a>', link_class, i.get_absolute_url(), i.short) for i in items
        ]
    else:
        names = [conditional_escape(i.short) if autoescape else str(i.short) for i in items]
    return mark_safe(join_names([str(n) for n in names]))
