"""Queries behind the instrument pages: who cites what, by session."""

from __future__ import annotations

from archive.models import Citation, FootnoteReference, Instrument

from .querysets import InstrumentQuerySet

# what the citing lists never show of a document: its JSON (votes, sponsors, anomalies, digests), which
# decoding costs a millisecond a row on a list of thousands
UNSHOWN = ("metadata", "sponsors", "anomalies", "source_digests", "source_note")

SORTS = InstrumentQuerySet.SORTS
MAX_NAME_QUERY = 200


def instrument_index(kind: str = "", sort: str = "documents", q: str = "") -> dict:
    """The instruments index: filtered by kind and by name, sorted; unknown values fall back to the defaults."""
    kinds = [k for k, _ in Instrument.Kind.choices]
    kind = kind if kind in kinds else ""
    sort = sort if sort in SORTS else "documents"
    q = " ".join((q or "").split())[:MAX_NAME_QUERY].replace("\x00", "")
    qs = Instrument.objects.with_citing_stats().named(q)
    if kind:
        qs = qs.filter(kind=kind)
    return {"instruments": qs.ordered(sort), "kind": kind, "sort": sort, "q": q, "kinds": Instrument.Kind.choices}


def citing_paragraphs(instrument: Instrument) -> list[dict]:
    """Every citing footnote with the paragraphs that reference it, grouped by session in order."""
    citations = list(
        Citation.objects.filter(instrument=instrument)
        .select_related("footnote__document")
        .defer(*(f"footnote__document__{f}" for f in UNSHOWN))
        .order_by("footnote__document__session", "footnote__document__symbol", "footnote__number")
    )
    refs = (
        FootnoteReference.objects.filter(footnote__in=[c.footnote_id for c in citations])
        .select_related("paragraph__document")
        .defer("paragraph__search", *(f"paragraph__document__{f}" for f in UNSHOWN))
        .order_by("paragraph__position")
    )
    contexts: dict[int, list] = {}  # footnote: each citing paragraph once, with the words around its marker
    for r in refs:
        seen = contexts.setdefault(r.footnote_id, [])
        if all(x["paragraph"] != r.paragraph for x in seen):
            before, after = marker_context(r.paragraph.text, r.offset)
            seen.append({"paragraph": r.paragraph, "before": before, "after": after})
    sessions: dict[int, list] = {}
    for c in citations:
        around = contexts.get(c.footnote_id, [])
        sessions.setdefault(c.footnote.document.session, []).append(
            {
                "citation": c,
                "document": c.footnote.document,
                "contexts": around,
                "paragraphs": [x["paragraph"] for x in around],
            }
        )
    return [{"session": s, "entries": entries} for s, entries in sessions.items()]


def marker_context(text: str, offset: int, before_words: int = 40, after_words: int = 15) -> tuple[str, str]:
    """The words around a footnote marker: the cited name stands just before it, which a
    paragraph cut from its start would often lose."""
    head, tail = text[:offset].split(), text[offset:].split()
    before = " ".join(head[-before_words:])
    after = " ".join(tail[:after_words])
    return ("… " if len(head) > before_words else "") + before, after + (" …" if len(tail) > after_words else "")


CONTEXT = 90  # characters of the paragraph shown either side of a text mention


def text_mentions(instrument) -> list[dict]:
    """Paragraphs naming the instrument in their text without a footnote, oldest first, each with its words around."""
    from archive.models import Mention

    return _mention_rows(Mention.objects.of_instrument(instrument))


def symbol_mentions(symbol: str) -> list[dict]:
    """Paragraphs naming a document symbol in their text ("pursuant to General Assembly resolution 70/130")."""
    from archive.models import Mention

    return _mention_rows(Mention.objects.of_symbol(symbol))


def _mention_rows(mentions) -> list[dict]:
    out = []
    for m in mentions.in_reading_order().defer("paragraph__search", *(f"paragraph__document__{f}" for f in UNSHOWN)):
        text = m.paragraph.text
        start, end = max(0, m.start - CONTEXT), min(len(text), m.end + CONTEXT)
        out.append(
            {
                "mention": m,
                "document": m.paragraph.document,
                "paragraph": m.paragraph,
                "before": ("…" if start else "") + text[start : m.start],
                "words": text[m.start : m.end],
                "after": text[m.end : end] + ("…" if end < len(text) else ""),
            }
        )
    return out
