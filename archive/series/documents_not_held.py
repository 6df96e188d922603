"""What the archive knows of a document it does not hold: its series membership, its official
copy, and everything in the archive that cites it. Built from rows stored at ingest."""

from __future__ import annotations

from archive.citations.queries import mentions_of
from archive.models import Instrument, SeriesMember


def not_held_page(symbol: str) -> dict | None:
    """The context of the not-held page, or None when the archive knows nothing of ``symbol``. Its
    citing lists are left to be paged: ``instrument`` and each of ``annexes`` for the citing footnotes,
    ``mentions`` (a queryset) for the paragraphs naming it in their text."""
    members = list(SeriesMember.objects.filter(symbol=symbol, document__isnull=True).select_related("series"))
    instrument = Instrument.objects.filter(key=symbol).prefetch_related("aliases").first()  # the document as a whole
    annexes = list(Instrument.objects.filter(key__startswith=symbol + "/annex"))
    mentions = mentions_of(instrument, symbol=symbol, listed=True)
    if not members and instrument is None and not annexes and not mentions.exists():
        return None
    member = members[0] if members else None
    kind = (
        member.kind
        if member
        else ("resolution" if symbol.startswith(("A/RES/", "S/RES/", "A/HRC/RES/")) else "document")
    )
    related = {}
    if member:
        siblings = {m.symbol: m for m in SeriesMember.objects.filter(series=member.series).select_related("document")}
        if member.kind == "report":
            related["answers"] = siblings.get(member.answers)
            related["noted_by"] = next((m for m in siblings.values() if m.takes_note_of == symbol), None)
        else:
            related["takes_note_of"] = siblings.get(member.takes_note_of)
    return {
        "symbol": symbol,
        "kind": kind,
        "member": member,
        "related": related,
        "title": (instrument.title if instrument and not instrument.title_inferred else "")
        or (member.series.title if member else ""),
        "instrument": instrument,
        "official_url": f"https://undocs.org/{symbol}",
        "annexes": annexes,
        "mentions": mentions,
    }
