"""One entry of a citing list (``archive.pages.citing``): the citing footnote, linked, with its text,
and each paragraph referencing it, with the words around the marker. A page shows 50 entries and
their contexts, some twenty values each: built here as one string an entry, for a fraction of what
the template's variables, filters and escaping (through Django's lazy-aware wrappers) cost."""

from __future__ import annotations

from html import escape  # what Django's escape() runs; every value here is a plain string from the rows

from django import template
from django.utils.safestring import SafeString, mark_safe

from .archive_lang import in_lang

register = template.Library()

FALLBACK = ' <span class="fallback-note">Held in English only: shown in English.</span>'


@register.simple_tag
def citing_entry(e: dict, page_lang, shown_lang: str) -> SafeString:
    """``e``: an entry of ``shown_entries``, localized (``localize_citing``); ``page_lang``: the page's
    link language (or ""), ``shown_lang``: the code of the language asked for ("en" for none). The
    English-only note is shown when the language asked for is another and the text is English."""
    other = shown_lang != "en"
    number, symbol = escape(e["number"]), escape(e["symbol"])
    pinpoint = f" ({escape(e['pinpoint'])})" if e["pinpoint"] else ""
    text = escape(e.get("footnote_text") or e["citation"].footnote.text)
    out = [
        f'<p><a href="{escape(in_lang(e["url"], page_lang))}#fn{number}">{symbol}, footnote {number}</a>{pinpoint}: '
        f'<q lang="{escape(e.get("lang") or "en")}" dir="{escape(e.get("dir") or "ltr")}">{text}</q>'
        f"{FALLBACK if e.get('lang') == 'en' and other else ''}</p>\n    "
    ]
    for x in e["contexts"]:
        out.append(
            f'<blockquote class="context"><a class="citing-paragraph" href="{escape(in_lang(x["url"], page_lang))}">'
            f"{symbol}, {escape(x['label'])}</a> — "
            f'<span lang="{escape(x.get("lang") or "en")}" dir="{escape(x.get("dir") or "ltr")}">{escape(x["before"])}'
            f'<sup class="fn-marker" aria-label="footnote {number}">{number}</sup> {escape(x["after"])}</span>'
            f"{FALLBACK if x.get('lang') == 'en' and other else ''}</blockquote>"
        )
    return mark_safe("".join(out))
