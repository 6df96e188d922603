"""A resolution made in a test, with its operative paragraphs: the ranking tests' corpus."""

from archive.models import Document, Paragraph


def make_document(session: int, texts: list[str], number: int = 999) -> Document:
    """A resolution of ``session`` numbered ``session/number`` holding ``texts`` as operative paragraphs."""
    doc = Document.objects.create(
        symbol=f"A/RES/{session}/{number}",
        kind="resolution",
        number=f"{session}/{number}",
        session=session,
        title="Test resolution",
        source_file="test",
        source_format="test",
        source_fingerprint="0" * 64,
    )
    for i, text in enumerate(texts):
        Paragraph.objects.create(
            document=doc, position=i, kind="operative", number=str(i + 1), ordinal=i + 1, text=text, anchor=f"op{i + 1}"
        )
    return doc
