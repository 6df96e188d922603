"""CSV rows for spreadsheets: search results and an instrument's citations, streamed.

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

SEARCH_COLUMNS = ["document", "document_kind", "session", "paragraph", "anchor", "paragraph_kind", "number",
                  "opening", "text", "footnotes", "url", "json_url"]
CITATION_COLUMNS = ["instrument", "instrument_title", "session", "document", "document_title", "footnote",
                    "footnote_text", "cited_key", "pinpoint", "paragraph", "anchor", "paragraph_text", "url"]


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
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def search_rows(qs: QuerySet, cap: int, url: Callable[[str, str], tuple[str, str]]) -> Iterator[list]:
    """Matching paragraphs in ``qs``'s order, at most ``cap``, read ``CHUNK`` at a time.

    ``url(symbol, anchor)`` gives the (HTML, JSON) addresses of a paragraph.
    """
    qs = qs.select_related("document")
    for start in range(0, cap, CHUNK):
        chunk = list(qs[start : min(start + CHUNK, cap)])
        if not chunk:
            return
        numbers: dict[int, list[int]] = {}
        for pid, number in (FootnoteReference.objects.filter(paragraph__in=[p.id for p in chunk])
                            .order_by("offset").values_list("paragraph_id", "footnote__number")):
            numbers.setdefault(pid, []).append(number)
        for p in chunk:
            d = p.document
            html, json = url(d.symbol, p.anchor)
            yield [d.symbol, d.kind, d.session, p.label, p.anchor, p.kind, p.number, p.opening, p.text,
                   " ".join(str(n) for n in numbers.get(p.id, [])), html, json]
        if len(chunk) < CHUNK:
            return


def citation_rows(instrument: Instrument, sessions: list[dict], url: Callable[[str, str], str]) -> Iterator[list]:
    """One row per citing paragraph (or per citing footnote that no paragraph references)."""
    for group in sessions:
        for entry in group["entries"]:
            c, d = entry["citation"], entry["document"]
            head = [instrument.key, instrument.title, d.session, d.symbol, d.title, c.footnote.number,
                    c.footnote.text, c.cited_key, c.pinpoint]
            if not entry["paragraphs"]:
                yield head + ["", "", "", ""]
            for p in entry["paragraphs"]:
                yield head + [p.label, p.anchor, p.text, url(d.symbol, p.anchor)]
