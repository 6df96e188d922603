"""A search runs in a fixed, small number of statements, whatever it finds; what they return is what
the longer ways of asking it return (the ranking, the candidates, the facets, the page's markup)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from archive.db import prepared
from archive.models import Document, Paragraph, TermStatistic
from archive.parsing.languages import LANGUAGES
from archive.search import languages, paragraphs, ranking
from archive.search.compiler import compile_query
from archive.search.facets import summarize
from archive.search.results import Hit, RankedRow
from archive.views.search_rows import facets_html, hits_html

pytestmark = pytest.mark.django_db


def _statements(run) -> tuple[object, list[str]]:
    """What ``run`` returns and the statements it sent (savepoints, which the test transaction adds, left out),
    a prepared one's as its text (``archive.db.prepared``)."""
    with CaptureQueriesContext(connection) as ctx:
        result = run()
    sent = [
        prepared.statement_text(q["sql"])
        for q in ctx.captured_queries
        if not re.match(r"(SAVEPOINT|RELEASE SAVEPOINT|BEGIN|COMMIT)", q["sql"])
    ]
    return result, sent


@pytest.mark.parametrize(
    "q",
    ["femicide", "women", "women migrant workers", '"migrant domestic workers"', "trafficking -persons", "CEDAW"],
)
def test_an_english_search_is_compile_rank_page_and_instruments_whatever_it_finds(q):
    results, sent = _statements(lambda: paragraphs.run_search(Paragraph.objects.body(), q, "relevance", 1))
    assert results.total > 0
    # the compiled query (with the statement timeout and, on the first page, the instruments the words name),
    # the ranking with its count, facets and top rows, the page's rows (their headlines marked in Python from
    # the ranked texts: no statement parses a text again). A short name (CEDAW) adds two: the
    # paragraphs citing the instrument (read while compiling) and the instrument it stands for
    assert len(sent) == (5 if q == "CEDAW" else 3), sent
    assert "set_config('statement_timeout'" in sent[0] and "FROM archive_instrument WHERE" in sent[0]
    assert len([s for s in sent if "json_build_array" in s and "GROUPING SETS" in s]) == 1
    assert not [s for s in sent if "ts_headline" in s]
    assert all("<mark>" in h.headline for h in results.hits)


def test_the_same_search_on_a_later_page_takes_the_same_statements_without_the_instruments():
    first, sent1 = _statements(lambda: paragraphs.run_search(Paragraph.objects.body(), "women", "relevance", 1))
    second, sent2 = _statements(lambda: paragraphs.run_search(Paragraph.objects.body(), "women", "relevance", 2))
    assert second.page == 2 and len(sent2) == len(sent1)
    assert "FROM archive_instrument WHERE" in sent1[0] and "FROM archive_instrument WHERE" not in sent2[0]
    assert first.instruments and not second.instruments
    assert not {h.paragraph.id for h in first.hits} & {h.paragraph.id for h in second.hits}


@pytest.mark.parametrize("q", ["women migrant workers", "trafficking protocol", "migrant workers convention", "CEDAW"])
def test_the_instruments_read_with_the_compiled_query_are_those_the_instruments_index_finds(q):
    from archive.models import Instrument
    from archive.search.names import NAMED_LIMIT, instrument_words, instruments_named

    compiled = compile_query(q, with_instruments=True)
    assert compiled.word_instruments is not None and compile_query(q).word_instruments is None
    with_statement = [(i.id, i.title, i.kind, i.get_absolute_url()) for i in instruments_named(compiled)]
    asked_apart = [(i.id, i.title, i.kind, i.get_absolute_url()) for i in instruments_named(compile_query(q))]
    assert with_statement == asked_apart and with_statement
    named = set(compiled.instruments)
    by_index = Instrument.objects.named(" ".join(instrument_words(compiled.parsed))).exclude(id__in=named)
    expected = [i.id for i in Instrument.objects.filter(id__in=named).order_by("title")]
    expected += list(by_index.order_by("title", "id").values_list("id", flat=True))[
        : max(0, NAMED_LIMIT - len(expected))
    ]
    assert [i[0] for i in with_statement] == expected


