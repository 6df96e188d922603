"""Persist parsed documents, atomically per document: the archive holds a document's old state or its new one.

A document is replaced whole (delete, then insert everything again); a document whose
fingerprint is unchanged is left alone, so re-running ingest on unchanged sources writes
nothing. Documents are written in batches, one transaction per batch: each table's rows of the
whole batch in one ``COPY``, their ids taken from the tables' sequences beforehand (so that
paragraphs, footnotes and what points to them go in without reading anything back), and the
search vectors of the other languages computed by PostgreSQL in the one ``INSERT ... SELECT``
that moves them from a staging table. When a batch fails, ``save_documents`` writes its
documents again one transaction each, so that the good ones load and only the bad one fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from archive.citations.resolve import ResolvedCitation
from archive.citations.store import citation_rows
from archive.documents.anchors import paragraph_anchors
from archive.models import (
    Citation,
    Document,
    DocumentVersion,
    Footnote,
    FootnoteReference,
    FootnoteText,
    Mention,
    Paragraph,
    ParagraphText,
    Series,
    TextSpan,
)
from archive.parsing.cjk import bigram_text
from archive.parsing.document import Anomaly, ParsedDocument, ParsedParagraph
from archive.parsing.languages import LANGUAGES, AlignedVersion
from archive.search.indexing import language_vector_sql
from archive.search.results import text_key

from .mentions import text_rows

# Documents per transaction: large enough that round trips and commits stop counting, small
# enough that a failed batch written again one document at a time costs little.
BATCH = 40


@dataclass
class Plan:
    """Everything needed to write one document."""

    doc: ParsedDocument
    fingerprint: str
    source_file: str
    source_note: str
    series: dict | None
    citations: dict[int, list[ResolvedCitation]]  # footnote number -> citations
    versions: list[AlignedVersion] = field(default_factory=list)  # the other languages, aligned
    version_sources: dict[str, tuple[str, list[Anomaly]]] = field(default_factory=dict)  # lang -> (file, anomalies)
    source_given: str = ""  # the shown source as given to ingest: how its errors name it
    source_digests: list[str] = field(default_factory=list)  # SHA-256 of each source read, the shown one first
    source_size: int | None = None  # bytes of the shown source
    version_files: dict[str, tuple[str, int]] = field(default_factory=dict)  # lang -> (SHA-256, bytes) of its source
    instruments: dict[str, int] = field(default_factory=dict)  # cited key -> instrument id, recorded beforehand
    # files given by path: when they are only some of the sources the stored document was built
    # from, all unchanged, the document is kept (giving part of its sources removes none)
    kept_when_fewer: bool = False

    def gives_only_part_of(self, stored_digests: list[str]) -> bool:
        return self.kept_when_fewer and set(self.source_digests) < set(stored_digests)


Outcome = tuple[str, Exception | None]  # (loaded | replaced | unchanged | failed, why it failed)


def save_document(plan: Plan) -> str:
    """Write one plan in its own transaction; returns 'loaded', 'replaced' or 'unchanged'."""
    return save_batch([plan])[0]


def save_documents(plans: list[Plan]) -> list[Outcome]:
    """Write ``plans`` in batches of ``BATCH``; a batch that fails is written again one document per
    transaction, so that only the documents that fail alone fail, each with its own exception."""
    out: list[Outcome] = []
    for start in range(0, len(plans), BATCH):
        out += _save_with_fallback(plans[start : start + BATCH])
    return out


def _save_with_fallback(plans: list[Plan]) -> list[Outcome]:
    if len(plans) > 1:
        try:
            return [(status, None) for status in save_batch(plans)]
        except Exception:  # noqa: BLE001 - each document is written again alone, and its own error reported
            pass
    out: list[Outcome] = []
    for plan in plans:
        try:
            out.append((save_batch([plan])[0], None))
        except Exception as e:  # reported per document by the caller, which tells a bug from bad data
            out.append(("failed", e))
    return out


def save_batch(plans: list[Plan]) -> list[str]:
    """Write every plan in one transaction: each one's status, or the exception that rolled them all back."""
    with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
        symbols = [p.doc.symbol for p in plans]
        cursor.execute(
            "SELECT symbol, id, source_fingerprint, source_digests FROM archive_document "
            "WHERE symbol = ANY(%s) FOR UPDATE",
            [symbols],
        )
        # (Django reads jsonb as text: decoded here)
        existing = {
            symbol: (pk, fingerprint, json.loads(digests)) for symbol, pk, fingerprint, digests in cursor.fetchall()
        }
        statuses, todo = [], []
        for plan in plans:
            old = existing.get(plan.doc.symbol)
            if old is not None and (old[1] == plan.fingerprint or plan.gives_only_part_of(old[2])):
                statuses.append("unchanged")
                continue
            statuses.append("replaced" if old is not None else "loaded")
            todo.append(plan)
        replaced = [existing[p.doc.symbol][0] for p in todo if p.doc.symbol in existing]
        if replaced:
            # Django's delete: it follows every relation (lineage, series members) the database does not cascade
            Document.objects.filter(id__in=replaced).delete()
        if todo:
            _Rows(todo, cursor).write()
    return statuses


