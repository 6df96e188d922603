"""Derive stage: agreed language shared across documents ("also in").

Reads: every body paragraph's text. Writes, for the paragraphs not compared yet (a document
added or replaced has new paragraphs; a replaced document's old pairs went with its old
paragraphs): their pairs with every other document, both ways, with COPY; a
``ParagraphReach`` row each; and the reach counts that changed. An archive whose paragraphs
have all been compared writes nothing.

A first comparison of everything (a first load: some 650,000 pairs for the General Assembly's
sessions 74-80) fills the pair table from empty with its constraints and indexes set aside
(``archive.db.bulk_load``), and counts each paragraph's reach from the pairs as it writes them.
Reading the texts into signed units, most of the comparison's work, is spread over the cores
(``archive.agreed.pairs.parallel_units``).
"""

from __future__ import annotations

import contextlib

from django.db import connection, connections, transaction

from archive.agreed.pairs import PairArrays, Text, find_pair_arrays, reach_counts
from archive.db.bulk_load import constraints_set_aside
from archive.models import Paragraph, ParagraphReach, SharedLanguage

RECOUNT = f"""
UPDATE {ParagraphReach._meta.db_table} r SET documents = c.n
FROM (SELECT r2.paragraph_id, COUNT(DISTINCT s.other_document_id) AS n
      FROM {ParagraphReach._meta.db_table} r2
      LEFT JOIN {SharedLanguage._meta.db_table} s ON s.paragraph_id = r2.paragraph_id
      GROUP BY r2.paragraph_id) c
WHERE r.paragraph_id = c.paragraph_id AND r.documents <> c.n
"""
_ROWS_PER_WRITE = 20_000
PARALLEL_FROM = 20_000  # paragraphs: below this, worker processes cost more than they save


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
    pairs, boilerplate = find_pair_arrays(texts, None if everything else changed, workers=_workers(len(texts)))
    reach = reach_counts(pairs) if everything else {}
    with transaction.atomic(), contextlib.ExitStack() as stack:
        if everything and not SharedLanguage.objects.exists():
            # nothing is stored yet (a first comparison): fill both tables, then check them whole
            for model in (SharedLanguage, ParagraphReach):
                stack.enter_context(constraints_set_aside(model._meta.db_table))
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3, inside Django's transaction
            with raw.copy(
                f"COPY {SharedLanguage._meta.db_table} (paragraph_id, other_id, other_document_id, similarity, match) "
                "FROM STDIN"
            ) as copy:
                for block in pair_lines(pairs):
                    copy.write(block)
            with raw.copy(
                f"COPY {ParagraphReach._meta.db_table} (paragraph_id, documents, boilerplate) FROM STDIN"
            ) as copy:
                ids = sorted(changed)
                for i in range(0, len(ids), _ROWS_PER_WRITE):
                    copy.write(
                        "".join(
                            f"{pid}\t{reach.get(pid, 0)}\t{'t' if pid in boilerplate else 'f'}\n"
                            for pid in ids[i : i + _ROWS_PER_WRITE]
                        )
                    )
            if not everything:
                cursor.execute(RECOUNT)
    return len(pairs)


def _workers(n_texts: int) -> int:
    """Processes to sign the texts' units in: one per core (as lineage aligns) for a large
    comparison outside any transaction, whose connections are closed before the workers fork;
    else one (the pairs are then found in this process alone)."""
    import os

    if n_texts < PARALLEL_FROM or connection.in_atomic_block:
        return 1
    connections.close_all()
    return min(os.cpu_count() or 1, 4)


def pair_lines(pairs: PairArrays):
    """The pairs as lines of COPY's text format, in blocks."""
    columns = (
        pairs.paragraph.tolist(),
        pairs.other.tolist(),
        pairs.other_document.tolist(),
        pairs.similarity,
        ["paragraph" if w else "clause" for w in pairs.whole.tolist()],
    )
    rows = list(zip(*columns))
    for i in range(0, len(rows), _ROWS_PER_WRITE):
        yield "".join(f"{p}\t{o}\t{d}\t{s!r}\t{m}\n" for p, o, d, s, m in rows[i : i + _ROWS_PER_WRITE])
