"""Replacing a document deletes its derived rows (pairs, reach, links, alignments) in a fixed number of
statements, however many paragraphs and pairs it has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.agreed.store import update_agreed_language
from archive.lineage.store import update_lineage
from archive.models import Alignment, Document, Paragraph, ParagraphLink, ParagraphReach, Series, SharedLanguage

pytestmark = pytest.mark.django_db

WORDS = (
    "protect promote fulfil respect rights women migrant workers recruitment fees domestic labour remittances "
    "trafficking violence justice remedies shelters data statistics cooperation origin transit destination"
).split()


def clause(i: int) -> str:
    """A distinct paragraph of agreed language (about 25 words) for each ``i``."""
    picked = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(22)]
    return f"Calls upon all States, in paragraph {i}, to " + " ".join(picked) + f" number {i};"


def make(series, session, number, n):
    doc = Document.objects.create(
        symbol=f"A/RES/{session}/{number}",
        kind="resolution",
        number=f"{session}/{number}",
        session=session,
        title="Bulk delete test",
        source_file="x.xml",
        source_format="akn",
        source_fingerprint=f"{session}/{number}",
        series=series,
    )
    Paragraph.objects.bulk_create(
        Paragraph(
            document=doc,
            position=i,
            kind="operative",
            number=str(i + 1),
            ordinal=i + 1,
            text=clause(i),
            anchor=f"op{i + 1}",
        )
        for i in range(n)
    )
    return doc


def deletes_to_replace(n: int, slug: str, session: int) -> tuple[int, int]:
    """(statements, DELETE statements) issued when a document of ``n`` paragraphs, paired and aligned, is deleted."""
    series = Series.objects.create(slug=slug, title=slug, detected=True)
    make(series, session, 1, n)
    newer = make(series, session + 1, 1, n)
    update_lineage()
    update_agreed_language()
    pids = list(newer.paragraphs.values_list("id", flat=True))
    assert SharedLanguage.objects.filter(paragraph__in=pids).count() >= n
    assert ParagraphLink.objects.filter(new_paragraph__in=pids).count() == n
    with CaptureQueriesContext(connection) as queries:
        newer.delete()
    assert not SharedLanguage.objects.filter(other__in=pids).exists()
    assert not ParagraphLink.objects.filter(new_paragraph__in=pids).exists()
    assert not ParagraphReach.objects.filter(paragraph__in=pids).exists()
    assert not Alignment.objects.filter(new_id=newer.id).exists()
    return len(queries), sum(q["sql"].lstrip().upper().startswith("DELETE") for q in queries)


def test_deleting_a_document_deletes_its_pairs_and_links_in_bulk():
    small = deletes_to_replace(3, "bulk-small", 61)
    large = deletes_to_replace(60, "bulk-large", 71)
    assert small == large, (small, large)
    assert small[1] >= 6  # pairs both ways, reach, links, alignment, paragraphs, the document