def test_the_ranking_reads_the_rows_it_groups_in_its_own_statement():
    compiled = compile_query("women migrant workers")
    found = ranking.rank_all(Paragraph.objects.body(), compiled, 30)
    assert found.rows and [r[0] for r in found.rows] and {r[0] for r in found.rows} == {pid for pid, _ in found.top}
    scores = dict(found.top)
    for pid, score, text, position, anchor, session, symbol, number, key in found.rows:
        p = Paragraph.objects.select_related("document").get(id=pid)
        # the text's key, not the text: grouping needs only the key
        assert (text, key, position, anchor) == (None, p.text_key, p.position, p.anchor) and key is not None
        assert (session, symbol, number) == (p.document.session, p.document.symbol, p.document.number)
        assert score == scores[pid]  # the float comes back exactly: ties stay ties


def test_above_rank_all_one_word_over_the_archive_is_one_ranking_statement_with_its_exact_count(monkeypatch):
    monkeypatch.setattr(paragraphs, "RANK_ALL", 5)
    monkeypatch.setattr(ranking, "RECENT_CANDIDATES", 30)
    results, sent = _statements(lambda: paragraphs.run_search(Paragraph.objects.body(), "women", "relevance", 1))
    assert len(sent) == 3, sent  # compile (with the instruments), the recent candidates ranked, the page
    holding = TermStatistic.objects.get(lexeme="women").paragraphs
    assert results.approximate and results.ranked == 30
    assert results.total == holding == Paragraph.objects.body().filter(search="women").count()
    assert not results.total_capped and results.total_label == f"{holding:,}"
    # the facets count the ranked candidates, the 30 most recent matches, and say so
    recent = list(
        Paragraph.objects.body()
        .filter(search="women")
        .order_by("-document__session", "document__symbol", "position")
        .values_list("document__session", flat=True)[:30]
    )
    assert {f.value: f.count for f in results.facets["session"]} == Counter(recent)
    assert not results.facets_exact and results.facets_note == "the 30 most recent matches (the ones ranked)"
    assert results.ranked_sessions == (min(recent), max(recent))


def test_above_rank_all_a_filtered_search_is_counted_while_ranked_then_ranks_its_recent_matches(monkeypatch):
    monkeypatch.setattr(paragraphs, "RANK_ALL", 5)
    monkeypatch.setattr(ranking, "RANK_ALL", 5)
    monkeypatch.setattr(ranking, "RECENT_CANDIDATES", 30)
    qs = Paragraph.objects.body().filter(document__session__gte=74)
    results, sent = _statements(lambda: paragraphs.run_search(qs, "women", "relevance", 1))
    # compile (with the instruments), the full ranking (more than RANK_ALL: none), the recent candidates, the page
    assert len(sent) == 4, sent
    assert results.approximate and results.total_capped and results.total_label == "more than 5"
    assert {h.paragraph.document.session for h in results.hits} <= {74, 76, 78, 80}


def test_the_page_says_what_the_facets_count(client, monkeypatch):
    monkeypatch.setattr(paragraphs, "RANK_ALL", 5)
    monkeypatch.setattr(ranking, "RECENT_CANDIDATES", 30)
    html = client.get("/search/", {"q": "women"}).content.decode()
    assert "Counts are over the 30 most recent matches (the ones ranked)." in html
    assert "Ranking is approximate" in html


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "zh"])
@pytest.mark.parametrize("sort", ["relevance", "oldest", "newest"])
def test_a_language_search_is_the_timeout_the_summary_and_the_page(lang, sort):
    q = {"fr": "travailleuses migrantes", "es": "trabajadoras migratorias", "ru": "насилие", "ar": "العنف"}
    q = q.get(lang, "移民女工")
    results, sent = _statements(lambda: languages.run_search(Paragraph.objects.body(), q, sort, 1, LANGUAGES[lang]))
    assert results.total > 0 and results.hits
    # the names the query spells (with the timeout), the summary (relevance: ranked in it, with the ranked
    # rows' texts for grouping), the page's rows (headlines marked in Python from the texts the ranking or the
    # page read: no statement parses a text again; and the language's vocabulary for a suggestion,
    # read once per data version: left out, as it depends on what ran before)
    sent = [s for s in sent if "archive_vocabularyword" not in s and "archive_dataversion" not in s]
    assert len(sent) == 3, sent
    assert "set_config('statement_timeout'" in sent[0]
    assert not [s for s in sent if "ts_headline" in s]
    assert len([s for s in sent if "SELECT t.text" in s]) == (0 if sort == "relevance" else 1)
    assert all("<mark>" in h.headline for h in results.hits)


