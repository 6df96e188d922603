"""How a paragraph is cited in writing: "General Assembly resolution 76/141, “Violence against women
migrant workers”, adopted 16 December 2021 (A/RES/76/141), para. 5".

Built once per document (the part before the paragraph's label), so a page of ninety
paragraphs formats one date, not ninety. A page in another language cites the title as that
language prints it, marked with its ``lang``; the rest of
the citation is the interface's English.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from archive.escaping import escape_text as escape
from archive.models import Document
from archive.parsing.languages import Language
from archive.templatetags.archive_dates import long_date


def citation_prefix(document: Document, title: str, lang: Language) -> SafeString:
    """Everything of the formal citation but the paragraph (name, title, date, symbol), as HTML: ``title``
    (the one the page shows) quoted and marked with its language ``lang``."""
    quoted = f'“<span lang="{lang.code}" dir="{lang.direction}">{escape(title)}</span>”' if title else ""
    if document.is_resolution:
        name = f"General Assembly resolution {document.number or document.symbol}"
        date = f"adopted {long_date(document.adopted)}" if document.adopted else "date of adoption not known"
        return mark_safe(
            ", ".join(p for p in (escape(name), quoted, escape(date)) if p) + f" ({escape(document.symbol)})"
        )
    date = long_date(document.distributed) if document.distributed else "undated (the source's date is not legible)"
    return mark_safe(
        ", ".join(p for p in ("Report of the Secretary-General", quoted) if p) + escape(f" ({document.symbol}), {date}")
    )
