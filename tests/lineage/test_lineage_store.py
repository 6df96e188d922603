"""The lineage derive stage: stored links are the aligner's, written once, recomputed only where stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.lineage.align import align
from archive.lineage.store import update_lineage
from archive.models import Alignment, Document, Paragraph, ParagraphLink, ParagraphOrigin

pytestmark = pytest.mark.django_db

LINK_FIELDS = (
    "position",
    "group",
    "old_paragraph_id",
    "new_paragraph_id",
    "status",
    "moved",
    "score",
    "similarity",
    "change",
    "opening_changed",
    "opening_shift",
    "diff",
)


def expected_links(alignment: Alignment) -> list[tuple]:
    """The rows of an alignment as the aligner gives them: one per (old, new) paragraph pair of each link."""
    old = list(alignment.old.paragraphs.body().order_by("position"))
    new = list(alignment.new.paragraphs.body().order_by("position"))
    rows = []
    for group, link in enumerate(align(old, new)):
        for o in [old[i].id for i in link.old] or [None]:
            for n in [new[j].id for j in link.new] or [None]:
                diff = [] if link.status in ("new", "dropped", "unchanged") else [list(op) for op in link.diff]
                rows.append(
                    (
                        len(rows),
                        group,
                        o,
                        n,
                        link.status,
                        link.moved,
                        round(link.score, 4),
                        link.similarity,
                        link.change,
                        link.opening_changed,
                        link.opening_shift or "",
                        diff,
                    )
                )
    return rows


def stored_links(alignment: Alignment) -> list[tuple]:
    return list(ParagraphLink.objects.filter(alignment=alignment).order_by("position").values_list(*LINK_FIELDS))


def origins(symbols) -> dict:
    return dict(Paragraph.objects.filter(document__symbol__in=symbols).with_origin().values_list("id", "origin_id"))


def test_stored_links_and_counts_are_the_aligners(collection):
    alignments = list(Alignment.objects.select_related("old", "new"))
    assert len(alignments) == 6
    for a in alignments:
        rows = expected_links(a)
        assert stored_links(a) == rows, str(a)
        statuses = {}
        for group in {r[1]: r for r in rows}.values():
            statuses[group[4]] = statuses.get(group[4], 0) + 1
        assert a.counts == statuses


def test_a_changed_fingerprint_recomputes_the_two_alignments_of_that_resolution(collection):
    before = {str(a): stored_links(a) for a in Alignment.objects.select_related("old", "new")}
    kept = set(
        Alignment.objects.exclude(old__symbol="A/RES/76/141")
        .exclude(new__symbol="A/RES/76/141")
        .values_list("id", flat=True)
    )
    Document.objects.filter(symbol="A/RES/76/141").update(source_fingerprint="changed")
    assert update_lineage() == 2
    after = Alignment.objects.select_related("old", "new")
    assert kept < set(after.values_list("id", flat=True))
    # the links written again are the same rows (paragraph ids are unchanged)
    assert {str(a): stored_links(a) for a in after} == before
    assert update_lineage() == 0


def test_a_resolution_leaving_its_series_deletes_its_alignments_and_joins_its_neighbours(collection):
    middle = Document.objects.get(symbol="A/RES/76/141")
    Document.objects.filter(pk=middle.pk).update(series=None)
    assert update_lineage() == 1
    pairs = set(Alignment.objects.values_list("old__symbol", "new__symbol"))
    assert ("A/RES/74/127", "A/RES/78/180") in pairs
    assert not {p for p in pairs if "A/RES/76/141" in p}
    joined = Alignment.objects.get(old__symbol="A/RES/74/127", new__symbol="A/RES/78/180")
    assert stored_links(joined) == expected_links(joined)
    # origins of 78/180 now run through 74/127, never through the resolution that left
    assert not Paragraph.objects.filter(
        document__symbol="A/RES/78/180", lineage_origin__origin__document=middle
    ).exists()
    assert Paragraph.objects.filter(
        document__symbol="A/RES/78/180", lineage_origin__origin__document__symbol="A/RES/60/139"
    ).exists()


def test_origins_lost_are_set_again_without_realigning(collection):
    symbols = list(Document.objects.resolutions().exclude(series=None).values_list("symbol", flat=True))
    before = origins(symbols)
    ids = list(Alignment.objects.values_list("id", flat=True))
    ParagraphOrigin.objects.filter(paragraph__document__symbol__in=symbols).delete()
    assert update_lineage() == 0
    assert origins(symbols) == before
    assert list(Alignment.objects.values_list("id", flat=True)) == ids


def test_an_unchanged_archive_writes_nothing(collection):
    with CaptureQueriesContext(connection) as queries:
        assert update_lineage() == 0
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "COPY")]
    assert writes == []


def test_a_first_load_copies_links_with_constraints_set_aside_and_restores_them(collection, monkeypatch):
    from archive.lineage import store

    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
                [ParagraphLink._meta.db_table],
            )
            constraints = set(cursor.fetchall())
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [ParagraphLink._meta.db_table]
            )
            return constraints | set(cursor.fetchall())

    before = schema()
    Alignment.objects.all().delete()  # nothing aligned yet, as on a first load
    monkeypatch.setattr(store, "BULK_FROM", 1)
    with CaptureQueriesContext(connection) as queries:
        assert update_lineage() == 6
    assert any("DROP CONSTRAINT" in q["sql"] for q in queries)  # the bulk path was taken
    assert schema() == before
    for a in Alignment.objects.select_related("old", "new"):
        assert stored_links(a) == expected_links(a), str(a)
