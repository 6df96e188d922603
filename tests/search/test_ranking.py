"""Relevance on the default collection: BM25 over every match, ties newest first, identical texts
grouped, exclusions ranked, compounds, suggestions and the short names of instruments."""

from __future__ import annotations

import re

import pytest

from archive.models import (
    Citation,
    CorpusStatistic,
    Document,
    FootnoteReference,
    Instrument,
    Paragraph,
    TermStatistic,
    VocabularyWord,
)
from archive.search import paragraphs, ranking
from archive.search.compiler import compile_query
from archive.search.names import title_forms
from archive.search.paragraphs import run_search
from archive.search.parameters import PAGE_SIZE
from archive.search.ranking import matching, rank_all, rank_sql
from archive.search.results import normalized_text
from archive.search.statistics import refresh_statistics
from bench.search_timing import naive_search

from .made_documents import make_document

QUERIES = [
    "women",
    "trafficking -persons",
    "migrant workers OR domestic",
    '"sham marriages"',
    "violence recruitment",
    "-women",
    "healthcare",
    "CEDAW",
]


def body():
    return Paragraph.objects.body()


def run(q, page=1, qs=None, sort="relevance"):
    return run_search(qs if qs is not None else body(), q, sort, page)


def grouped_ids(results):
    return [p.id for h in results.hits for p in [h.paragraph, *h.same_text]]


@pytest.mark.django_db
@pytest.mark.parametrize("q", QUERIES)
def test_page_one_is_the_top_of_the_full_ranking(collection, q):
    """Every match is ranked (the default collection is far below RANK_ALL): page 1 shows the best
    texts of the full ranking, which the naive baseline computes with one ORDER BY over all matches."""
    results = run(q)
    full = naive_search(body(), q).total
    ranking = [p.id for p in _full_ranking(q)]
    assert results.total == full and not results.approximate
    shown = [h.paragraph.id for h in results.hits]
    # the representatives, in order, are the first paragraph of each distinct text of the full ranking
    seen, firsts = set(), []
    by_id = Paragraph.objects.in_bulk(ranking)
    for pid in ranking:
        key = normalized_text(by_id[pid].text)
        if key not in seen:
            seen.add(key)
            firsts.append(pid)
    assert shown == firsts[:PAGE_SIZE]


def _full_ranking(q):
    from django.db.models import FloatField
    from django.db.models.expressions import RawSQL

    compiled = compile_query(q)
    score, params = rank_sql(compiled)
    return list(
        matching(body(), compiled)
        .annotate(s=RawSQL(score, params, output_field=FloatField()))
        .order_by("-s", "-document__session", "document__symbol", "position")
    )


@pytest.mark.django_db
def test_statistics_are_those_of_the_loaded_paragraphs(collection):
    searchable = body().count()
    corpus = CorpusStatistic.objects.get(name="paragraphs")
    texts = list(body().values_list("text", flat=True))
    assert corpus.documents == searchable
    assert corpus.average_length == pytest.approx(sum(len(t.encode()) for t in texts) / len(texts))
    traffick = TermStatistic.objects.get(lexeme="traffick")
    assert traffick.paragraphs == body().search("trafficking").count()
    assert VocabularyWord.objects.filter(word="trafficking").exists()
    assert not VocabularyWord.objects.filter(word__regex=r"[0-9]").exists()


FILLER = (
    "The Assembly notes the reports, the statements and the views expressed by Member States on the "
    "questions before it, and the information provided by the organizations of the system. "
)


@pytest.mark.django_db
def test_rare_words_and_short_paragraphs_outrank_a_long_one_repeating_a_word(collection):
    # the answer: short, with both words; the distractor: long, repeating the commoner word
    answer = "Condemns debt bondage imposed by unscrupulous recruiters."
    distractor = " ".join([FILLER * 4] + ["debt"] * 14) + " bondage."
    make_document(81, [distractor, answer])
    refresh_statistics()
    results = run("debt bondage recruiters", qs=body().filter(document__session=81))
    assert [h.paragraph.text for h in results.hits][:1] == [answer]
    results = run("debt bondage", qs=body().filter(document__session=81))
    assert results.hits[0].paragraph.text == answer, "length normalisation and saturation: 14 x 'debt' does not win"


@pytest.mark.django_db
def test_a_rarer_word_weighs_more(collection):
    common_hit = "Calls upon States to protect women migrant workers."
    rare_hit = "Calls upon States to protect xylographers."
    make_document(81, [common_hit, rare_hit])
    refresh_statistics()
    results = run("women OR xylographers", qs=body().filter(document__session=81))
    assert [h.paragraph.text for h in results.hits] == [rare_hit, common_hit]


@pytest.mark.django_db
def test_ties_break_newest_session_first_and_identical_texts_are_one_hit(collection):
    text = "Encourages States to consider the ratification of the 'zygomorphic' conventions."
    make_document(81, [text])
    make_document(82, ["  encourages States to consider the ratification of the  ‘zygomorphic’ conventions. "])
    make_document(83, ["Encourages States to consider the zygomorphic conventions."])
    refresh_statistics()
    results = run("zygomorphic")
    assert results.total == 3 and len(results.hits) == 2
    # the shorter text scores higher by BM25, the identical pair by its two copies: either may lead
    same, shorter = sorted(results.hits, key=lambda h: len(h.same_text), reverse=True)
    assert shorter.paragraph.document.session == 83 and not shorter.same_text
    # the two identical texts (case, quotes, spaces aside) tie: the newest is shown, the other listed under it
    assert same.paragraph.document.session == 82 and [o.label for o in same.same_text] == ["81/999 op1"]


