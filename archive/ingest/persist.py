"""Persist one parsed document, atomically: the archive holds its old state or its new one.

A document is replaced whole (delete, then insert everything again) inside one
transaction; a document whose fingerprint is unchanged is left alone, so re-running
ingest on unchanged sources writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from archive.models import (
    Citation,
    Document,
    DocumentVersion,
    Footnote,
    FootnoteReference,
    FootnoteText,
    Instrument,
    InstrumentAlias,
    Paragraph,
    ParagraphText,
    Series,
)
from archive.parsing.cjk import bigram_text
from archive.parsing.document import Anomaly, ParsedDocument, ParsedParagraph
from archive.parsing.languages import LANGUAGES, AlignedVersion

from .citing import ResolvedCitation
from .mentions import save_mentions


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


def anchors_for(paragraphs: list[ParsedParagraph]) -> list[tuple[str, int | None]]:
    """Stable fragment ids and per-kind ordinals: pp12, op5, op41a, p12, p36a, summary, s3."""
    seen: dict[str, int] = {}
    counters: dict[str, int] = {}
    out = []
    for p in paragraphs:
        counters[p.kind] = counters.get(p.kind, 0) + 1
        ordinal = counters[p.kind]
        compact = (p.number or "").replace("(", "").replace(")", "").replace(" ", "").lower()
        if p.kind == "preambular":
            base = f"pp{ordinal}"
        elif p.kind == "operative":
            base = f"op{compact or ordinal}"
        elif p.kind == "subparagraph":
            base = ("op" if _in_resolution(paragraphs) else "p") + (compact or str(ordinal))
        elif p.kind == "report":
            base = f"p{compact}" if compact else ("summary" if ordinal == 1 else f"text{ordinal}")
        else:
            base = f"s{ordinal}"
        anchor = base
        if anchor in seen:
            seen[base] += 1
            anchor = f"{base}-{seen[base]}"
        else:
            seen[base] = 1
        out.append((anchor, ordinal))
    return out


def _in_resolution(paragraphs: list[ParsedParagraph]) -> bool:
    return any(p.kind in ("preambular", "operative") for p in paragraphs)


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
        if existing is not None and existing.source_sha256 == plan.fingerprint:
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
            source_sha256=plan.fingerprint,
            source_digests=plan.source_digests,
            source_note=plan.source_note,
            anomalies=[{"code": a.code, "message": a.message, "line": a.line}
                       for a in doc.anomalies + [a for v in plan.versions for a in v.anomalies]],
        )
        rows, footnotes = _save_body(document, plan, registry)
        _save_versions(document, plan, rows, footnotes)
    return status


def _save_body(document: Document, plan: Plan, registry: InstrumentRegistry) -> None:
    doc = plan.doc
    rows = []
    for p, (anchor, ordinal) in zip(doc.paragraphs, anchors_for(doc.paragraphs)):
        rows.append(
            Paragraph(
                document=document, position=len(rows), kind=p.kind, number=p.number or "", ordinal=ordinal,
                opening=p.opening or "", text=p.text, section=p.section or "", anchor=anchor, source_line=p.line,
            )
        )
    Paragraph.objects.bulk_create(rows)
    _attach_subitems(doc.paragraphs, rows)

    present = {f.number: f for f in doc.footnotes}
    referenced = {r.number for p in doc.paragraphs for r in p.refs}
    footnotes = {
        n: Footnote(document=document, number=n, text=present[n].text if n in present else "", text_missing=n not in present)
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
    _save_citations(footnotes, plan.citations, registry)
    save_mentions(doc, rows)
    return rows, footnotes


def _save_versions(document: Document, plan: Plan, rows: list[Paragraph], footnotes: dict[int, Footnote]) -> None:
    """Each other language's texts on the English paragraphs and footnotes they were aligned to;
    the search vector of each in its own language's configuration (one statement for all)."""
    from django.db import connection

    texts, notes = [], []
    for v in plan.versions:
        source_file, parse_anomalies = plan.version_sources.get(v.language, ("", []))
        DocumentVersion.objects.create(
            document=document, language=v.language, title=v.title[:500], source_file=source_file,
            aligned=v.aligned, anomalies=[{"code": a.code, "message": a.message, "line": a.line}
                                          for a in parse_anomalies + v.anomalies])
        segmented = LANGUAGES[v.language].segmented
        texts += [
            ParagraphText(paragraph=row, language=v.language, text=p.text, number=p.number, opening=p.opening[:100],
                          refs=[[r.number, r.offset] for r in p.refs],
                          search_text=bigram_text(p.text) if segmented else p.text)
            for p, row in zip(v.paragraphs, rows) if p is not None
        ]
        notes += [FootnoteText(footnote=footnotes[n], language=v.language, text=text)
                  for n, text in v.footnotes.items() if n in footnotes]
    if not texts:
        return
    ParagraphText.objects.bulk_create(texts)
    FootnoteText.objects.bulk_create(notes)
    configs = " ".join(f"WHEN '{c}' THEN '{lang.search_config}'::regconfig" for c, lang in LANGUAGES.items())
    with connection.cursor() as cursor:  # the configurations are the table's constants, not input
        cursor.execute(
            f"UPDATE archive_paragraphtext t SET search = to_tsvector(CASE t.language {configs} END, t.search_text) "
            "FROM archive_paragraph p WHERE p.id = t.paragraph_id AND p.document_id = %s", [document.id])


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


