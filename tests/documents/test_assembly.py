"""A document's assembly: what the ingest stores of its texts (symbols named, sessions asked for), how
the page links it without parsing anything, and the queries it takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.documents.anchors import marker_ids, paragraph_anchors
from archive.parsing import parse_path
from archive.parsing.symbols import linked_spans, symbol_spans

GOLDEN = Path(__file__).parent / "golden" / "linked_spans.json"


def _golden_paragraphs():
    for doc in json.loads(GOLDEN.read_text(encoding="utf-8"))["documents"]:
        parsed = parse_path(settings.BASE_DIR / doc["source"])
        by_anchor = dict(zip([a for a, _ in paragraph_anchors(parsed.paragraphs)], parsed.paragraphs))
        for p in doc["paragraphs"]:
            yield doc["symbol"], by_anchor[p["anchor"]], p


def _as_golden(span, text: str) -> dict:
    named = {"symbol": span.symbol} if span.kind == "symbol" else {"session": span.session}
    return {"kind": span.kind, **named, "start": span.start, "end": span.end, "words": text[span.start : span.end]}


# --- the parser (no database) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "symbol, paragraph, golden", list(_golden_paragraphs()), ids=lambda v: v["anchor"] if isinstance(v, dict) else None
)
def test_linked_spans_match_the_hand_checked_golden(symbol, paragraph, golden):
    assert [_as_golden(s, paragraph.text) for s in linked_spans(paragraph.text)] == golden["spans"]


def test_linked_spans_complete_resolution_numbers_by_the_body_that_adopted_them():
    text = (
        "Recalling its resolution 62/132 and Human Rights Council resolution 29/2, and the report "
        "(A/HRC/11/7/Add.2), requests a report at its sixty-fourth session and at its sixty-sixth session."
    )
    spans = linked_spans(text)
    assert [(s.kind, s.symbol or s.session, text[s.start : s.end]) for s in spans] == [
        ("symbol", "A/RES/62/132", "62/132"),
        ("symbol", "A/HRC/RES/29/2", "29/2"),
        ("symbol", "A/HRC/11/7/Add.2", "A/HRC/11/7/Add.2"),
        ("session", 66, "at its sixty-sixth session"),  # the last session asked for is the report's
    ]
    assert linked_spans("Welcomes the cooperation of Member States.") == []


def test_one_id_scheme_for_anchors_and_markers():
    class P:
        def __init__(self, kind, number=""):
            self.kind, self.number = kind, number

    paragraphs = [P("preambular"), P("preambular"), P("operative", "1"), P("subparagraph", "1(a)"), P("operative", "1")]
    assert [a for a, _ in paragraph_anchors(paragraphs)] == ["pp1", "pp2", "op1", "op1a", "op1-2"]
    report = [P("report"), P("heading", "I"), P("report", "1"), P("subparagraph", "1 (a)")]
    assert [a for a, _ in paragraph_anchors(report)] == ["summary", "s1", "p1", "p1a"]
    ids = marker_ids([(1, 5, 3), (1, 9, 4), (2, 0, 3)])
    assert list(ids.values()) == ["fnref3", "fnref4", "fnref3-2"]


def test_lineage_rows_name_paragraphs_by_their_anchors():
    from archive.lineage.pairs import para_ids

    parsed = parse_path(settings.BASE_DIR / "fixtures/sources/A_RES_72_149.txt").paragraphs
    assert para_ids(parsed) == [a for a, _ in paragraph_anchors(parsed)]


# --- stored at ingest, linked when the page is read ------------------------------------------


@pytest.mark.django_db
def test_ingest_stores_the_spans_of_every_paragraph(collection):
    from archive.models import Paragraph, TextSpan

    for symbol, _, golden in _golden_paragraphs():
        row = Paragraph.objects.get(document__symbol=symbol, anchor=golden["anchor"])
        stored = [
            {
                "kind": s.kind,
                **({"symbol": s.symbol} if s.kind == "symbol" else {"session": s.session}),
                "start": s.start,
                "end": s.end,
                "words": row.text[s.start : s.end],
            }
            for s in TextSpan.objects.filter(paragraph=row).order_by("start", "kind")
        ]
        assert stored == golden["spans"], (symbol, golden["anchor"])


@pytest.mark.django_db
def test_page_links_a_held_symbol_to_the_archive_and_one_not_held_to_undocs(collection, client):
    html = client.get("/documents/A/64/152/").content.decode()
    assert '<a class="cited" href="/documents/A/RES/62/132/" title="A/RES/62/132 in the archive">62/132</a>' in html
    assert '<a class="cited" href="https://undocs.org/A/62/177" title="A/62/177 on undocs.org">A/62/177</a>' in html


@pytest.mark.django_db
def test_requested_session_links_the_report_that_answers(collection, client):
    html = client.get("/documents/A/RES/62/132/").content.decode()
    assert (
        '<a class="cited" href="/documents/A/64/152/" title="The report: A/64/152">at its sixty-fourth session</a>'
    ) in html
    # the preamble's "at its fifty-first session" is the Commission's, not a request: not linked
    assert "at its fifty-first session</a>" not in html


@pytest.mark.django_db
def test_a_document_loaded_later_is_linked_without_reparsing_its_citers(collection, client):
    from archive.models import Document

    Document.objects.create(
        symbol="A/62/177",
        kind="report",
        session=62,
        title="Violence against women migrant workers",
        source_file="test",
        source_format="test",
        source_fingerprint="0" * 64,
    )
    html = client.get("/documents/A/64/152/").content.decode()
    assert '<a class="cited" href="/documents/A/62/177/" title="A/62/177 in the archive">A/62/177</a>' in html


class _Refused:
    """Stands for a parser's pattern: a page that runs the parser fails, however it imported it."""

    def __getattr__(self, name):
        raise AssertionError("a text was parsed at request time")


