"""Derive stage: agreed language shared across documents ("also in").

Reads: every body paragraph's text. Writes, for the paragraphs not compared yet (a document
added or replaced has new paragraphs; a replaced document's old pairs went with its old
paragraphs): their pairs with every other document, both ways, with COPY; a
``ParagraphReach`` row each; and the reach counts that changed. An archive whose paragraphs
have all been compared writes nothing.
"""

from __future__ import annotations

from django.db import connection, transaction

from archive.agreed.pairs import Text, find_pairs
from archive.models import Paragraph, ParagraphReach, SharedLanguage

RECOUNT = f"""
UPDATE {ParagraphReach._meta.db_table} r SET documents = c.n
FROM (SELECT r2.paragraph_id, COUNT(DISTINCT s.other_document_id) AS n
      FROM {ParagraphReach._meta.db_table} r2
      LEFT JOIN {SharedLanguage._meta.db_table} s ON s.paragraph_id = r2.paragraph_id
      GROUP BY r2.paragraph_id) c
WHERE r.paragraph_id = c.paragraph_id AND r.documents <> c.n
"""


def update_agreed_language() -> int:
    """Compare the paragraphs not compared yet with all others; returns how many pairs were written.

    When every paragraph is new (a first load), each one's reach is counted here from the pairs
    and written with it; otherwise the counts the new pairs change are recounted in the database."""
    body = Paragraph.objects.body()
    changed = set(body.filter(reach__isnull=True).values_list("id", flat=True))
    if not changed:
        return 0
    texts = [
        Text(pid, doc, text)
        for pid, doc, text in body.values_list("id", "document_id", "text").iterator(chunk_size=5000)
    ]
    everything = len(changed) == len(texts)
    pairs, boilerplate = find_pairs(texts, None if everything else changed)
    document_of = {t.id: t.document for t in texts}
    reach: dict[int, set[int]] = {}
    if everything:
        for p in pairs:
            reach.setdefault(p.paragraph, set()).add(document_of[p.other])
    with transaction.atomic():
        raw = connection.connection  # psycopg 3, inside Django's transaction
        with raw.cursor() as cur:
            with cur.copy(
                f"COPY {SharedLanguage._meta.db_table} (paragraph_id, other_id, other_document_id, similarity, match) "
                "FROM STDIN"
            ) as copy:
                for p in pairs:
                    copy.write_row((p.paragraph, p.other, document_of[p.other], p.similarity, p.match))
            with cur.copy(
                f"COPY {ParagraphReach._meta.db_table} (paragraph_id, documents, boilerplate) FROM STDIN"
            ) as copy:
                for pid in sorted(changed):
                    copy.write_row((pid, len(reach.get(pid, ())), pid in boilerplate))
            if not everything:
                cur.execute(RECOUNT)
    return len(pairs)
