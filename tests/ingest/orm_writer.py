"""The rows of a plan as Django's ORM writes them (``create`` and ``bulk_create``, one document per
transaction): the reference the COPY writer of ``archive.ingest.persist`` is compared with."""

from __future__ import annotations

from django.db import connection, transaction

from archive.documents.anchors import paragraph_anchors
from archive.ingest.mentions import finder
from archive.ingest.persist import Plan
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
from archive.parsing.languages import LANGUAGES
from archive.parsing.symbols import linked_spans
from archive.search.indexing import language_vector_sql


def save(plan: Plan) -> None:
    doc = plan.doc
    with transaction.atomic():
        extra = dict(doc.extra)
        votes = extra.get("votes") or {}
        series = None
        if plan.series:
            series, _ = Series.objects.get_or_create(slug=plan.series["slug"], defaults={"title": plan.series["title"]})
        document = Document.objects.create(
            symbol=doc.symbol,
            kind=doc.kind,
            number=doc.number or "",
            session=doc.session,
            title=doc.title or "",
            series=series,
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
            source_size=plan.source_size,
            source_note=plan.source_note,
            anomalies=[
                {"code": a.code, "message": a.message, "line": a.line}
                for a in doc.anomalies + [a for v in plan.versions for a in v.anomalies]
            ],
        )
        rows = [
            Paragraph(
                document=document,
                position=i,
                kind=p.kind,
                number=p.number or "",
                ordinal=ordinal,
                opening=p.opening or "",
                text=p.text,
                section=p.section or "",
                anchor=anchor,
                source_line=p.line,
            )
            for i, (p, (anchor, ordinal)) in enumerate(zip(doc.paragraphs, paragraph_anchors(doc.paragraphs)))
        ]
        Paragraph.objects.bulk_create(rows)
        last_numbered, changed = {}, []
        for p, row in zip(doc.paragraphs, rows):
            if p.kind in ("operative", "report") and p.number:
                last_numbered[p.number] = row
            elif p.kind == "subparagraph" and p.number and (parent := last_numbered.get(p.number.split("(")[0])):
                row.parent = parent
                changed.append(row)
        Paragraph.objects.bulk_update(changed, ["parent"])
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
        Citation.objects.bulk_create(
            [
                Citation(
                    footnote=footnotes[number],
                    instrument_id=plan.instruments[c.key],
                    position=position,
                    cited_key=c.cited_key,
                    pinpoint=c.pinpoint or "",
                    raw=c.raw or "",
                )
                for number, cites in plan.citations.items()
                if number in footnotes
                for position, c in enumerate(c for c in cites if c.kind != "other")
            ]
        )
        find = finder().find
        Mention.objects.bulk_create(
            [
                Mention(
                    paragraph=row,
                    document_id=row.document_id,
                    position=row.position,
                    key=m.key[:300],
                    kind=m.kind,
                    start=m.start,
                    end=m.end,
                    text=m.text[:1000],
                )
                for p, row in zip(doc.paragraphs, rows)
                if row.kind != "heading"
                for m in find(p.text, [r.offset for r in p.refs], doc.symbol or "")
            ],
            ignore_conflicts=True,
        )
        TextSpan.objects.bulk_create(
            [
                TextSpan(paragraph=row, kind=s.kind, start=s.start, end=s.end, symbol=s.symbol[:300], session=s.session)
                for row in rows
                for s in linked_spans(row.text)
            ]
        )
        _versions(document, plan, rows, footnotes)


def _versions(document, plan, rows, footnotes) -> None:
    texts, notes = [], []
    for v in plan.versions:
        source_file, parse_anomalies = plan.version_sources.get(v.language, ("", []))
        digest, size = plan.version_files.get(v.language, ("", None))
        DocumentVersion.objects.create(
            document=document,
            language=v.language,
            title=v.title[:500],
            formula=v.formula[:200],
            cover_title=v.cover_title[:300],
            printed_lines=v.printed_lines,
            source_file=source_file,
            source_digest=digest,
            source_size=size,
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
    ParagraphText.objects.bulk_create(texts)
    FootnoteText.objects.bulk_create(notes)
    vector = language_vector_sql("t.search_text", "t.language")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE archive_paragraphtext t SET search = {vector} "
            "FROM archive_paragraph p WHERE p.id = t.paragraph_id AND p.document_id = %s",
            [document.id],
        )
        cursor.execute(
            f"UPDATE archive_footnotetext t SET search = {vector} "
            "FROM archive_footnote f WHERE f.id = t.footnote_id AND f.document_id = %s",
            [document.id],
        )