@pytest.mark.django_db
def test_identical_texts_are_grouped_on_the_page(collection, client):
    results = run('"sham marriages"')
    texts = [normalized_text(h.paragraph.text) for h in results.hits]
    assert len(texts) == len(set(texts)) < results.total
    assert sum(1 + len(h.same_text) for h in results.hits) == results.total
    html = client.get("/search/", {"q": '"sham marriages"'}).content.decode()
    assert re.search(r'Same text in <a href="/documents/A/RES/\d+/\d+/#pp\d+">\d+/\d+ pp\d+</a>', html)


def test_normalized_text_ignores_case_quotes_dashes_punctuation_and_spaces():
    assert normalized_text("The  “Palermo”\u00a0Protocol — its ‘text’;") == normalized_text(
        "the \"palermo\" protocol - its 'text'."
    )
    assert normalized_text("Urges States") != normalized_text("Urges all States")
    assert normalized_text("resolution 74/127") != normalized_text("resolution 74/128")


@pytest.mark.django_db
def test_excluded_words_filter_and_the_rest_ranks(collection):
    results = run("trafficking -persons")
    ids = [h.paragraph.id for h in results.hits]
    assert results.total and ids and not body().filter(id__in=ids).search("persons").exists()
    assert body().filter(id__in=ids).search("trafficking").count() == len(ids)
    scores = [
        s
        for _, s in rank_all(
            matching(body(), compile_query("trafficking -persons")), compile_query("trafficking -persons"), 100
        ).top
    ]
    assert len(set(scores)) > 1, "ranked, not listed in document order"


@pytest.mark.django_db
def test_above_the_limit_the_most_recent_matches_are_ranked_and_the_page_says_so(collection, client, monkeypatch):
    monkeypatch.setattr(paragraphs, "RANK_ALL", 50)
    monkeypatch.setattr(ranking, "RECENT_CANDIDATES", 60)
    results = run("women")
    assert results.approximate and results.ranked == 60
    newest = Document.objects.order_by("-session").first().session
    oldest, top = results.ranked_sessions
    assert top == newest and all(h.paragraph.document.session >= oldest for h in results.hits)
    html = client.get("/search/", {"q": "women"}).content.decode()
    assert "Ranking is approximate" in html and "60 most recent" in html
    monkeypatch.setattr(paragraphs, "RANK_ALL", 50_000)
    assert not run("women").approximate


@pytest.mark.django_db
def test_hyphenated_and_solid_compounds_find_each_other(collection):
    hyphenated = {p.id for p in body() if re.search(r"\bhealth-care\b", p.text, re.I)}
    solid = {p.id for p in body() if re.search(r"\bhealthcare\b", p.text, re.I)}
    assert hyphenated and solid
    for q in ("health-care", "healthcare"):
        found = set(grouped_ids(run(q)))
        assert found == hyphenated | solid, q


@pytest.mark.django_db
def test_a_misspelt_word_gets_a_suggestion_from_the_archive(collection, client):
    assert run("traficking").suggestion == "trafficking"
    assert run("migrnt workers").suggestion == "migrant workers"
    assert run("trafficking").suggestion == ""
    html = client.get("/search/", {"q": "traficking", "session_from": "60"}).content.decode()
    link = re.search(r'Did you mean <a href="\?([^"]+)">trafficking</a>\?', html)
    assert link and sorted(link.group(1).split("&amp;")) == ["q=trafficking", "session_from=60"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, key",
    [
        ("CEDAW", "UNTS:1249:20378"),
        ("Palermo Protocol", "UNTS:2237:39574"),
        ("ILO Convention No. 189", "UNTS:2955:51379"),
        ("cedaw", "UNTS:1249:20378"),
    ],
)
def test_a_short_name_finds_the_instrument_and_the_paragraphs_citing_it(collection, q, key):
    instrument = Instrument.objects.get(key=key)
    results = run(q)
    assert results.instruments[0] == instrument
    citing = set(
        FootnoteReference.objects.filter(
            footnote__in=Citation.objects.filter(instrument=instrument).values("footnote_id")
        ).values_list("paragraph_id", flat=True)
    )
    assert citing
    found = set()
    page = 1
    while True:
        r = run(q, page=page)
        found |= set(grouped_ids(r))
        if page >= r.pages:
            break
        page += 1
    assert citing <= found
    # and the paragraphs naming it by its title (or the title without its trailing clause)
    words = lambda text: " ".join(re.findall(r"\w+", text.lower()))  # noqa: E731
    forms = [words(f) for f in title_forms(instrument.title)]
    named = {p.id for p in body() if any(f in words(p.text) for f in forms)}
    assert named <= found


@pytest.mark.django_db
def test_only_stop_words_find_nothing_and_say_so(collection):
    results = run("the of and")
    assert results.total == 0 and not results.hits
