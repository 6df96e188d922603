"""The ingest pipeline: its stages in order, each timed; a dry run leaves out every stage that needs
the database; a bug in a stage is reported once, as the stage's internal error; a re-run that skips
unchanged documents parses none of their sources, and a new source of one brings them back."""

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.ingest import pipeline
from archive.ingest.pipeline import STAGES, run_ingest
from archive.ingest.sources import collection_from_paths, default_collection
from archive.models import DataVersion, Document

SOURCES = settings.BASE_DIR / "fixtures" / "sources"
ORDER = [
    "sources",
    "unchanged",
    "parse",
    "choose",
    "persist",
    "citations",
    "series",
    "lineage",
    "also in",
    "search statistics",
    "planner statistics",
    "page-cache version",
]


def test_the_stages_run_in_order_and_each_says_what_it_reads_and_writes():
    assert [s.name for s in STAGES] == ORDER
    for stage in STAGES:
        assert "Reads" in stage.reads_and_writes or "Writes" in stage.reads_and_writes, stage.name
    assert [s.name for s in STAGES if not s.needs_database] == ["sources", "parse", "choose"]


def test_a_dry_run_times_only_the_stages_without_the_database():
    result = run_ingest([str(SOURCES / "A_RES_60_139.txt")], dry_run=True)
    assert [t.name for t in result.stages] == ["sources", "parse", "choose"]
    assert all(t.wall >= 0 and t.cpu >= 0 and t.workers_cpu >= 0 for t in result.stages)
    assert result.stages[1].note == "1 sources parsed"
    assert result.stage_table().splitlines()[0].split()[:2] == ["stage", "wall"]


@pytest.mark.django_db
def test_an_unchanged_re_run_skips_parsing_and_writes_nothing(collection):
    versions = list(DataVersion.objects.values_list("pk", "token"))
    loaded = {d.symbol: d.loaded_at for d in Document.objects.all()}
    result = run_ingest(skip_unchanged=True)
    assert not result.errors
    assert {o.status for o in result.outcomes} == {"unchanged"} and len(result.outcomes) == len(collection)
    assert all(not o.parsed for o in result.outcomes)
    notes = {t.name: t.note for t in result.stages}
    assert [t.name for t in result.stages] == ORDER
    assert notes["parse"] == "0 sources parsed" and notes["persist"] == "0 documents written"
    assert notes["search statistics"] == "nothing written: kept"
    assert notes["planner statistics"] == "nothing written: kept"
    # not even the page cache's version (new code is a new release, which pages are keyed by)
    assert notes["page-cache version"] == "nothing written: version kept"
    assert list(DataVersion.objects.values_list("pk", "token")) == versions
    assert {d.symbol: d.loaded_at for d in Document.objects.all()} == loaded


