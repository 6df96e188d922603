"""Queries behind the instrument pages: who cites what, by session."""

from __future__ import annotations

from django.db.models import Count, F

from archive.models import Citation, FootnoteReference, Instrument
from archive.models.querysets import DocumentQuerySet

from .querysets import InstrumentQuerySet

# what the citing lists never show of a document: its JSON (votes, sponsors, anomalies, digests), which
# decoding costs a millisecond a row on a list of thousands
UNSHOWN = DocumentQuerySet.UNLISTED

# the columns a citing list's page shows (``archive.pages.citing``): the API and the CSV read whole rows
# (the raw citation, the cited key, the paragraphs' full texts), a page of 50 entries reads these only
LISTED_CITATION = (
    "pinpoint",
    "footnote__number",
    "footnote__text",
    "footnote__document__symbol",
    "footnote__document__session",
)
LISTED_REFERENCE = (
    "footnote_id",
    "offset",
    "paragraph__text",
    "paragraph__anchor",
    "paragraph__kind",
    "paragraph__number",
    "paragraph__ordinal",
)
LISTED_MENTION = (
    "start",
    "end",
    "paragraph__text",
    "paragraph__anchor",
    "paragraph__kind",
    "paragraph__number",
    "paragraph__ordinal",
    "paragraph__document__symbol",
    "paragraph__document__session",
)

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


def citations_of(instrument: Instrument, listed: bool = False):
    """An instrument's citations in reading order (session, document, footnote, place in the
    footnote: a total order, so that pages of it never overlap), with their footnotes and documents;
    ``listed``: the columns a list's page shows only."""
    qs = Citation.objects.filter(instrument=instrument).select_related("footnote__document")
    qs = (
        qs.only(*LISTED_CITATION)
        if listed
        else qs.defer("footnote__search", *(f"footnote__document__{f}" for f in UNSHOWN))
    )
    return qs.order_by("footnote__document__session", "footnote__document__symbol", "footnote__number", "position")


def citing_sessions(instrument: Instrument) -> list[dict]:
    """Each session citing the instrument, in order, with its citations and citing documents
    counted (one grouped query: the whole list's counts without reading it)."""
    return list(
        Citation.objects.filter(instrument=instrument)
        .values(session=F("footnote__document__session"))
        .annotate(citations=Count("id"), documents=Count("footnote__document", distinct=True))
        .order_by("session")
    )


def citing_paragraphs(instrument: Instrument) -> list[dict]:
    """Every citing footnote with the paragraphs that reference it, grouped by session in order."""
    return by_session(citing_entries(list(citations_of(instrument))))


def citing_entries(citations: list[Citation], listed: bool = False) -> list[dict]:
    """The entries of these citations (from ``citations_of``): each with its document and the
    paragraphs referencing its footnote, with the words around the marker (one query; ``listed``:
    the paragraphs' columns a list's page shows only)."""
    refs = []
    if citations:
        refs = FootnoteReference.objects.filter(footnote__in={c.footnote_id for c in citations})
        refs = (
            # no paragraph's document: a footnote's markers stand in its own document, the entry's
            refs.select_related("paragraph").only(*LISTED_REFERENCE)
            if listed
            else refs.select_related("paragraph__document").defer(
                "paragraph__search", *(f"paragraph__document__{f}" for f in UNSHOWN)
            )
        ).order_by("paragraph__position")
    contexts: dict[int, list] = {}  # footnote: each citing paragraph once, with the words around its marker
    for r in refs:
        seen = contexts.setdefault(r.footnote_id, [])
        if all(x["paragraph"] != r.paragraph for x in seen):
            before, after = marker_context(r.paragraph.text, r.offset)
            seen.append({"paragraph": r.paragraph, "before": before, "after": after})
    out = []
    for c in citations:
        around = contexts.get(c.footnote_id, [])
        out.append(
            {
                "citation": c,
                "document": c.footnote.document,
                "contexts": around,
                "paragraphs": [x["paragraph"] for x in around],
            }
        )
    return out


def by_session(entries: list[dict]) -> list[dict]:
    """Entries grouped by their document's session, keeping their order."""
    sessions: dict[int, list] = {}
    for e in entries:
        sessions.setdefault(e["document"].session, []).append(e)
    return [{"session": s, "entries": es} for s, es in sessions.items()]


def marker_context(text: str, offset: int, before_words: int = 40, after_words: int = 15) -> tuple[str, str]:
    """The words around a footnote marker: the cited name stands just before it, which a
    paragraph cut from its start would often lose."""
    head, tail = text[:offset].split(), text[offset:].split()
    before = " ".join(head[-before_words:])
    after = " ".join(tail[:after_words])
    return ("… " if len(head) > before_words else "") + before, after + (" …" if len(tail) > after_words else "")


CONTEXT = 90  # characters of the paragraph shown either side of a text mention


def mentions_of(instrument=None, symbol: str = "", listed: bool = False):
    """Text mentions of an instrument (under its key or any alias) and of a document symbol, in reading
    order; ``listed``: the columns a list's page shows only."""
    from archive.models import Mention

    keys = {symbol} if symbol else set()
    if instrument is not None:
        keys |= {instrument.key, *(a.key for a in instrument.aliases.all())}
    qs = Mention.objects.of_keys(sorted(keys)).in_reading_order()
    return (
        qs.only(*LISTED_MENTION)
        if listed
        else qs.defer("paragraph__search", *(f"paragraph__document__{f}" for f in UNSHOWN))
    )


def mention_counts(mentions) -> tuple[int, int]:
    """How many mentions, and in how many documents (one query)."""
    counts = mentions.order_by().aggregate(n=Count("id"), documents=Count("document", distinct=True))
    return counts["n"], counts["documents"]


def text_mentions(instrument) -> list[dict]:
    """Paragraphs naming the instrument in their text without a footnote, oldest first, each with its words around."""
    return mention_rows(list(mentions_of(instrument)))


def mention_rows(mentions: list) -> list[dict]:
    """The rows of these mentions (from ``mentions_of``), each with the words around it."""
    out = []
    for m in mentions:
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