@pytest.mark.parametrize("lang,q", [("fr", "travailleuses migrantes"), ("ru", "насилие"), ("zh", "女工")])
def test_a_language_ranking_is_the_rank_order_over_the_summary_candidates(lang, q):
    """The page shows the ranked query's order over the summary's candidates, ties newest session first,
    one hit per identical text in the language (the first, newest, of its copies)."""
    from archive.search.results import normalized_text

    language = LANGUAGES[lang]
    matches = languages.matching(Paragraph.objects.body(), q, language)
    candidates = summarize(matches, candidates=10_000).candidates
    ranked = (
        languages.ordered(matches, q, "relevance", candidates, language)
        .order_by("-rank", "-document__session", "document__symbol", "position")
        .values_list("id", "texts__text")
    )
    seen, expected = set(), []
    for pid, text in ranked:
        if normalized_text(text) not in seen:
            seen.add(normalized_text(text))
            expected.append(pid)
    for page in (1, 2):
        results = languages.run_search(Paragraph.objects.body(), q, "relevance", page, language, page_size=10)
        assert [h.paragraph.id for h in results.hits] == expected[(page - 1) * 10 : page * 10]


def test_an_empty_query_in_a_language_shows_each_paragraph_in_that_language():
    results, sent = _statements(
        lambda: languages.run_search(Paragraph.objects.body(), "", "relevance", 1, LANGUAGES["fr"])
    )
    assert len(sent) == 3 and results.hits  # the timeout (no names to look up), the summary, the page
    for hit in results.hits:
        text = hit.paragraph.texts.get(language="fr").text
        assert hit.headline == escape(text[:400])


def test_the_hit_list_escapes_what_it_shows_and_links_each_paragraph():
    p = Paragraph.objects.select_related("document").filter(kind="operative").first()
    p.opening = "<b>Urges</b>"
    other = RankedRow(p.id + 1, 1.0, "", 1, "op9", 76, "A/RES/76/141", "76/141")
    html = hits_html([Hit(p, escape("<script>x</script>"), [other])], LANGUAGES["fr"])
    assert f'href="/documents/{p.document.symbol}/?lang=fr#{p.anchor}"' in html
    assert "<em>&lt;b&gt;Urges&lt;/b&gt;</em>" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert '<a href="/documents/A/RES/76/141/?lang=fr#op9">76/141 op9</a>' in html
    assert '<p class="headline" lang="fr" dir="ltr">' in html
    assert f"session {p.document.session} · {p.get_kind_display()}" in html


def test_facet_links_set_their_filter_and_keep_the_others():
    session = Document.objects.order_by("session").values_list("session", flat=True).first()
    results = paragraphs.run_search(Paragraph.objects.body(), "women", "relevance", 1)
    lists = facets_html({"q": "women & girls", "session_from": "60", "kind": "operative"}, results.facets)
    assert (
        f'href="?q=women+%26+girls&amp;kind=operative&amp;session_from={session}&amp;session_to={session}"'
        in lists["session"]
    )
    assert 'href="?q=women+%26+girls&amp;session_from=60&amp;kind=preambular"' in lists["kind"]
    assert lists["session"].count("<li>") == len(results.facets["session"])


