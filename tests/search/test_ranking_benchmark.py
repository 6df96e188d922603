"""The quality benchmark on the default collection: its tables, and its check that page 1 is the full
ranking's top (which a wrong page fails). No figures are asserted: they are the benchmark's output."""

from __future__ import annotations

import re

import pytest

from archive.models import Paragraph
from archive.search import paragraphs
from archive.search.parameters import PAGE_SIZE
from bench import search_quality


@pytest.mark.django_db
def test_the_benchmark_compares_both_systems_and_checks_page_one_against_the_full_ranking(collection, capsys):
    assert search_quality.main(["--queries", "12", "--broad", "4", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    for system in ("archive", "tantivy", "tantivy-g"):
        for kind in ("rare", "random"):
            row = re.search(rf"^{system}\s+{kind}\s+12\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)", out, re.M)
            assert row, f"{system} {kind} row"
            mrr, r1, r10 = map(float, row.groups())
            assert 0 <= r1 <= mrr <= r10 <= 1
    checked = re.search(r"page 1 equals the full ranking's top 20 .*: (\d+) of (\d+) queries ranked fully", out)
    assert checked and checked[1] == checked[2] and int(checked[2]) > 24, "every query and the large ones"


@pytest.mark.django_db
def test_a_page_that_is_not_the_full_rankings_top_fails_the_check(collection, capsys, monkeypatch):
    real = paragraphs.run_search

    def reversed_page(qs, q, sort, page, page_size=PAGE_SIZE):
        results = real(qs, q, sort, page, page_size)
        results.hits = results.hits[::-1]
        return results

    monkeypatch.setattr(paragraphs, "run_search", reversed_page)
    assert search_quality.main(["--queries", "6", "--broad", "0", "--seed", "3"]) == 2
    assert "differing:" in capsys.readouterr().out


@pytest.mark.django_db
def test_misses_list_the_queries_the_archive_ranks_below_tantivy(collection, capsys):
    assert search_quality.main(["--queries", "12", "--broad", "0", "--seed", "3", "--misses"]) == 0
    out = capsys.readouterr().out
    listed = re.search(r"^(\d+) queries whose answer the archive ranks below Tantivy", out, re.M)
    assert listed
    rows = re.findall(r"^(?:rare|random)\s+'.*': archive (\d+|-), tantivy (\d+)", out, re.M)
    assert len(rows) == int(listed[1])
    for archive, tantivy in rows:  # each listed answer is ranked worse than Tantivy ranks it
        assert archive == "-" or int(archive) > int(tantivy)


@pytest.mark.django_db
def test_full_ranking_page_groups_identical_texts_and_shows_the_newest(collection):
    ids = search_quality.full_ranking_page(Paragraph.objects.body(), '"sham marriages"', PAGE_SIZE)
    shown = Paragraph.objects.in_bulk(ids)
    texts = [search_quality.normalized(shown[i].text) for i in ids]
    assert ids and len(texts) == len(set(texts))
    for pid in ids:  # no paragraph with the same text is in a newer session
        same = [
            p
            for p in Paragraph.objects.body().search('"sham marriages"').select_related("document")
            if search_quality.normalized(p.text) == search_quality.normalized(shown[pid].text)
        ]
        assert shown[pid].document.session == max(p.document.session for p in same)


@pytest.mark.django_db
def test_tuning_prints_the_grid_and_the_archives_formula(collection, capsys):
    assert search_quality.main(["--tune", "--queries", "6", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "best by mean MRR@10" in out
    current = re.search(
        r"the archive's formula \(k1 ([0-9.]+), b ([0-9.]+), lexemes\):\n.*\n\s*([0-9.]+)\s+([0-9.]+)", out
    )
    assert current
    from archive.search.ranking import K1, B

    assert (float(current[1]), float(current[2])) == (K1, B) == (float(current[3]), float(current[4]))
