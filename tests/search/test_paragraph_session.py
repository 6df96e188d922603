"""A paragraph's session is its document's, kept by the database (migration 0030), whoever writes the rows:
ranking reads it with the match instead of looking up the document of every match."""

from __future__ import annotations

import pytest
from django.db import connection

from archive.models import Document, Paragraph


def _document(session: int, number: int) -> Document:
    return Document.objects.create(
        symbol=f"A/RES/{session}/{number}",
        kind="resolution",
        number=f"{session}/{number}",
        session=session,
        title="Session copy test",
        source_file="x.xml",
        source_format="akn",
        source_fingerprint=f"{session}/{number}",
    )


def _paragraph(doc: Document, i: int, **fields) -> Paragraph:
    return Paragraph(
        document=doc,
        position=i,
        kind="operative",
        number=str(i + 1),
        ordinal=i + 1,
        text=f"Text {i}.",
        anchor=f"op{i + 1}",
        **fields,
    )


def _sessions(doc: Document) -> set:
    return set(Paragraph.objects.filter(document=doc).values_list("session", flat=True))


@pytest.mark.django_db
def test_every_way_of_writing_a_paragraph_copies_its_documents_session():
    doc = _document(61, 1)
    _paragraph(doc, 0).save()  # the ORM, one row
    Paragraph.objects.bulk_create([_paragraph(doc, 1), _paragraph(doc, 2, session=99)])  # a wrong value is replaced
    with connection.cursor() as cursor:  # COPY, as ingest writes
        with cursor.cursor.copy(
            "COPY archive_paragraph (document_id, position, kind, number, ordinal, opening, text, section, anchor) "
            "FROM STDIN"
        ) as copy:
            copy.write_row((doc.id, 3, "operative", "4", 4, "", "Text 3.", "", "op4"))
    assert Paragraph.objects.filter(document=doc).count() == 4
    assert _sessions(doc) == {61}


@pytest.mark.django_db
def test_a_documents_new_session_reaches_its_paragraphs_and_a_moved_paragraph_takes_its_new_documents():
    doc, other = _document(62, 1), _document(70, 2)
    Paragraph.objects.bulk_create([_paragraph(doc, i) for i in range(3)])
    doc.session = 63
    doc.save()
    assert _sessions(doc) == {63}
    moved = Paragraph.objects.filter(document=doc).first()
    moved.document, moved.position, moved.anchor = other, 9, "op10"
    moved.save()
    assert Paragraph.objects.get(id=moved.id).session == 70
    Paragraph.objects.filter(id=moved.id).update(session=1)  # an edit of the copy itself is undone
    assert Paragraph.objects.get(id=moved.id).session == 70
