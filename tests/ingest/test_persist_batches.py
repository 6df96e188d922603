"""Persist writes a batch of documents in one transaction with COPY: the rows equal those Django's
ORM writes for the same plans, search vectors included; a document the database refuses fails
alone (with its file, the line of the refused row and the reason), and the others of its batch load."""

import pytest
from django.db import DatabaseError
from django.db.models import TextField
from django.db.models.functions import Cast

from archive.ingest import persist, pipeline
from archive.ingest.pipeline import run_ingest
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
    TextSpan,
)
from archive.parsing.document import ParsedDocument

from . import orm_writer

SEARCH = Cast("search", output_field=TextField())
DUMPS = {
    Document: [
        "symbol",
        "kind",
        "number",
        "session",
        "title",
        "series__slug",
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
        "answers",
        "source_file",
        "source_format",
        "source_fingerprint",
        "source_digests",
        "source_note",
        "anomalies",
    ],
    Paragraph: [
        "document__symbol",
        "position",
        "kind",
        "number",
        "ordinal",
        "opening",
        "text",
        "section",
        "anchor",
        "parent__anchor",
        "source_line",
        "vector",
    ],
    Footnote: ["document__symbol", "number", "text", "text_missing", "vector"],
    FootnoteReference: ["footnote__document__symbol", "footnote__number", "paragraph__anchor", "offset"],
    Citation: [
        "footnote__document__symbol",
        "footnote__number",
        "instrument__key",
        "position",
        "cited_key",
        "pinpoint",
        "raw",
    ],
    Mention: [
        "paragraph__document__symbol",
        "paragraph__anchor",
        "document__symbol",
        "position",
        "key",
        "kind",
        "start",
        "end",
        "text",
    ],
    TextSpan: ["paragraph__document__symbol", "paragraph__anchor", "kind", "start", "end", "symbol", "session"],
    DocumentVersion: ["document__symbol", "language", "title", "source_file", "aligned", "anomalies"],
    ParagraphText: [
        "paragraph__document__symbol",
        "paragraph__anchor",
        "language",
        "text",
        "number",
        "opening",
        "refs",
        "search_text",
        "vector",
    ],
    FootnoteText: ["footnote__document__symbol", "footnote__number", "language", "text", "search_text", "vector"],
}


def dump() -> dict[str, list[str]]:
    """Every row a document owns, with ids replaced by what they name (symbol, anchor, number, key)."""
    out = {}
    for model, fields in DUMPS.items():
        rows = model.objects.annotate(vector=SEARCH) if "vector" in fields else model.objects.all()
        out[model.__name__] = sorted(repr(row) for row in rows.values_list(*fields))
    return out


def plans(symbols=None) -> list[persist.Plan]:
    """The plans ingest writes for the default collection (or the documents named), their instruments recorded."""
    result = run_ingest(dry_run=True)
    made = [pipeline._plan(o, {}) for o in result.outcomes if symbols is None or o.shown.doc.symbol in symbols]
    assert not pipeline._record_instruments(made)
    return made


@pytest.mark.django_db
def test_the_rows_copied_are_the_rows_the_orm_writes(collection):
    made = plans()
    Document.objects.all().delete()
    for plan in made:
        orm_writer.save(plan)
    written = dump()
    assert len(written["Paragraph"]) > 700 and len(written["ParagraphText"]) > 1900 and written["Mention"]
    assert written["TextSpan"] and written["Citation"] and written["FootnoteText"]
    Document.objects.all().delete()
    assert [status for status, error in persist.save_documents(made)] == ["loaded"] * len(made)
    assert dump() == written


@pytest.mark.django_db
def test_a_document_refused_in_a_batch_fails_alone_and_keeps_its_previous_state(collection, monkeypatch):
    symbols = ["A/RES/60/139", "A/RES/72/149", "A/RES/80/185"]
    made = plans(symbols)
    assert [p.doc.symbol for p in made] == symbols
    for plan in made:
        plan.fingerprint = "edited"
    bad = made[1]
    refused = bad.doc.paragraphs[5]
    refused.number = "9" * 30  # longer than the column holds: the database refuses the row
    before = sorted(Paragraph.objects.filter(document__symbol="A/RES/72/149").values_list("anchor", "text"))
    batches = []
    real = persist.save_batch
    monkeypatch.setattr(persist, "save_batch", lambda batch: batches.append(len(batch)) or real(batch))
    outcomes = pipeline._write_batch(made)
    assert batches == [3, 1, 1, 1]  # the batch, then each document alone
    assert [status for status, _ in outcomes] == ["replaced", "failed", "replaced"]
    (error,) = [e for _, e in outcomes if e]
    assert error["kind"] == "database_error" and error["source"] == bad.source_given
    assert "value too long" in error["message"] and error["line"] == refused.line
    fingerprints = dict(Document.objects.filter(symbol__in=symbols).values_list("symbol", "source_fingerprint"))
    assert fingerprints["A/RES/60/139"] == fingerprints["A/RES/80/185"] == "edited"
    assert fingerprints["A/RES/72/149"] == collection["A/RES/72/149"].source_fingerprint
    assert sorted(Paragraph.objects.filter(document__symbol="A/RES/72/149").values_list("anchor", "text")) == before
    assert ParagraphText.objects.filter(paragraph__document__symbol="A/RES/80/185").count() > 300


@pytest.mark.django_db
def test_a_bug_while_writing_a_batch_is_reported_for_the_document_that_has_it(collection, monkeypatch):
    made = plans(["A/RES/60/139", "A/RES/62/132"])
    for plan in made:
        plan.fingerprint = "edited"
    made[0].doc.paragraphs[0].refs.append(None)  # not a marker: writing it fails as a bug would
    outcomes = pipeline._write_batch(made)
    assert [status for status, _ in outcomes] == ["failed", "replaced"]
    assert outcomes[0][1]["kind"] == "internal_error" and "AttributeError" in outcomes[0][1]["message"]


@pytest.mark.django_db
def test_an_unchanged_document_in_a_batch_is_left_alone(collection):
    made = plans(["A/RES/60/139", "A/RES/62/132"])
    made[0].fingerprint = collection["A/RES/60/139"].source_fingerprint
    made[1].fingerprint = "edited"
    ids = dict(Document.objects.values_list("symbol", "id"))
    assert [status for status, _ in persist.save_documents(made)] == ["unchanged", "replaced"]
    assert Document.objects.get(symbol="A/RES/60/139").id == ids["A/RES/60/139"]
    assert Document.objects.get(symbol="A/RES/62/132").id != ids["A/RES/62/132"]


def test_a_database_error_elsewhere_names_no_line():
    plan = persist.Plan(
        doc=ParsedDocument(source="x", format="akn", kind="resolution"),
        fingerprint="",
        source_file="x",
        source_note="",
        series=None,
        citations={},
    )
    assert persist.refused_line(plan, DatabaseError("connection lost")) is None