@pytest.fixture
def no_parser(monkeypatch):
    """The in-text parsers the pages once ran refuse to run: their functions and the patterns they use."""
    import archive.parsing.mentions
    import archive.parsing.ordinals
    import archive.parsing.symbols

    def refuse(*args, **kwargs):
        raise AssertionError("a text was parsed at request time")

    for module, name in [
        (archive.parsing.symbols, "symbol_spans"),
        (archive.parsing.symbols, "linked_spans"),
        (archive.parsing.symbols, "requested_session_span"),
        (archive.parsing.mentions, "symbol_spans"),
        (archive.parsing.ordinals, "requested_session_span"),
        (archive.parsing.ordinals, "requested_session"),
    ]:
        monkeypatch.setattr(module, name, refuse)
    for module, name in [
        (archive.parsing.symbols, "RESOLUTION_RE"),
        (archive.parsing.symbols, "SYMBOL_RE"),
        (archive.parsing.ordinals, "REQUEST_RE"),
    ]:
        monkeypatch.setattr(module, name, _Refused())


def test_the_no_parser_fixture_stops_a_parser_imported_by_name(no_parser):
    """``symbol_spans`` was bound when this module was imported, as a page importing it by name would."""
    with pytest.raises(AssertionError, match="parsed at request time"):
        symbol_spans("resolution 62/132")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/documents/A/64/152/",
        "/documents/A/RES/62/132/",
        "/documents/A/RES/74/127/?lang=fr",
        "/documents/A/64/152/para/p1/",
        "/documents/A/RES/74/127/para/op38/?lang=ar",
        "/api/documents/A/64/152/",
        "/api/documents/A/64/152/paragraphs/p1/",
        "/documents/A/64/152/akn.xml",
    ],
)
def test_pages_parse_no_text(collection, client, no_parser, path):
    response = client.get(path)
    assert response.status_code == 200
    if path == "/documents/A/64/152/":
        assert 'title="A/RES/62/132 in the archive">62/132</a>' in response.content.decode()


