"""How a paragraph is cited in writing: "General Assembly resolution 76/141, “Violence against women
migrant workers”, adopted 16 December 2021 (A/RES/76/141), para. 5".

Built once per document (the part before the paragraph's label), so a page of ninety
paragraphs formats one date, not ninety.
"""

from __future__ import annotations

from archive.models import Document
from archive.templatetags.archive_dates import long_date


def citation_prefix(document: Document) -> str:
    """Everything of the formal citation but the paragraph: name, title, date, symbol."""
    title = f"“{document.title}”" if document.title else ""
    if document.is_resolution:
        name = (
            f"General Assembly resolution {document.number}"
            if document.number
            else f"General Assembly resolution {document.symbol}"
        )
        date = f"adopted {long_date(document.adopted)}" if document.adopted else "date of adoption not known"
        return ", ".join(p for p in (name, title, date) if p) + f" ({document.symbol})"
    date = long_date(document.distributed) if document.distributed else "undated (the source's date is not legible)"
    return ", ".join(p for p in ("Report of the Secretary-General", title) if p) + f" ({document.symbol}), {date}"


def formal_citation(document: Document, label: str) -> str:
    return f"{citation_prefix(document)}, {label}"
