"""Persist one parsed document, atomically: the archive holds its old state or its new one.

A document is replaced whole (delete, then insert everything again) inside one
transaction; a document whose fingerprint is unchanged is left alone, so re-running
ingest on unchanged sources writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from archive.citations.resolve import ResolvedCitation
from archive.citations.store import InstrumentRegistry, save_citations
from archive.documents.anchors import paragraph_anchors
from archive.models import (
    Document,
    DocumentVersion,
    Footnote,
    FootnoteReference,
    FootnoteText,
    Paragraph,
    ParagraphText,
    Series,
)
from archive.parsing.cjk import bigram_text
from archive.parsing.document import Anomaly, ParsedDocument, ParsedParagraph
from archive.parsing.languages import LANGUAGES, AlignedVersion

from .mentions import save_mentions, save_text_spans


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


def _series(spec: dict | None) -> Series | None:
    if not spec:
        return None
    series, _ = Series.objects.get_or_create(slug=spec["slug"], defaults={"title": spec["title"]})
    return series


def save_document(plan: Plan, registry: InstrumentRegistry | None = None) -> str:
    """Write the plan; returns 'loaded', 'replaced' or 'unchanged'."""
    registry = registry or InstrumentRegistry()
    doc = plan.doc
    with transaction.atomic():
        existing = Document.objects.select_for_update().filter(symbol=doc.symbol).first()
        if existing is not None and existing.source_fingerprint == plan.fingerprint:
            return "unchanged"
        status = "replaced" if existing is not None else "loaded"
        if existing is not None:
            existing.delete()
        extra = dict(doc.extra)
        votes = extra.get("votes") or {}  # counts here; the lists of Member States stay in metadata
        document = Document.objects.create(
            symbol=doc.symbol,
            kind=doc.kind,
            number=doc.number or "",
            session=doc.session,
            title=doc.title or "",
            series=_series(plan.series),
            adopted=doc.adopted,
            distributed=doc.distributed,
            agenda_item=doc.agenda_item or "",
            committee_report=doc.committee_report or "",
            meeting=doc.meeting or "",
            adoption_type=extra.pop("adoption_type", "") or "",
            votes_yes=votes.get("in_favour"),
            votes_no=votes.get("against"),
            votes_abstain=votes.get("abstaining"),
            sponsors=extra.pop("sponsors", []) or [],
            metadata=extra,
            source_file=plan.source_file,
            source_format=doc.format,
            source_fingerprint=plan.fingerprint,
            source_digests=plan.source_digests,
            source_note=plan.source_note,
            anomalies=[
                {"code": a.code, "message": a.message, "line": a.line}
                for a in doc.anomalies + [a for v in plan.versions for a in v.anomalies]
            ],
        )
        rows, footnotes = _save_body(document, plan, registry)
        _save_versions(document, plan, rows, footnotes)
    return status


def _save_body(document: Document, plan: Plan, registry: InstrumentRegistry) -> None:
    doc = plan.doc
    rows = []
    for p, (anchor, ordinal) in zip(doc.paragraphs, paragraph_anchors(doc.paragraphs)):
        rows.append(
            Paragraph(
                document=document,
                position=len(rows),
                kind=p.kind,
                number=p.number or "",
                ordinal=ordinal,
                opening=p.opening or "",
                text=p.text,
                section=p.section or "",
                anchor=anchor,
                source_line=p.line,
            )
        )
    Paragraph.objects.bulk_create(rows)
    _attach_subitems(doc.paragraphs, rows)

    present = {f.number: f for f in doc.footnotes}
    referenced = {r.number for p in doc.paragraphs for r in p.refs}
    footnotes = {
        n: Footnote(
            document=document, number=n, text=present[n].text if n in present else "", text_missing=n not in present
        )
        for n in sorted(set(present) | referenced)
    }
    Footnote.objects.bulk_create(footnotes.values())
    FootnoteReference.objects.bulk_create(
        [
            FootnoteReference(footnote=footnotes[r.number], paragraph=row, offset=r.offset)
            for p, row in zip(doc.paragraphs, rows)
            for r in p.refs
        ],
        ignore_conflicts=True,
    )
    save_citations(footnotes, plan.citations, registry)
    save_mentions(doc, rows)
    save_text_spans(rows)
    return rows, footnotes


def _save_versions(document: Document, plan: Plan, rows: list[Paragraph], footnotes: dict[int, Footnote]) -> None:
    """Each other language's texts on the English paragraphs and footnotes they were aligned to;
    the search vector of each in its own language's configuration (one statement for all)."""
    from django.db import connection

    texts, notes = [], []
    for v in plan.versions:
        source_file, parse_anomalies = plan.version_sources.get(v.language, ("", []))
        DocumentVersion.objects.create(
            document=document,
            language=v.language,
            title=v.title[:500],
            source_file=source_file,
            aligned=v.aligned,
            anomalies=[{"code": a.code, "message": a.message, "line": a.line} for a in parse_anomalies + v.anomalies],
        )
        segmented = LANGUAGES[v.language].segmented
        texts += [
            ParagraphText(
                paragraph=row,
                language=v.language,
                text=p.text,
                number=p.number,
                opening=p.opening[:100],
                refs=[[r.number, r.offset] for r in p.refs],
                search_text=bigram_text(p.text) if segmented else p.text,
            )
            for p, row in zip(v.paragraphs, rows)
            if p is not None
        ]
        notes += [
            FootnoteText(
                footnote=footnotes[n],
                language=v.language,
                text=text,
                search_text=bigram_text(text) if segmented else text,
            )
            for n, text in v.footnotes.items()
            if n in footnotes
        ]
    if not texts:
        return
    ParagraphText.objects.bulk_create(texts)
    FootnoteText.objects.bulk_create(notes)
    configs = " ".join(f"WHEN '{c}' THEN '{lang.search_config}'::regconfig" for c, lang in LANGUAGES.items())
    with connection.cursor() as cursor:  # the configurations are the table's constants, not input
        cursor.execute(
            f"UPDATE archive_paragraphtext t SET search = to_tsvector(CASE t.language {configs} END, t.search_text) "
            "FROM archive_paragraph p WHERE p.id = t.paragraph_id AND p.document_id = %s",
            [document.id],
        )
        cursor.execute(
            f"UPDATE archive_footnotetext t SET search = to_tsvector(CASE t.language {configs} END, t.search_text) "
            "FROM archive_footnote f WHERE f.id = t.footnote_id AND f.document_id = %s",
            [document.id],
        )


def _attach_subitems(parsed: list[ParsedParagraph], rows: list[Paragraph]) -> None:
    """A sub-item belongs to the nearest numbered paragraph above it with the same number."""
    changed = []
    last_numbered: dict[str, Paragraph] = {}
    for p, row in zip(parsed, rows):
        if p.kind in ("operative", "report") and p.number:
            last_numbered[p.number] = row
        elif p.kind == "subparagraph" and p.number:
            parent = last_numbered.get(p.number.split("(")[0])
            if parent is not None:
                row.parent = parent
                changed.append(row)
    if changed:
        Paragraph.objects.bulk_update(changed, ["parent"])