class _Rows:
    """The rows of a batch of documents, built in Python with ids taken beforehand, then copied in."""

    def __init__(self, plans: list[Plan], cursor):
        self.plans = plans
        self.cursor = cursor
        self.series = _series_ids({p.series["slug"]: p.series for p in plans if p.series})
        self.tables: dict[type, list[tuple]] = {}

    def write(self) -> None:
        plans = self.plans
        n_paragraphs = sum(len(p.doc.paragraphs) for p in plans)
        footnote_numbers = [_footnote_numbers(p.doc) for p in plans]
        ids = _take_ids(
            self.cursor,
            {Document: len(plans), Paragraph: n_paragraphs, Footnote: sum(len(f) for f in footnote_numbers)},
        )
        documents, paragraphs, footnotes = iter(ids[Document]), iter(ids[Paragraph]), iter(ids[Footnote])
        now = timezone.now()
        for plan, numbers in zip(plans, footnote_numbers):
            document_id = next(documents)
            paragraph_ids = [next(paragraphs) for _ in plan.doc.paragraphs]
            footnote_ids = {n: next(footnotes) for n in numbers}
            self._document(plan, document_id, now)
            self._body(plan, document_id, paragraph_ids, footnote_ids)
            self._versions(plan, document_id, paragraph_ids, footnote_ids)
        for model in COPIED:
            if self.tables.get(model):
                _copy(self.cursor, model, COLUMNS[model], self.tables[model])
        _insert_with_vectors(self.cursor, self.tables.get(_StagedParagraphText, []), ParagraphText)
        _insert_with_vectors(self.cursor, self.tables.get(_StagedFootnoteText, []), FootnoteText)

    def add(self, model: type, rows: Iterable[tuple]) -> None:
        self.tables.setdefault(model, []).extend(rows)

    def _document(self, plan: Plan, document_id: int, now) -> None:
        doc = plan.doc
        extra = dict(doc.extra)
        votes = extra.get("votes") or {}  # counts here; the lists of Member States stay in metadata
        adoption_type = extra.pop("adoption_type", "") or ""
        sponsors = extra.pop("sponsors", []) or []
        anomalies = doc.anomalies + [a for v in plan.versions for a in v.anomalies]
        self.add(
            Document,
            [
                (
                    document_id,
                    doc.symbol,
                    doc.kind,
                    doc.number or "",
                    doc.session,
                    doc.title or "",
                    self.series.get(plan.series["slug"]) if plan.series else None,
                    doc.adopted,
                    doc.distributed,
                    doc.agenda_item or "",
                    doc.committee_report or "",
                    doc.meeting or "",
                    adoption_type,
                    votes.get("in_favour"),
                    votes.get("against"),
                    votes.get("abstaining"),
                    json.dumps(sponsors),
                    json.dumps(extra),
                    None,
                    plan.source_file,
                    doc.format,
                    plan.fingerprint,
                    json.dumps(plan.source_digests),
                    plan.source_size,
                    plan.source_note,
                    json.dumps(_anomalies(anomalies)),
                    now,
                )
            ],
        )

    def _body(self, plan: Plan, document_id: int, paragraph_ids: list[int], footnote_ids: dict[int, int]) -> None:
        doc = plan.doc
        parents = _parents(doc.paragraphs, paragraph_ids)
        self.add(
            Paragraph,
            (
                (
                    pk,
                    document_id,
                    position,
                    p.kind,
                    p.number or "",
                    ordinal,
                    p.opening or "",
                    p.text,
                    p.section or "",
                    anchor,
                    parents.get(pk),
                    p.line,
                    text_key(p.text),
                )
                for position, (p, pk, (anchor, ordinal)) in enumerate(
                    zip(doc.paragraphs, paragraph_ids, paragraph_anchors(doc.paragraphs))
                )
            ),
        )
        present = {f.number: f.text for f in doc.footnotes}
        self.add(
            Footnote,
            ((pk, document_id, n, present.get(n, ""), n not in present) for n, pk in footnote_ids.items()),
        )
        references = {}  # one row per marker position: a repeated marker at one offset is one reference
        for p, pk in zip(doc.paragraphs, paragraph_ids):
            for r in p.refs:
                references.setdefault((footnote_ids[r.number], pk, r.offset), None)
        self.add(FootnoteReference, references)
        self.add(Citation, citation_rows(footnote_ids, plan.citations, plan.instruments))
        mentions, spans = text_rows(doc, document_id, paragraph_ids)
        self.add(Mention, mentions)
        self.add(TextSpan, spans)

    def _versions(self, plan: Plan, document_id: int, paragraph_ids: list[int], footnote_ids: dict[int, int]) -> None:
        """Each other language's texts on the English paragraphs and footnotes they were aligned to."""
        for v in plan.versions:
            source_file, parse_anomalies = plan.version_sources.get(v.language, ("", []))
            digest, size = plan.version_files.get(v.language, ("", None))
            self.add(
                DocumentVersion,
                [
                    (
                        document_id,
                        v.language,
                        v.title[:500],
                        v.formula[:200],
                        v.cover_title[:300],
                        json.dumps(v.printed_lines),
                        source_file,
                        digest,
                        size,
                        v.aligned,
                        json.dumps(_anomalies(parse_anomalies + v.anomalies)),
                    )
                ],
            )
            segmented = LANGUAGES[v.language].segmented
            self.add(
                _StagedParagraphText,
                (
                    (
                        pk,
                        v.language,
                        p.text,
                        p.number,
                        p.opening[:100],
                        json.dumps([[r.number, r.offset] for r in p.refs]),
                        bigram_text(p.text) if segmented else p.text,
                    )
                    for p, pk in zip(v.paragraphs, paragraph_ids)
                    if p is not None
                ),
            )
            self.add(
                _StagedFootnoteText,
                (
                    (footnote_ids[n], v.language, text, bigram_text(text) if segmented else text)
                    for n, text in v.footnotes.items()
                    if n in footnote_ids
                ),
            )


