"""A first comparison of everything fills the pair tables with their constraints set aside: the tables
end as they were made, hold what the pure comparison finds, and a row that breaks a constraint fails."""

import pytest
from django.db import IntegrityError, connection, transaction

from archive.agreed.pairs import Text, find_pairs, reach_counts
from archive.agreed.store import update_agreed_language
from archive.db.bulk_load import constraints_set_aside
from archive.models import Paragraph, ParagraphReach, SharedLanguage

TABLES = (SharedLanguage._meta.db_table, ParagraphReach._meta.db_table)


def schema() -> set[tuple]:
    """Every constraint and index of the pair tables, as PostgreSQL prints them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[])",
            [list(TABLES)],
        )
        constraints = set(cursor.fetchall())
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [list(TABLES)]
        )
        return constraints | set(cursor.fetchall())


@pytest.mark.django_db
def test_a_first_comparison_stores_what_the_comparison_finds_and_keeps_the_schema(collection):
    before = schema()
    assert any("FOREIGN KEY (other_id)" in row[2] for row in before)
    SharedLanguage.objects.all().delete()
    ParagraphReach.objects.all().delete()
    written = update_agreed_language()
    assert schema() == before
    texts = [Text(*row) for row in Paragraph.objects.body().values_list("id", "document_id", "text")]
    pairs, boilerplate = find_pairs(texts)
    assert written == len(pairs) > 0
    stored = set(SharedLanguage.objects.values_list("paragraph_id", "other_id", "similarity", "match"))
    assert stored == {(p.paragraph, p.other, p.similarity, p.match) for p in pairs}
    document_of = {t.id: t.document for t in texts}
    assert set(SharedLanguage.objects.values_list("other_id", "other_document_id")) == {
        (p.other, document_of[p.other]) for p in pairs
    }
    reach = dict(ParagraphReach.objects.values_list("paragraph_id", "documents"))
    assert set(reach) == {t.id for t in texts}
    expected = {}
    for p in pairs:
        expected.setdefault(p.paragraph, set()).add(document_of[p.other])
    assert reach == {t.id: len(expected.get(t.id, ())) for t in texts}
    assert set(ParagraphReach.objects.filter(boilerplate=True).values_list("paragraph_id", flat=True)) == boilerplate


def test_reach_counts_distinct_other_documents():
    import numpy as np

    from archive.agreed.pairs import PairArrays

    paragraph = np.array([1, 1, 1, 2, 3, 3], dtype=np.int64)
    other_document = np.array([10, 10, 11, 10, 12, 13], dtype=np.int64)
    found = PairArrays(paragraph, paragraph, other_document, [1.0] * 6, paragraph > 0)
    assert reach_counts(found) == {1: 2, 2: 1, 3: 2}


@pytest.mark.django_db
def test_a_row_breaking_a_constraint_set_aside_fails_and_leaves_the_table_as_it_was(collection):
    before = schema()
    paragraph = Paragraph.objects.body().first()
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            with constraints_set_aside(SharedLanguage._meta.db_table):
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {SharedLanguage._meta.db_table} "
                        "(paragraph_id, other_id, other_document_id, similarity, match) VALUES (%s, %s, %s, 1, 'paragraph')",
                        [paragraph.id, 10**12, paragraph.document_id],  # no such paragraph
                    )
    assert schema() == before


def test_constraints_are_set_aside_only_inside_a_transaction():
    """Outside one, a failure would leave the table without its constraints (no database is used here)."""
    with pytest.raises(RuntimeError):
        with constraints_set_aside(SharedLanguage._meta.db_table):
            pass


@pytest.mark.django_db
def test_a_comparison_spread_over_worker_processes_stores_the_same_rows(collection, monkeypatch):
    from archive.agreed import store

    def stored() -> tuple[set, set]:
        return (
            set(
                SharedLanguage.objects.values_list(
                    "paragraph_id", "other_id", "other_document_id", "similarity", "match"
                )
            ),
            set(ParagraphReach.objects.values_list("paragraph_id", "documents", "boilerplate")),
        )

    alone = stored()
    assert alone[0] and store._workers(Paragraph.objects.count()) == 1  # a small archive: one process
    SharedLanguage.objects.all().delete()
    ParagraphReach.objects.all().delete()
    # inside the test's transaction the connection stays open: the workers never use it
    monkeypatch.setattr(store, "_workers", lambda n_texts: 2)
    assert update_agreed_language() == len(alone[0])
    assert stored() == alone
