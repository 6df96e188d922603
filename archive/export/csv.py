"""CSV rows for spreadsheets: search results (paragraphs, footnotes), an instrument's citations and
text mentions, a comparison of two resolutions and a paragraph's history, streamed.

Files start with a UTF-8 byte-order mark: without it Excel reads UTF-8 as a legacy code
page and turns "’" into "â€™".

Why streamed: a search can match thousands of paragraphs; rows are read from the
database in chunks and written as they come, so neither the worker's memory nor the
time to the first byte grows with the result. Why ``safe_cell``: a researcher opens
the file in a spreadsheet, where a cell starting with ``=``, ``+``, ``-`` or ``@``
is a formula (CSV injection); such cells get a leading apostrophe, which spreadsheets
show as text and do not evaluate.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet

from archive.models import FootnoteReference, Instrument

CHUNK = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

BOM = "\ufeff"
SEARCH_COLUMNS = [
    "document",
    "document_kind",
    "session",
    "paragraph",
    "anchor",
    "paragraph_kind",
    "number",
    "parent",
    "opening",
    "text",
    "footnotes",
    "url",
    "json_url",
    "language",
]
FOOTNOTE_COLUMNS = [
    "document",
    "document_kind",
    "session",
    "footnote",
    "text",
    "text_missing",
    "cites",
    "paragraphs",
    "url",
    "language",
]
MENTION_COLUMNS = [
    "instrument",
    "instrument_title",
    "session",
    "document",
    "document_title",
    "paragraph",
    "anchor",
    "named_as",
    "found_by",
    "paragraph_text",
    "url",
]
COMPARE_COLUMNS = [
    "row",
    "status",
    "moved",
    "opening_change",
    "from_document",
    "from_paragraphs",
    "from_language",
    "from_text",
    "to_document",
    "to_paragraphs",
    "to_language",
    "to_text",
    "from_url",
    "to_url",
]
HISTORY_COLUMNS = [
    "version",
    "document",
    "session",
    "date",
    "paragraph",
    "anchor",
    "status",
    "opening",
    "language",
    "text",
    "changes",
    "url",
]
CITATION_COLUMNS = [
    "instrument",
    "instrument_title",
    "session",
    "document",
    "document_title",
    "footnote",
    "footnote_language",
    "footnote_text",
    "cited_key",
    "pinpoint",
    "paragraph",
    "anchor",
    "paragraph_language",
    "paragraph_text",
    "url",
]


def safe_cell(value) -> str | int:
    """The value as a cell that a spreadsheet will not evaluate."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    """A file-like object whose write returns the line (csv.writer writes to it, we yield)."""

    def write(self, value: str) -> str:
        return value


def stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def search_rows(
    qs: QuerySet, cap: int, url: Callable[[str, str], tuple[str, str]], language: str = "en"
) -> Iterator[list]:
    """Matching paragraphs in ``qs``'s order, at most ``cap``, read ``CHUNK`` at a time.

    ``url(symbol, anchor)`` gives the (HTML, JSON) addresses of a paragraph; ``language``: the
    texts (and the order of their markers) in that language, where the paragraph has one.
    """
    from archive.models import ParagraphText

    qs = qs.select_related("document", "parent")
    for start in range(0, cap, CHUNK):
        chunk = list(qs[start : min(start + CHUNK, cap)])
        if not chunk:
            return
        numbers: dict[int, list[int]] = {}
        for pid, number in (
            FootnoteReference.objects.filter(paragraph__in=[p.id for p in chunk])
            .order_by("offset")
            .values_list("paragraph_id", "footnote__number")
        ):
            numbers.setdefault(pid, []).append(number)
        texts = (
            {}
            if language == "en"
            else {
                t.paragraph_id: t
                for t in ParagraphText.objects.filter(paragraph__in=[p.id for p in chunk], language=language)
            }
        )
        for p in chunk:
            d = p.document
            html, json = url(d.symbol, p.anchor)
            t = texts.get(p.id)
            if t is not None:
                numbers[p.id] = [n for n, _ in sorted(t.refs, key=lambda r: r[1])]
            yield [
                d.symbol,
                d.kind,
                d.session,
                p.label,
                p.anchor,
                p.kind,
                p.number,
                p.parent.anchor if p.parent_id else "",
                p.opening,
                t.text if t else p.text,
                " ".join(str(n) for n in numbers.get(p.id, [])),
                html,
                json,
                t.language if t else "en",
            ]
        if len(chunk) < CHUNK:
            return


def citation_rows(instrument: Instrument, sessions: list[dict], url: Callable[[str, str], str]) -> Iterator[list]:
    """One row per citing paragraph (or per citing footnote that no paragraph references)."""
    for group in sessions:
        for entry in group["entries"]:
            c, d = entry["citation"], entry["document"]
            head = [
                instrument.key,
                instrument.title,
                d.session,
                d.symbol,
                d.title,
                c.footnote.number,
                entry.get("lang", "en"),
                entry.get("footnote_text", c.footnote.text),
                c.cited_key,
                c.pinpoint,
            ]
            if not entry["paragraphs"]:
                yield head + ["", "", "", "", ""]
            for p in entry["paragraphs"]:
                yield head + [p.label, p.anchor, _language(p), _shown(p), url(d.symbol, p.anchor)]


def footnote_rows(qs: QuerySet, cap: int, url: Callable[[str, int], str], language: str = "en") -> Iterator[list]:
    """Matching footnotes oldest first, at most ``cap``, with what they cite and the paragraphs marking them;
    ``language``: their texts in that language, where the footnote has one."""
    from archive.models import Citation, FootnoteText

    qs = qs.select_related("document").defer("search").order_by("document__session", "document__symbol", "number")
    for start in range(0, cap, CHUNK):
        chunk = list(qs[start : min(start + CHUNK, cap)])
        if not chunk:
            return
        ids = [f.id for f in chunk]
        cites: dict[int, list[str]] = {}
        for fid, title, pinpoint in (
            Citation.objects.filter(footnote_id__in=ids)
            .order_by("footnote_id", "position")
            .values_list("footnote_id", "instrument__title", "pinpoint")
        ):
            cites.setdefault(fid, []).append(f"{title} ({pinpoint})" if pinpoint else title)
        where: dict[int, list[str]] = {}
        for fid, anchor in (
            FootnoteReference.objects.filter(footnote_id__in=ids)
            .order_by("footnote_id", "paragraph__position")
            .values_list("footnote_id", "paragraph__anchor")
        ):
            if anchor not in where.setdefault(fid, []):
                where[fid].append(anchor)
        texts = (
            {}
            if language == "en"
            else dict(
                FootnoteText.objects.filter(footnote_id__in=ids, language=language).values_list("footnote_id", "text")
            )
        )
        for f in chunk:
            d = f.document
            text = texts.get(f.id)
            yield [
                d.symbol,
                d.kind,
                d.session,
                f.number,
                f.text if text is None else text,
                "yes" if f.text_missing else "no",
                "; ".join(cites.get(f.id, [])),
                " ".join(where.get(f.id, [])),
                url(d.symbol, f.number),
                "en" if text is None else language,
            ]
        if len(chunk) < CHUNK:
            return


def mention_rows(instrument: Instrument, mentions: list[dict], url: Callable[[str, str], str]) -> Iterator[list]:
    for m in mentions:
        d, p = m["document"], m["paragraph"]
        yield [
            instrument.key,
            instrument.title,
            d.session,
            d.symbol,
            d.title,
            p.label,
            p.anchor,
            m["words"],
            m["mention"].get_kind_display(),
            p.text,
            url(d.symbol, p.anchor),
        ]


def compare_rows(rows, a, b, url: Callable[[str, str], str]) -> Iterator[list]:
    """One row per aligned pair (or split/merge group) of ``a`` and ``b``, in the later resolution's order."""
    for i, r in enumerate(rows, start=1):
        yield [
            i,
            r.status,
            "yes" if r.moved else "no",
            r.opening_change or "",
            a.symbol,
            " ".join(p.label for p in r.old),
            _languages(r.old),
            "\n\n".join(_shown(p) for p in r.old),
            b.symbol,
            " ".join(p.label for p in r.new),
            _languages(r.new),
            "\n\n".join(_shown(p) for p in r.new),
            " ".join(url(a.symbol, p.anchor) for p in r.old),
            " ".join(url(b.symbol, p.anchor) for p in r.new),
        ]


def history_rows(versions, url: Callable[[str, str], str], plain_diff: Callable) -> Iterator[list]:
    """Every version of a paragraph oldest first; ``changes`` is the word diff from the version before."""
    for i, v in enumerate(versions, start=1):
        p, d = v.paragraph, v.paragraph.document
        date = d.adopted or d.distributed
        yield [
            i,
            d.symbol,
            d.session,
            date.isoformat() if date else "",
            p.label,
            p.anchor,
            v.link.status if v.link else "first",
            p.opening,
            _language(p),
            _shown(p),
            plain_diff(v),
            url(d.symbol, p.anchor),
        ]


def _language(p) -> str:
    """The language of ``_shown(p)``: the one asked for, or en where the paragraph has no text in it."""
    return getattr(p, "shown_lang", "en")


def _languages(paragraphs) -> str:
    """The languages of a split or merge group's texts, one per paragraph (a single one when they agree)."""
    codes = [_language(p) for p in paragraphs]
    return " ".join(codes) if len(set(codes)) > 1 else (codes[0] if codes else "")


def _shown(p) -> str:
    """A paragraph's text in the language its page asked for (``archive.documents.languages.localize``), else English."""
    return getattr(p, "shown_text", p.text)