class _StagedParagraphText:
    """ParagraphText rows on their way in: copied to a staging table, then inserted with their vectors."""


class _StagedFootnoteText:
    """FootnoteText rows on their way in, likewise."""


# The columns each table is copied with, in the order ``_Rows`` builds its tuples.
COLUMNS: dict[type, list[str]] = {
    Document: [
        "id",
        "symbol",
        "kind",
        "number",
        "session",
        "title",
        "series_id",
        "adopted",
        "distributed",
        "agenda_item",
        "committee_report",
        "meeting",
        "adoption_type",
        "votes_yes",
        "votes_no",
        "votes_abstain",
        "sponsors",
        "metadata",
        "answers_id",
        "source_file",
        "source_format",
        "source_fingerprint",
        "source_digests",
        "source_size",
        "source_note",
        "anomalies",
        "loaded_at",
    ],
    Paragraph: [
        "id",
        "document_id",
        "position",
        "kind",
        "number",
        "ordinal",
        "opening",
        "text",
        "section",
        "anchor",
        "parent_id",
        "source_line",
        "text_key",
    ],
    Footnote: ["id", "document_id", "number", "text", "text_missing"],
    FootnoteReference: ["footnote_id", "paragraph_id", "offset"],
    Citation: ["footnote_id", "instrument_id", "position", "cited_key", "pinpoint", "raw"],
    Mention: ["paragraph_id", "document_id", "position", "key", "kind", "start", "end", "text"],
    TextSpan: ["paragraph_id", "kind", "start", "end", "symbol", "session"],
    DocumentVersion: [
        "document_id",
        "language",
        "title",
        "formula",
        "cover_title",
        "printed_lines",
        "source_file",
        "source_digest",
        "source_size",
        "aligned",
        "anomalies",
    ],
    _StagedParagraphText: ["paragraph_id", "language", "text", "number", "opening", "refs", "search_text"],
    _StagedFootnoteText: ["footnote_id", "language", "text", "search_text"],
}
_STAGED = {ParagraphText: _StagedParagraphText, FootnoteText: _StagedFootnoteText}
COPIED = [model for model in COLUMNS if model not in _STAGED.values()]  # straight into their tables


