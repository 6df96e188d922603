"""The ingest and lineage benchmarks, run on tiny inputs: they measure what they say (no timings asserted)."""

import shutil

import pytest
from django.conf import settings
from django.db import connection

from archive.lineage.align import align
from bench import ingest_speed, lineage_speed

AKN = settings.BASE_DIR / "fixtures" / "akn"


def test_the_lineage_pair_is_a_resolution_and_its_amended_successor():
    old, new = lineage_speed.base_pair(AKN)
    assert len(old) == 100 and 90 <= len(new) <= 110
    assert [p.kind for p in old].count("operative") > 0
    statuses = {link.status for link in align(old, new)}
    # what the mutations make: amended, dropped and inserted paragraphs (not just one kind)
    assert len(statuses) >= 3
    assert lineage_speed.base_pair(AKN)[1] == new, "a fixed seed: the same pair every run"


def test_the_lineage_benchmark_prints_its_figures(capsys):
    lineage_speed.main(["--runs", "1"])
    out = capsys.readouterr().out
    assert out.startswith("aligning 100 -> ") and "over 1 runs" in out and "CPU median" in out


@pytest.mark.slow
@pytest.mark.django_db
def test_ingest_timing_loads_a_folder_into_a_throwaway_database(tmp_path):
    folder = tmp_path / "akn"
    folder.mkdir()
    shutil.copy(AKN / "A_RES_74_127.xml", folder)
    name = "archive_bench_ingest_smoke"
    row = ingest_speed.time_ingest("one file", [str(folder)], name)
    assert row["exit"] == 0, row["summary"]
    assert row["first_load_s"] > 0 and row["rerun_s"] > 0
    assert "1" in row["summary"][0]  # the command's last line: what it loaded
    with connection.cursor() as cursor:  # dropped afterwards, so the runs leave nothing behind
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
        assert cursor.fetchone()[0] == 0
    table = ingest_speed.format_rows([row])
    assert table.splitlines()[0].split()[:3] == ["what", "first", "load"] and "one file" in table
