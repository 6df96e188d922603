"""The benchmark tools on a tiny scale: the corpus generator and the naive baseline (no timings here)."""

import pytest
from django.db import connection

from archive.models import Citation, Document, FootnoteReference, Paragraph
from archive.search.paragraphs import run_search
from archive.search.parameters import PAGE_SIZE
from bench import generate_corpus, search_speed
from bench.search_timing import format_table, naive_search, query_classes, run_benchmark
from bench.synthetic_corpus import COMMON_TERM, Spec, database_name, generate, synthetic_word

SPEC = Spec(paragraphs=2_000, documents=100, sessions=10, seed=11)


@pytest.fixture
def tiny_corpus(collection):
    """2,000 synthetic paragraphs added to the test database (next to the default collection)."""
    result = generate(SPEC)
    return result


def synthetic():
    return Paragraph.objects.body().filter(document__source_format="synthetic")


def matching(term: str) -> int:
    return synthetic().search(term).count()


@pytest.mark.django_db
def test_generator_makes_the_requested_counts(tiny_corpus):
    docs = Document.objects.filter(source_format="synthetic")
    assert docs.count() == SPEC.documents
    assert docs.filter(kind="resolution").count() == docs.filter(kind="report").count() == SPEC.documents // 2
    assert sorted(docs.order_by().values_list("session", flat=True).distinct()) == list(range(1, SPEC.sessions + 1))
    assert synthetic().count() == SPEC.paragraphs
    assert tiny_corpus.counts["paragraphs"] == SPEC.paragraphs
    kinds = set(synthetic().order_by().values_list("kind", flat=True).distinct())
    assert kinds == {"preambular", "operative", "subparagraph", "report"}
    assert Paragraph.objects.filter(document__source_format="synthetic", kind="heading").exists()
    # every document has at least three searchable paragraphs, positions and anchors unique per document
    assert min(d.paragraphs.exclude(kind="heading").count() for d in docs) >= 3
    # footnote markers and citations, so the has_footnotes and cites filters have data
    assert FootnoteReference.objects.filter(paragraph__document__source_format="synthetic").count() > 0
    assert Citation.objects.filter(footnote__document__source_format="synthetic").count() > 0
    # sub-items hang under their paragraph
    sub = synthetic().filter(kind="subparagraph").select_related("parent").first()
    assert sub.parent is not None and sub.parent.document_id == sub.document_id


@pytest.mark.django_db
def test_generator_term_distribution_is_long_tailed(tiny_corpus):
    n = SPEC.paragraphs
    common = matching(COMMON_TERM)
    assert common > n // 2, "the common term is in most paragraphs"
    assert tiny_corpus.counts[f"with '{COMMON_TERM}'"] == common
    head, tail = matching(synthetic_word(1)), matching(synthetic_word(30))
    assert 0 < tail <= n * 0.02, "a rare word is in few paragraphs"
    assert head > 5 * tail, "Zipf: the first word is far more frequent than the thirtieth"
    # the real texts are recombined, not invented: their phrases survive
    assert matching('"migrant workers"') > 0


@pytest.mark.django_db
def test_naive_and_fast_search_agree_on_a_rare_term(tiny_corpus):
    term = next(w for w in map(synthetic_word, range(20, 400)) if 2 <= matching(w) <= PAGE_SIZE)
    fast = run_search(Paragraph.objects.body(), term, "relevance", 1)
    naive = naive_search(Paragraph.objects.body(), term)
    assert fast.total == naive.total == matching(term)
    # the same ranking; the real page shows one hit per distinct text, the others listed under it
    shown = [h.paragraph.id for h in fast.hits]
    grouped = [p.id for h in fast.hits for p in [h.paragraph, *h.same_text]]
    assert sorted(grouped) == sorted(h.paragraph.id for h in naive.hits)
    assert shown == [i for i in (h.paragraph.id for h in naive.hits) if i in shown]
    for name in ("session", "kind", "opening"):
        assert {(f.value, f.count) for f in fast.facets[name]} == {(f.value, f.count) for f in naive.facets[name]}


@pytest.mark.django_db
def test_benchmark_runs_both_pages_and_prints_a_table(tiny_corpus):
    classes = [c for c in query_classes() if c[0] in ("rare term", "50,000-match word", "common term")]
    timings = run_benchmark(
        runs=1, naive_runs=1, warmup=0, classes=classes + [("rare", {"q": synthetic_word(25)}, 30.0)]
    )
    table = format_table(timings)
    assert "common term" in table and "50,000-match word" in table and "naive p95" in table and "cached p95" in table
    assert all(len(t.cached) == 1 for t in timings)
    common = next(t for t in timings if t.name == "common term")
    assert common.total_label.replace(",", "").isdigit() and common.naive_total == common.total_label


@pytest.mark.django_db
def test_generate_command_refuses_a_database_not_named_bench(collection, capsys):
    if "bench" in database_name().lower():
        pytest.skip("the test database is itself named *bench*")
    with pytest.raises(SystemExit) as exit_:
        generate_corpus.main(["--paragraphs", "300", "--documents", "10", "--sessions", "2"])
    assert exit_.value.code == 2 and "must contain 'bench'" in capsys.readouterr().err
    with pytest.raises(ValueError, match="bench"):
        generate(Spec(paragraphs=300, documents=10, sessions=2), replace=True)
    assert Document.objects.filter(source_format="synthetic").count() == 0
    assert connection.settings_dict["NAME"]


@pytest.mark.django_db
def test_search_command_refuses_too_few_runs_and_a_database_not_named_bench(collection, capsys):
    if "bench" in database_name().lower():
        pytest.skip("the test database is itself named *bench*")
    with pytest.raises(SystemExit) as exit_:
        search_speed.main(["--runs", "5"])
    assert exit_.value.code == 2 and "at least 20 timed runs" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        search_speed.main(["--runs", "20", "--no-naive"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "refusing to benchmark database" in err and "must contain 'bench'" in err


@pytest.mark.django_db
def test_the_statements_of_a_search_are_listed_with_the_pages_they_touch(collection):
    from bench.search_timing import explain_statements, format_statements

    listed = explain_statements({"q": "women"})
    kinds = [kind for _, _, _, kind in listed]
    # the statements the search sends, in order: compile (with the instruments its words name), the ranking,
    # the page's rows
    assert kinds == ["compile + instruments named", "ranking + count + facets", "page rows"]
    ranking_hits = listed[1][1] + listed[1][2]
    assert ranking_hits > 0 and all(ms >= 0 for ms, _, _, _ in listed)
    table = format_statements([("common", {"q": "women"}, None)])
    assert table.count("\n") == len(listed) - 1 and "ranking + count + facets" in table
