"""What the archive knows of a document it does not hold: its series membership, its official
copy, and everything in the archive that cites it. Built from rows stored at ingest."""

from __future__ import annotations

from archive.citations.queries import citing_paragraphs, symbol_mentions, text_mentions
from archive.models import Document, Instrument, SeriesMember


def instrument_for(symbol: str) -> Instrument | None:
    """The instrument that is this document as a whole (not an annex of it)."""
    return Instrument.objects.filter(key=symbol).first()


def not_held_page(symbol: str) -> dict | None:
    """The context of the not-held page, or None when the archive knows nothing of ``symbol``."""
    members = list(SeriesMember.objects.filter(symbol=symbol, document__isnull=True).select_related("series"))
    instrument = instrument_for(symbol)
    annexes = list(Instrument.objects.filter(key__startswith=symbol + "/annex"))
    mentions = symbol_mentions(symbol)
    if instrument is not None:
        seen = {m["mention"].id for m in mentions}
        mentions += [m for m in text_mentions(instrument) if m["mention"].id not in seen]
    if not members and instrument is None and not annexes and not mentions:
        return None
    member = members[0] if members else None
    sessions = citing_paragraphs(instrument) if instrument else []
    annex_sessions = [(a, citing_paragraphs(a)) for a in annexes]
    documents = {e["document"].symbol for s in sessions for e in s["entries"]}
    mention_documents = {m["document"].symbol for m in mentions}
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
        "sessions": sessions,
        "annexes": annex_sessions,
        "documents": documents,
        "mentions": mentions,
        "mention_documents": mention_documents,
        "held_count": Document.objects.count(),
    }