def _copy(cursor, model: type, columns: list[str], rows: list[tuple]) -> None:
    table = _staging_table(model) if model in _STAGED.values() else model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _staging_table(staged: type) -> str:
    return f"persist_stage_{staged.__name__.lower().lstrip('_')}"


def _insert_with_vectors(cursor, rows: list[tuple], model: type) -> None:
    """Copy the rows to a temporary table, then insert them with the search vector of each in its
    own language's configuration (one statement for all)."""
    if not rows:
        return
    staged = _STAGED[model]
    stage = _staging_table(staged)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS[staged])
    # a staging table made in a transaction rolled back since is gone: made again when missing
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "
        f"SELECT {columns} FROM {model._meta.db_table} WITH NO DATA"
    )
    _copy(cursor, staged, COLUMNS[staged], rows)
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({columns}, search) SELECT {columns}, {language_vector_sql()} FROM {stage}"
    )
    cursor.execute(f"TRUNCATE {stage}")  # also within one transaction (a test), each batch its own rows


_COPY_CONTEXT_RE = re.compile(r"COPY (\w+), line (\d+)")


def refused_line(plan: Plan, error: Exception) -> int | None:
    """The source line of the paragraph or footnote whose row the database refused, when ``plan``'s
    document was written alone (``error`` as ``save_batch`` raised it); None when it cannot say."""
    diag = getattr(error.__cause__, "diag", None)
    m = _COPY_CONTEXT_RE.match(getattr(diag, "context", None) or "")
    if m is None:
        return None
    table, row = m.group(1), int(m.group(2)) - 1
    doc = plan.doc
    if table == Paragraph._meta.db_table and row < len(doc.paragraphs):
        return doc.paragraphs[row].line
    numbers = _footnote_numbers(doc)
    if table == Footnote._meta.db_table and row < len(numbers):
        return next((f.line for f in doc.footnotes if f.number == numbers[row]), None)
    return None


def _take_ids(cursor, counts: dict[type, int]) -> dict[type, list[int]]:
    """``n`` new ids from each table's sequence, in one round trip (safe beside other writers)."""
    models = list(counts)
    cursor.execute(
        "SELECT " + ", ".join("ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))" for _ in models),
        [v for m in models for v in (_sequence(cursor, m._meta.db_table), counts[m])],
    )
    return {m: sorted(ids) for m, ids in zip(models, cursor.fetchone())}


_sequences: dict[str, str] = {}


def _sequence(cursor, table: str) -> str:
    if table not in _sequences:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        _sequences[table] = cursor.fetchone()[0]
    return _sequences[table]


def _series_ids(specs: dict[str, dict]) -> dict[str, int]:
    ids = {}
    for slug, spec in specs.items():
        series, _ = Series.objects.get_or_create(slug=slug, defaults={"title": spec["title"]})
        ids[slug] = series.id
    return ids


def _footnote_numbers(doc: ParsedDocument) -> list[int]:
    """Every footnote the text gives or a marker references (one without text is recorded as missing)."""
    return sorted({f.number for f in doc.footnotes} | {r.number for p in doc.paragraphs for r in p.refs})


def _parents(parsed: list[ParsedParagraph], ids: list[int]) -> dict[int, int]:
    """A sub-item belongs to the nearest numbered paragraph above it with the same number."""
    parents = {}
    last_numbered: dict[str, int] = {}
    for p, pk in zip(parsed, ids):
        if p.kind in ("operative", "report") and p.number:
            last_numbered[p.number] = pk
        elif p.kind == "subparagraph" and p.number:
            parent = last_numbered.get(p.number.split("(")[0])
            if parent is not None:
                parents[pk] = parent
    return parents


def _anomalies(anomalies: list[Anomaly]) -> list[dict]:
    return [{"code": a.code, "message": a.message, "line": a.line} for a in anomalies]
