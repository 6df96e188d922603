"""A phrase of frequent words above the full-ranking limit: its most recent candidates checked and ranked."""

from __future__ import annotations

import pytest

from archive.models import Paragraph
from archive.search import paragraphs, ranking
from archive.search.compiler import compile_query
from archive.search.paragraphs import run_search

pytestmark = pytest.mark.django_db
PHRASE = '"migrant domestic workers"'


def _phrase_ids() -> set[int]:
    return set(ranking.matching(Paragraph.objects.body(), compile_query(PHRASE)).values_list("id", flat=True))


def test_the_loose_query_holds_every_match_and_only_phrases_become_conjunctions():
    compiled = compile_query(PHRASE)
    loose = ranking.loose_tsquery(compiled)
    assert "<->" not in loose and "&" in loose
    holding = set(ranking.loose_matches(Paragraph.objects.body(), compiled).values_list("id", flat=True))
    assert _phrase_ids() < holding  # every phrase match holds the words; some rows hold them apart
    assert ranking.loose_tsquery(compile_query("women migrant")) == ""  # no phrase: nothing to loosen
    assert ranking.loose_tsquery(compile_query('women -"domestic workers"')) == ""  # an excluded phrase


def test_above_the_limit_a_phrase_ranks_its_most_recent_candidates_and_says_so(client, monkeypatch):
    full = run_search(Paragraph.objects.body(), PHRASE, "relevance", 1)
    assert not full.approximate and full.total == len(_phrase_ids())
    monkeypatch.setattr(paragraphs, "RANK_ALL", 5)
    monkeypatch.setattr(paragraphs, "PHRASE_CANDIDATES", 40)
    monkeypatch.setattr(ranking, "PHRASE_CANDIDATES", 40)
    results = run_search(Paragraph.objects.body(), PHRASE, "relevance", 1)
    assert results.approximate and results.ranked == 40 and results.total_floor
    recent = (
        ranking.loose_matches(Paragraph.objects.body(), compile_query(PHRASE))
        .order_by("-document__session", "document__symbol", "position")
        .values_list("id", flat=True)[:40]
    )
    expected = _phrase_ids() & set(recent)
    assert results.total == len(expected) > 0
    shown = {p.id for h in results.hits for p in [h.paragraph, *h.same_text]}
    assert shown <= expected  # only phrase matches among the candidates, each with the phrase
    scores = [h.paragraph.id for h in results.hits]
    assert scores  # ranked: the same order as the full ranking restricted to the candidates
    order = [h.paragraph.id for h in full.hits if h.paragraph.id in expected]
    assert [i for i in scores if i in order] == order[: len([i for i in scores if i in order])]
    html = client.get("/search/", {"q": PHRASE}).content.decode()
    assert "Ranking is approximate" in html and "holding every word of the phrase" in html
    assert f"at least {results.total}" in html