# --- queries -----------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def _more_documents(n: int) -> None:
    """``n`` more documents, each with a paragraph that names symbols (held and not) and asks for a report."""
    from archive.models import Document, Paragraph, TextSpan

    docs = Document.objects.bulk_create(
        [
            Document(
                symbol=f"A/RES/99/{i}",
                kind="resolution",
                number=f"99/{i}",
                session=99,
                title=f"Test {i}",
                source_file="test",
                source_format="test",
                source_fingerprint=f"{i:064d}",
            )
            for i in range(n)
        ]
    )
    paragraphs = Paragraph.objects.bulk_create(
        [
            Paragraph(
                document=d,
                position=0,
                kind="operative",
                number="1",
                ordinal=1,
                anchor="op1",
                text="Recalls resolution 62/132 and A/62/177, and asks for a report at its hundredth session.",
            )
            for d in docs
        ]
    )
    TextSpan.objects.bulk_create(
        [
            TextSpan(paragraph=p, kind=s.kind, start=s.start, end=s.end, symbol=s.symbol, session=s.session)
            for p in paragraphs
            for s in linked_spans(p.text)
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/documents/A/64/152/", "/documents/A/RES/74/127/", "/api/documents/A/64/152/", "/documents/A/RES/74/127/akn.xml"],
)
def test_queries_do_not_grow_with_the_number_of_documents(collection, client, path):
    before = _queries(client, path)
    _more_documents(200)
    assert _queries(client, path) == before


@pytest.mark.django_db
def test_assembly_reads_a_document_in_a_fixed_number_of_queries(collection, django_assert_num_queries):
    """Paragraphs (markers, spans, what is held, reach), footnotes, citations, languages; a resolution of
    a series adds the reports answering it and its lineage (alignment, links, origins, members)."""
    from archive.documents.assembly import assemble, get_document

    for symbol, queries in [("A/64/152", 4), ("A/72/215", 4), ("A/RES/60/139", 9), ("A/RES/74/127", 9)]:
        document = get_document(symbol)
        with django_assert_num_queries(queries):
            doc = assemble(document)
        assert doc.paragraphs and doc.language.code == "en"
    document = get_document("A/RES/74/127")
    with django_assert_num_queries(9 + 3):  # + its texts, footnotes and title in French
        doc = assemble(document, "fr")
    assert doc.language.code == "fr" and doc.title != document.title


@pytest.mark.django_db
def test_assembly_ties_markers_footnotes_and_references(collection):
    from archive.documents.assembly import assemble, get_document

    doc = assemble(get_document("A/RES/74/127"))
    marked = [(p.anchor, m.number, m.ref_id) for p in doc.paragraphs for m in p.markers]
    assert len({ref_id for _, _, ref_id in marked}) == len(marked)  # every marker its own id
    for f in doc.footnotes:
        assert [(r.anchor, r.marker_id) for r in f.references] == [
            (anchor, ref_id) for anchor, number, ref_id in marked if number == f.number
        ]
    data = doc.as_data()
    assert json.loads(json.dumps(data)) == data
    assert [p["anchor"] for p in data["paragraphs"]] == [p.anchor for p in doc.paragraphs]


@pytest.mark.django_db
def test_migration_fills_the_spans_of_documents_loaded_before_it(collection):
    """A database loaded before spans were stored gets the same rows the ingest writes, from the stored texts."""
    import importlib

    from django.apps import apps

    from archive.models import TextSpan

    migration = importlib.import_module("archive.migrations.0013_text_spans_for_symbols_and_requested_sessions")
    columns = ("paragraph_id", "kind", "start", "end", "symbol", "session")
    ingested = sorted(TextSpan.objects.values_list(*columns))
    assert ingested
    TextSpan.objects.all().delete()
    migration.fill_spans(apps, None)
    assert sorted(TextSpan.objects.values_list(*columns)) == ingested