@pytest.mark.django_db
def test_a_changed_source_is_parsed_alone_and_a_new_source_reopens_its_document(collection, tmp_path):
    edited = tmp_path / "A_RES_60_139.txt"
    edited.write_text(
        (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8").replace("Recalling all", "Recalling once more all"),
        encoding="utf-8",
    )
    together = default_collection().extended(collection_from_paths([str(edited)]))
    result = run_ingest(collection=together, skip_unchanged=True)
    assert not result.errors
    by_symbol = {o.symbol: o for o in result.outcomes}
    reopened = by_symbol["A/RES/60/139"]
    # the edited copy was parsed with the document's own sources, and is better at equal quality or not
    assert {p.source.path for p in reopened.parsed} >= {edited}
    assert len(reopened.parsed) >= 2 and reopened.status == "replaced"
    others = [o for s, o in by_symbol.items() if s != "A/RES/60/139"]
    assert others and all(o.status == "unchanged" and not o.parsed for o in others)
    stored = Document.objects.get(symbol="A/RES/60/139")
    assert stored.source_digests == [p.source.digest() for p in reopened.parsed + reopened.translations]


@pytest.mark.django_db
def test_a_run_that_writes_leaves_the_planner_statistics_of_what_it_loaded(collection, monkeypatch):
    """The planner's row count of a table (``reltuples``, set by ANALYZE) is what the run left in it."""
    from django.db import connection

    from archive.ingest import planner
    from archive.ingest.planner import analyze, archive_tables
    from archive.models import Paragraph

    # too few written for persist to analyze its tables (the first load's case is tested below)
    monkeypatch.setattr(planner, "WRITTEN_SHARE", 2.0)

    def planned_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'archive_paragraph'")
            return cursor.fetchone()[0]

    collection["A/RES/60/139"].delete()
    analyze(["archive_paragraph"])
    fewer = Paragraph.objects.count()
    assert planned_rows() == fewer
    result = run_ingest(skip_unchanged=True)
    assert not result.errors
    assert Paragraph.objects.count() > fewer
    assert planned_rows() == Paragraph.objects.count()
    notes = {t.name: t.note for t in result.stages}
    assert notes["planner statistics"] == f"{len(archive_tables())} tables analyzed"
    assert {"archive_paragraph", "archive_sharedlanguage", "archive_termstatistic"} <= set(archive_tables())


@pytest.mark.django_db
def test_a_first_load_analyzes_what_persist_wrote_before_the_derive_stages_read_it(collection, monkeypatch):
    """The series stage plans with the paragraphs loaded, not with the statistics of an emptied table;
    the last stage analyzes again only what was written after persist."""
    from django.db import connection

    from archive.ingest.planner import SETTLED_AFTER_PERSIST, analyze, archive_tables
    from archive.models import Paragraph
    from archive.series import store as series

    def planned_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'archive_paragraph'")
            return cursor.fetchone()[0]

    Document.objects.all().delete()
    analyze(["archive_paragraph"])
    assert planned_rows() == 0
    seen = []
    real = series.update_series
    monkeypatch.setattr(series, "update_series", lambda: seen.append(planned_rows()) or real())
    result = run_ingest(skip_unchanged=True)
    assert not result.errors
    assert seen == [Paragraph.objects.count()] and seen[0] > 700
    notes = {t.name: t.note for t in result.stages}
    assert notes["persist"].endswith("documents written, their tables analyzed")
    analyzed_at_the_end = len(archive_tables()) - len(SETTLED_AFTER_PERSIST)
    assert notes["planner statistics"].startswith(f"{analyzed_at_the_end} tables analyzed")


def _planted_bug(*args, **kwargs):
    raise IndexError("list index out of range (planted)")


@pytest.mark.django_db
def test_a_bug_in_a_stage_is_its_internal_error_and_stops_the_stages_after_it(collection, monkeypatch, caplog):
    from archive.series import store as series

    monkeypatch.setattr(series, "update_series", _planted_bug)
    result = run_ingest(skip_unchanged=True)
    (error,) = result.errors
    assert error["kind"] == "internal_error" and error["source"] == "ingest (series)"
    assert "IndexError" in error["message"] and "not a fault of the source" in error["message"]
    (record,) = [r for r in caplog.records if r.name == pipeline.logger.name and r.exc_info]
    assert "_planted_bug" in caplog.text and record.levelname == "ERROR"
    # lineage and also-in depend on the series: not run; the three that keep what was written consistent are
    assert [t.name for t in result.stages] == ORDER[:7] + ORDER[-3:]
    assert {t.name: t.note for t in result.stages}["series"] == "failed"


@pytest.mark.django_db
def test_the_command_prints_each_stage_with_timings(collection, capsys):
    call_command("ingest", "--timings")
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[1:-1]] == [name.split()[0] for name in ORDER]
    assert out[-1].endswith(" s") and "unchanged" in out[-1]


def _held():
    from archive.models import DocumentVersion

    languages = {}
    for symbol, code in DocumentVersion.objects.values_list("document__symbol", "language"):
        languages.setdefault(symbol, set()).add(code)
    return {d.symbol: (d.source_file, d.source_digests, languages.get(d.symbol, set())) for d in Document.objects.all()}


@pytest.mark.django_db
@pytest.mark.parametrize("skip_unchanged", [True, False], ids=["re-run", "--report parses every source"])
@pytest.mark.parametrize("given", ["akn", "sources"])
def test_files_given_by_path_that_are_some_of_a_documents_sources_keep_it_whole(collection, given, skip_unchanged):
    before = _held()
    assert any(len(langs) == 5 for _, _, langs in before.values()), "the collection holds documents in six languages"
    result = run_ingest(
        collection=collection_from_paths([str(settings.BASE_DIR / "fixtures" / given)]), skip_unchanged=skip_unchanged
    )
    assert not result.errors and result.outcomes
    assert {o.status for o in result.outcomes} == {"unchanged"}
    # nothing the document was built from is dropped: its other languages, its better source
    assert _held() == before


@pytest.mark.django_db
def test_the_whole_collection_without_one_of_a_documents_sources_rebuilds_it_without_it(collection):
    whole = default_collection()
    french = [s for s in whole.sources if "80" in s.path.parts and s.path.name.endswith("F.xml")]
    assert len(french) == 1
    whole.sources.remove(french[0])
    result = run_ingest(collection=whole, skip_unchanged=True)
    assert not result.errors
    assert {o.symbol: o.status for o in result.outcomes}["A/RES/80/185"] == "replaced"
    assert _held()["A/RES/80/185"][2] == {"ar", "zh", "ru", "es"}
