"""Models → plain dicts for the JSON API; ``archive.api.schemas`` declares (and checks) their shapes.

Every resource carries its stable identifier (a document's symbol, a paragraph's anchor,
an instrument's key) and ``links``: absolute URLs of its JSON resource and of its HTML
page, so that a client can follow the archive without building URLs itself.
"""

from __future__ import annotations

from dataclasses import asdict

from django.urls import reverse
from django.utils.http import urlencode

from archive.documents.languages import LinkLanguage, title_of
from archive.models import Citation, Document, Footnote, Instrument, Paragraph
from archive.parsing.languages import REFERENCE
from archive.series.index import MemberCounts


class Links:
    """Absolute URLs for one request (scheme and host as the client used them); with ``lang`` (the language an
    answer was asked in), those of the pages and endpoints in that language, as the HTML pages link them: a
    document held in English only is linked plain (``archive.documents.languages.LinkLanguage``)."""

    def __init__(self, request, lang=None):
        self.request = request
        self.lang = lang
        self._held = None

    def abs(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def _in_lang(self, path: str, symbol: str | None = None) -> str:
        """``path`` with ``?lang=`` when the answer is in another language than English and, for a document's
        path (``symbol``), the document is held in it."""
        if self.lang is None or self.lang.code == REFERENCE:
            return path
        if symbol is not None:
            if self._held is None:
                self._held = LinkLanguage.of(self.lang).held  # one query, when a document is linked
            if symbol not in self._held:
                return path
        return f"{path}?{urlencode({'lang': self.lang.code})}"

    def document(self, symbol: str) -> dict:
        return {
            "self": self.abs(self._in_lang(reverse("api:document", args=[symbol]), symbol)),
            "html": self.abs(self._in_lang(reverse("archive:document", args=[symbol]), symbol)),
            "akn": self.abs(self._in_lang(reverse("api:document_akn", args=[symbol]), symbol)),
            "official": f"https://undocs.org/{symbol}",
        }

    def paragraph(self, symbol: str, anchor: str) -> dict:
        return {
            "self": self.abs(self._in_lang(reverse("api:paragraph", args=[symbol, anchor]), symbol)),
            "html": self.abs(self._in_lang(reverse("archive:paragraph", args=[symbol, anchor]), symbol)),
        }

    def instrument(self, key: str, official: str = "") -> dict:
        """The instrument's JSON (one for every language), its page and citations in the answer's language."""
        return {
            "self": self.abs(reverse("api:instrument", args=[key])),
            "html": self.abs(self._in_lang(reverse("archive:instrument", args=[key]))),
            "citations_csv": self.abs(self._in_lang(reverse("api:instrument_citations_csv", args=[key]))),
            "official": official or None,
        }


def _date(d) -> str | None:
    return d.isoformat() if d else None


def document_summary(d: Document, links: Links) -> dict:
    return {
        "symbol": d.symbol,
        "kind": d.kind,
        "number": d.number or None,
        "session": d.session,
        "title": d.title,
        "series": {"slug": d.series.slug, "title": d.series.title} if d.series_id else None,
        "adopted": _date(d.adopted),
        "distributed": _date(d.distributed),
        "links": links.document(d.symbol),
    }


def document_ref(d: Document | None, links: Links) -> dict | None:
    """A pointer to another document: enough to name and follow it (its title in the language asked for, where
    the answer read it: ``archive.documents.languages.show_title``)."""
    if d is None:
        return None
    return {"symbol": d.symbol, "kind": d.kind, "title": title_of(d).text, "links": links.document(d.symbol)}


def document_detail(doc, links: Links) -> dict:
    """``doc``: the document's assembly (``archive.documents.assembly``), in the language asked for."""
    from archive.documents.assembly import shown_references

    d = doc.document
    return {
        **document_summary(d, links),
        "agenda_item": d.agenda_item or None,
        "committee_report": d.committee_report or None,
        "meeting": d.meeting or None,
        "adoption_type": d.adoption_type or None,
        "votes": {"yes": d.votes_yes, "no": d.votes_no, "abstain": d.votes_abstain},
        "sponsors": list(d.sponsors or []),
        "answers": document_ref(d.answers, links),
        "answered_by": [document_ref(a, links) for a in doc.answered_by],
        "source_format": d.source_format,
        "anomalies": [a for a in (d.anomalies or []) if isinstance(a, dict)],
        "record": record(doc.record),
        "language": doc.language.code,
        "languages": doc.languages,
        "title": doc.title,
        "paragraphs": [
            {**assembled_paragraph(p, d.symbol, links), "lineage": p.lineage.as_api() if p.lineage else None}
            for p in doc.paragraphs
        ],
        "footnotes": [assembled_footnote(f, links, shown_references(f.number, doc)) for f in doc.footnotes],
    }


def assembled_paragraph(p, symbol: str, links: Links) -> dict:
    """A paragraph of an assembly, its text and markers in the shown language."""
    row, shown = p.paragraph, p.shown
    return {
        "anchor": row.anchor,
        "position": row.position,
        "kind": row.kind,
        "number": row.number or None,
        "ordinal": row.ordinal,
        "label": row.label,
        "citation": f"{symbol}, {row.label}",
        "opening": row.opening or None,
        "section": row.section or None,
        "parent": p.parent_anchor,
        "language": shown.language,
        "text": shown.text,
        "markers": [{"footnote": m.number, "offset": m.offset} for m in shown.markers],
        "links": links.paragraph(symbol, row.anchor),
    }


def assembled_footnote(f, links: Links, references: list[dict]) -> dict:
    """A footnote of an assembly in the shown language; its citations are the English one's."""
    return {
        "number": f.number,
        "language": f.lang,
        "text": f.text,
        "text_missing": f.footnote.text_missing,
        "citations": [citation(c, links) for c in f.citations],
        "references": references,
    }


def references(rows) -> dict[object, list[dict]]:
    """(footnote, paragraph anchor, offset) rows → footnote → its ``references`` (every marker pointing to it)."""
    where: dict[object, list[dict]] = {}
    for footnote_key, anchor, offset in rows:
        where.setdefault(footnote_key, []).append({"paragraph": anchor, "offset": offset})
    return where


def paragraph(
    p: Paragraph, symbol: str, refs: list[tuple[int, int]], anchors: dict[int, str], links: Links, shown=None
) -> dict:
    """``refs``: (footnote number, offset) of the markers; ``anchors``: paragraph id → anchor; ``shown``:
    the paragraph's text in another language (a ``ParagraphText``), whose text and markers are given instead."""
    text, language = (shown.text, shown.language) if shown is not None else (p.text, "en")
    if shown is not None:
        refs = [(n, o) for n, o in shown.refs]
    return {
        "anchor": p.anchor,
        "position": p.position,
        "kind": p.kind,
        "number": p.number or None,
        "ordinal": p.ordinal,
        "label": p.label,
        "citation": f"{symbol}, {p.label}",
        "opening": p.opening or None,
        "section": p.section or None,
        "parent": anchors.get(p.parent_id) if p.parent_id else None,
        "language": language,
        "text": text,
        "markers": [{"footnote": n, "offset": o} for n, o in refs],
        "links": links.paragraph(symbol, p.anchor),
    }


def citation(c: Citation, links: Links) -> dict:
    return {
        "position": c.position,
        "cited_key": c.cited_key,
        "pinpoint": c.pinpoint or None,
        "raw": c.raw,
        "instrument": instrument_ref(c.instrument, links),
    }


def footnote(
    f: Footnote, links: Links, references: list[dict] | None = None, shown: tuple[str, str] | None = None
) -> dict:
    """``shown``: (language, text) of the footnote in another language; its citations are the English one's."""
    language, text = shown or ("en", f.text)
    return {
        "number": f.number,
        "language": language,
        "text": text,
        "text_missing": f.text_missing,
        "citations": [citation(c, links) for c in f.citations.all()],
        "references": references or [],
    }


def instrument_ref(i: Instrument, links: Links) -> dict:
    return {"key": i.key, "kind": i.kind, "title": i.title, "links": links.instrument(i.key, i.url)}


def instrument_summary(i: Instrument, links: Links) -> dict:
    return {
        **instrument_ref(i, links),
        "title_inferred": i.title_inferred,
        "documents": getattr(i, "documents", None),
        "first_session": getattr(i, "first_session", None),
        "last_session": getattr(i, "last_session", None),
        "archive_document": document_ref(i.document, links) if i.document_id else None,
    }


def instrument_detail(i: Instrument, sessions: list[dict], links: Links) -> dict:
    """``sessions``: ``archive.citations.queries.citing_paragraphs`` (citations grouped by session)."""
    citations = []
    for group in sessions:
        for entry in group["entries"]:
            c, d = entry["citation"], entry["document"]
            citations.append(
                {
                    "session": d.session,
                    "document": document_ref(d, links),
                    "footnote": {"number": c.footnote.number, "text": c.footnote.text},
                    "cited_key": c.cited_key,
                    "pinpoint": c.pinpoint or None,
                    "raw": c.raw,
                    "paragraphs": [
                        {
                            "anchor": p.anchor,
                            "kind": p.kind,
                            "label": p.label,
                            "citation": f"{d.symbol}, {p.label}",
                            "text": p.text,
                            "links": links.paragraph(d.symbol, p.anchor),
                        }
                        for p in entry["paragraphs"]
                    ],
                }
            )
    documents = {c["document"]["symbol"] for c in citations}
    sessions_cited = [c["session"] for c in citations]
    i.documents = len(documents)
    i.first_session = min(sessions_cited, default=None)
    i.last_session = max(sessions_cited, default=None)
    return {
        **instrument_summary(i, links),
        "aliases": sorted(a.key for a in i.aliases.all()),
        "citations": citations,
    }


def member(m, links: Links) -> dict:
    """A series member, held or not: its document links when held, its official copy when known."""
    return {
        "symbol": m.symbol or None,
        "name": m.name,
        "kind": m.kind,
        "session": m.session,
        "number": m.number or None,
        "adopted": _date(m.adopted),
        "year": m.adopted.year if m.adopted else m.year,
        "held": m.held,
        "takes_note_of": m.takes_note_of or None,
        "requests_session": m.requests_session,
        "answers": m.answers or None,
        "note": m.note or None,
        "sources": m.sources,
        "links": {
            "self": links.abs(reverse("api:document", args=[m.symbol])) if m.held else None,
            "html": links.abs(reverse("archive:document", args=[m.symbol])) if m.symbol else None,
            "official": m.official_url or None,
        },
    }


def series_summary(s, members: list, links: Links) -> dict:
    return {
        "slug": s.slug,
        "title": s.title,
        "detected": s.detected,
        "committee": s.committee or None,
        "agenda_item": s.agenda_item or None,
        "member_count": len(members),
        "held_count": sum(m.held for m in members),
        **asdict(MemberCounts.of(members)),
        "sessions": sorted({m.session for m in members}),
        "links": {
            "self": links.abs(reverse("api:series", args=[s.slug])),
            "html": links.abs(reverse("archive:series", args=[s.slug])),
        },
    }


def series_detail(s, members: list, links: Links) -> dict:
    rows = []
    for m in members:
        row = member(m, links)
        if m.kind == "resolution":
            asked = next((r for r in members if r.kind == "report" and r.session == m.requests_session), None)
            row["answered_by"] = asked.name if asked else None
        else:
            row["answered_by"] = None
        noted = next(
            (r for r in members if r.kind == "resolution" and r.takes_note_of and r.takes_note_of == m.symbol), None
        )
        row["taken_note_of_by"] = noted.name if noted else None
        rows.append(row)
    return {
        **series_summary(s, members, links),
        "began": s.began or None,
        "began_source": s.began_source or None,
        "members": rows,
    }


def mention(m: dict, links: Links) -> dict:
    """A text mention (``archive.citations.queries.text_mentions``): the paragraph and the words that name it."""
    d, p = m["document"], m["paragraph"]
    return {
        "session": d.session,
        "document": document_ref(d, links),
        "paragraph": {
            "anchor": p.anchor,
            "label": p.label,
            "citation": f"{d.symbol}, {p.label}",
            "text": p.text,
            "links": links.paragraph(d.symbol, p.anchor),
        },
        "named_as": m["words"],
        "found_by": m["mention"].kind,
        "start": m["mention"].start,
        "end": m["mention"].end,
    }


def record(r) -> dict | None:
    """The metadata record (``archive.documents.records.Record``: votes by Member State, sponsors, subjects),
    or None when the archive holds none."""
    if not r.held:
        return None

    def states(entries):
        return [{"name": e.name, "role": e.role or None, "recognised": not e.unknown} for e in entries]

    return {
        "adoption_type": r.adoption_type or None,
        "votes": {g.key: {"count": g.count, "states": states(g.states)} for g in r.votes},
        "sponsors": states(r.sponsors),
        "additional_sponsors": states(r.additional_sponsors),
        "statements": r.statements,
        "subjects": [{"subject": s, "thesaurus": t or None} for s, t in r.subjects],
        "committee_report": r.committee_report[0] if r.committee_report else None,
        "meeting_record": r.meeting_record[0] if r.meeting_record else None,
    }
