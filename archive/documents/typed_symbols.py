"""A document symbol as a person types it ("74/127", "a/res/74/127"), read into the archive's spelling.

Search, its filters and the lineage API read symbols this way, so that one spelling works everywhere.
"""

import re

from archive.models import Document

_NUMBER_RE = re.compile(r"^(?:A/RES/)?((?:S-|ES-)?\d{1,3}/\d{1,4}(?:\s+[A-Z](?:-[A-Z])?)?)$", re.IGNORECASE)


def typed_symbol(value: str) -> str:
    """The symbol a person means: "74/127", "a/res/74/127" → "A/RES/74/127"; "a/64/152" → "A/64/152".

    Only the case of the letters that symbols print in capitals is restored; the rest
    ("Add.2", "Corr.1") is matched case-insensitively against what the archive holds.
    """
    value = re.sub(r"\s+", " ", value or "").strip().strip(".,;")
    m = _NUMBER_RE.match(value)
    if m:
        return "A/RES/" + m.group(1).upper()
    return value


def held_symbol(value: str) -> str | None:
    """The archive's spelling of the document ``value`` names, or None when it holds no such document."""
    symbol = typed_symbol(value)
    return Document.objects.filter(symbol__iexact=symbol).values_list("symbol", flat=True).first()
