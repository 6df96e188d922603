"""The ingest and lineage benchmarks, run on tiny inputs: they measure what they say (no timings asserted)."""

import dataclasses
import re
import shutil

import pytest
from django.conf import settings
from django.db import connection

from archive.lineage.align import align
from bench import ingest_speed, lineage_agreement, lineage_speed, pdf_parse

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


def test_the_lineage_agreement_prints_a_row_per_golden_file(capsys):
    lineage_agreement.main([])
    lines = capsys.readouterr().out.splitlines()
    golden = sorted((settings.BASE_DIR / "tests" / "lineage" / "golden").glob("align_*.json"))
    assert golden and [line.split()[0] for line in lines[2 : 2 + len(golden)]] == sorted(
        [p.name for p in golden], key=lambda n: [int(d) for d in re.findall(r"\d+", n)]
    )
    assert lines[-1].split()[0] == "all" and lines[-1].split()[2].endswith("%")


def test_the_pdf_benchmark_checks_each_parse_against_its_truth():
    from tests.parsing.test_pdf_layout import NAMES, truth_and_pdf

    truth, data, _ = truth_and_pdf(NAMES[0])
    wall, cpu, doc = pdf_parse.best_of(data, f"{NAMES[0]}.pdf", 1)
    assert pdf_parse.pages(data) >= 1 and wall > 0 and cpu > 0
    assert pdf_parse.matches(doc, truth)
    shorter = dataclasses.replace(truth, paragraphs=truth.paragraphs[1:])  # the truth is shared: a copy
    assert not pdf_parse.matches(doc, shorter), "a paragraph missing from the parse would show as DIFFERS"


def test_a_benchmark_collects_the_static_files_only_when_their_manifest_is_missing_or_older(tmp_path):
    import os

    from scripts.django_env import static_stale

    static, root = tmp_path / "static", tmp_path / "staticfiles"
    (static / "css").mkdir(parents=True)
    style = static / "css" / "site.css"
    style.write_text("body {}")
    assert static_stale(root, [static]), "a fresh clone has no manifest"
    root.mkdir()
    manifest = root / "staticfiles.json"
    manifest.write_text("{}")
    os.utime(style, (1_000, 1_000))
    assert not static_stale(root, [static])
    os.utime(style, (manifest.stat().st_mtime + 10,) * 2)
    assert static_stale(root, [static]), "a static file changed since collectstatic ran"
