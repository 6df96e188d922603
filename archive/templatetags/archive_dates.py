"""One date format across the site: "16 December 2005", in a <time> element with the ISO date.

A document's date is its adoption (resolutions) or the date of its masthead (reports,
"Distr.: General 16 July 2009"); a document whose source lost its date says so.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

register = template.Library()

DATE_FORMAT = "j F Y"  # 16 December 2005


@register.filter
def long_date(value: dt.date | None) -> str:
    return format_date(value, DATE_FORMAT) if value else ""


@register.simple_tag
def date_html(value: dt.date | None) -> str:
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), long_date(value))


@register.simple_tag
def document_date(document, with_kind: bool = False) -> str:
    """Adopted or dated, as a <time>; "undated (the source lost its date)" when neither is known."""
    if document.adopted:
        return format_html("{}{}", "adopted " if with_kind else "", date_html(document.adopted))
    if document.distributed:
        return format_html("{}{}", "dated " if with_kind else "", date_html(document.distributed))
    return format_html('<span class="undated">{}</span>', "undated: the date is not legible in the source")


@register.simple_tag
def member_date(member, with_kind: bool = False) -> str:
    """A series member's date: the held document's own, else the day or the year the archive knows."""
    if member.document_id:
        return document_date(member.document, with_kind)
    if member.adopted:
        return format_html(
            "{}{}", "adopted " if with_kind and member.kind == "resolution" else "", date_html(member.adopted)
        )
    if member.year:
        return format_html('<span class="year-only">{}</span>', member.year)
    return ""