def _save_citations(footnotes: dict[int, Footnote], citations: dict[int, list[ResolvedCitation]],
                    registry: InstrumentRegistry) -> None:
    rows = []
    for number, cites in citations.items():
        footnote = footnotes.get(number)
        if footnote is None:
            continue
        for position, c in enumerate(c for c in cites if c.kind != "other"):
            # "other" is what a remark reads as (a list of countries, a definition): it names
            # no instrument, so it is reported at ingest and not made into an instrument record
            rows.append(Citation(footnote=footnote, instrument_id=registry.instrument_id(c), position=position,
                                 cited_key=c.cited_key, pinpoint=c.pinpoint or "", raw=c.raw or ""))
    Citation.objects.bulk_create(rows)


class InstrumentRegistry:
    """Instrument ids by key and alias, read once per run instead of queried per citation.

    One instrument, one record: a citation is matched by its key or any alias; an
    unknown one is created. An inferred title never overwrites a title from the
    authority file; the authority file's title and address replace whatever is stored
    (an inferred title, or the file's previous wording) once per run.
    Call ``reset`` after a rolled-back transaction: ids created in it are gone.
    """

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self._ids: dict[str, int] = dict(Instrument.objects.values_list("key", "id"))
        self._ids.update(InstrumentAlias.objects.values_list("key", "instrument_id"))
        self._inferred: set[int] = set(Instrument.objects.filter(title_inferred=True).values_list("id", flat=True))
        self._synced: set[int] = set()  # instruments already given the authority file's title this run

    def instrument_id(self, c: ResolvedCitation) -> int:
        keys = [c.key, *c.aliases]
        found = next((self._ids[k] for k in keys if k in self._ids), None)
        if found is None:
            instrument = Instrument.objects.create(key=c.key, kind=c.kind, title=(c.title or c.key)[:1000],
                                                   title_inferred=c.title_inferred or not c.title, url=(c.url or "")[:1000])
            found = instrument.id
            self._ids[c.key] = found
            if c.authoritative:
                self._synced.add(found)
            if instrument.title_inferred:
                self._inferred.add(found)
        elif c.authoritative and found not in self._synced:
            title, url = c.title[:1000], (c.url or "")[:1000]
            Instrument.objects.filter(id=found).exclude(title=title, title_inferred=False, url=url, kind=c.kind).update(
                title=title, title_inferred=False, url=url, kind=c.kind)
            self._synced.add(found)
            self._inferred.discard(found)
        elif found in self._inferred and c.title and not c.title_inferred:
            Instrument.objects.filter(id=found).update(title=c.title[:1000], title_inferred=False,
                                                       url=(c.url or "")[:1000])
            self._inferred.discard(found)
        new_aliases = [k for k in keys if k not in self._ids]
        if new_aliases:
            InstrumentAlias.objects.bulk_create([InstrumentAlias(key=k, instrument_id=found) for k in new_aliases],
                                                ignore_conflicts=True)
            self._ids.update({k: found for k in new_aliases})
        return found