def test_above_rank_all_a_phrase_over_the_archive_is_decided_by_the_statistics_and_a_filtered_one_is_counted(
    monkeypatch,
):
    monkeypatch.setattr(paragraphs, "RANK_ALL", 5)
    phrase = '"migrant domestic workers"'
    results, sent = _statements(lambda: paragraphs.run_search(Paragraph.objects.body(), phrase, "relevance", 1))
    # compile (with the instruments), the candidates ranked in the walk that finds them, the page: no count
    assert len(sent) == 3, sent
    assert not [s for s in sent if s.startswith("SELECT COUNT(*)")]
    assert results.approximate and results.total_floor
    # the phrase is checked on the candidates the walk read: every row shown holds it
    shown = [p.id for h in results.hits for p in [h.paragraph, *h.same_text]]
    held = ranking.matching(Paragraph.objects.filter(id__in=shown), compile_query(phrase)).count()
    assert shown and held == len(shown)
    filtered, sent = _statements(
        lambda: paragraphs.run_search(Paragraph.objects.body().filter(document__session__gte=1), phrase, "relevance", 1)
    )
    assert len(sent) == 4 and sent[1].startswith("SELECT COUNT(*)"), sent  # the rows holding its words, counted


def test_the_ranking_statement_counts_the_distinct_texts_and_returns_only_those_asked_for():
    """The pages (one hit a distinct text) are exact from the statement's count of texts, without every match
    coming back to be grouped."""
    from archive.search.results import normalized_text

    q = "women migrant"
    compiled = compile_query(q)
    matches = ranking.matching(Paragraph.objects.body(), compiled)
    total = matches.count()
    texts = len({normalized_text(t) for t in matches.values_list("text", flat=True)})
    assert total > texts > 3 * 20  # copies among the matches, and more texts than a page
    found = ranking.rank_all(matches, compiled, 3)
    assert found.total == total and found.texts == texts and found.more
    assert len({r[-1] for r in found.rows}) < 3 + 5  # the three best texts (with ties), not every match
    results, sent = _statements(lambda: paragraphs.run_search(Paragraph.objects.body(), q, "relevance", 1))
    assert len([s for s in sent if "GROUPING SETS" in s]) == 1
    assert results.pages == -(-texts // 20) and not results.pages_approximate


@pytest.mark.parametrize("q", ["travailleuses migrantes", "CEDAW", "-violence", ""])
def test_the_names_statement_of_a_language_search_sets_the_transactions_statement_timeout(q):
    """With words that may spell a name, with a name, with none (an exclusion, no words): the timeout is set."""
    from django.db import transaction

    from archive.search.language_names import named_query

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
        named = named_query(q, timeout_ms=1234)
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "1234ms"
    assert bool(named) == (q == "CEDAW")


def test_facet_links_quote_and_escape_any_value_and_kept_parameter():
    """Braces, ampersands, quotes and markup in a value, a label or a kept parameter come out quoted in the
    link and escaped in the text (a list's format string holds the kept parameters: none is read as a field)."""
    from archive.search.facets import Facet

    facets = {"opening": [Facet('Urges {all} & "<b>"', 'Urges {all} & "<b>"', 3)], "session": [Facet(74, "74", 1)]}
    lists = facets_html({"q": "{x} & <y>", "document": "a}b{c"}, facets)
    assert lists["opening"] == (
        '<li><a href="?q=%7Bx%7D+%26+%3Cy%3E&amp;document=a%7Db%7Bc&amp;opening=Urges+%7Ball%7D+%26+%22%3Cb%3E%22">'
        'Urges {all} &amp; &quot;&lt;b&gt;&quot;</a> <span class="count">3</span></li>'
    )
    assert (
        'href="?q=%7Bx%7D+%26+%3Cy%3E&amp;document=a%7Db%7Bc&amp;session_from=74&amp;session_to=74"'
        in (lists["session"])
    )
