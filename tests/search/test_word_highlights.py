"""Headlines marked in Python mark the words PostgreSQL would: the same stems (checked against the
configuration's own dictionary on every word of the collection), the same words as ``ts_headline``
marks in a whole text, nothing excluded, and the text escaped; fragments as the pages cut them."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection

from archive.models import Paragraph, ParagraphText
from archive.parsing.languages import LANGUAGES
from archive.search.word_highlights import FRAGMENTS, MAX_WORDS, WordMarker, stemmer, tsquery_lexemes

pytestmark = pytest.mark.django_db

WORDS = re.compile(r"\w+")
MARKED = re.compile(r"<mark>(.+?)</mark>")
STEMMED = [lang for lang in LANGUAGES.values() if not lang.segmented]


def _texts(code: str) -> list[str]:
    if code == "en":
        return list(Paragraph.objects.body().values_list("text", flat=True))
    return list(ParagraphText.objects.filter(language=code).values_list("text", flat=True))


@pytest.mark.parametrize("lang", STEMMED, ids=lambda lang: lang.code)
def test_the_stemmer_is_the_configuration_s_on_the_words_of_the_collection(lang):
    words = Counter(w.lower() for t in _texts(lang.code) for w in WORDS.findall(t) if not w.isdigit())
    assert len(words) > 1000
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT w, ts_lexize('{lang.search_config}_stem', w) FROM unnest(%s::text[]) w", [list(words)])
        lexemes = dict(cursor.fetchall())
    stem = stemmer(lang.search_config)
    differ = {w for w, lx in lexemes.items() if lx and lx[0] != stem.stemWord(w)}
    # the same Snowball release: at most a handful of words, and a negligible share of what texts write
    assert len(differ) <= 3, sorted(differ)
    assert sum(words[w] for w in differ) / sum(words.values()) < 0.001


def _pg_marked(text: str, config: str, tsquery: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, %s, %s::tsquery, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>')",
            [config, text, tsquery],
        )
        return {w.lower() for m in MARKED.findall(cursor.fetchone()[0]) for w in WORDS.findall(m)}


QUERIES = {
    "en": ["women migrant workers", "trafficking -children", "healthcare", '"domestic workers" OR violence'],
    "fr": ["travailleuses migrantes", "traite OR violence", "la violence -sexuelle"],
    "es": ["trabajadoras migratorias", "trata -niños"],
    "ru": ["трудящиеся женщины мигранты", "торговля OR насилие"],
    "ar": ["العاملات المهاجرات", "العنف OR التمييز"],
}


@pytest.mark.parametrize("code,q", [(code, q) for code, qs in QUERIES.items() for q in qs])
def test_a_whole_text_is_marked_where_ts_headline_marks_it(code, q):
    lang = LANGUAGES[code]
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [lang.search_config, q])
        tsquery = cursor.fetchone()[0]
    marker = WordMarker(lang.search_config, tsquery_lexemes(tsquery))
    with connection.cursor() as cursor:
        table, column = ("archive_paragraph", "search") if code == "en" else ("archive_paragraphtext", "search")
        where = "" if code == "en" else "language = %s AND "
        cursor.execute(
            f"SELECT text FROM {table} WHERE {where}{column} @@ %s::tsquery LIMIT 25", [code, tsquery][code == "en" :]
        )
        texts = [r[0] for r in cursor.fetchall()]
    assert texts
    for text in texts:
        ours = {w.lower() for a, b, lexeme in marker.spans(text) if lexeme for w in WORDS.findall(text[a:b])}
        assert ours == _pg_marked(text, lang.search_config, tsquery), text


def test_the_lexemes_of_a_tsquery_leave_out_what_it_excludes():
    assert tsquery_lexemes("'women' & 'migrant' & 'worker'") == {"women", "migrant", "worker"}
    assert tsquery_lexemes("'traffick' & !'children'") == {"traffick"}
    assert tsquery_lexemes("'women' & !( 'sexual' <-> 'violenc' ) & 'girl'") == {"women", "girl"}
    assert tsquery_lexemes("( 'healthcar' | 'health-car' ) & !!'x'") == {"healthcar", "health-car"}
    assert tsquery_lexemes("'l''enfant' & 'a\\\\b'") == {"l'enfant", "a\\b"}


def test_a_short_text_is_whole_and_escaped_a_long_one_cut_into_fragments():
    marker = WordMarker("english", frozenset({"traffick", "women"}))
    short = 'Urges <script>alert("x")</script> States to end trafficking in women;'
    html = str(marker.headline(short))
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert html.endswith("<mark>trafficking</mark> in <mark>women</mark>;")
    filler = " ".join(f"w{i}" for i in range(200))
    long = f"{filler} trafficking of persons {filler} women and girls {filler} end."
    cut = str(marker.headline(long))
    pieces = cut.split(" … ")
    assert 1 <= len(pieces) <= FRAGMENTS and all(
        len(WORDS.findall(re.sub("<[^>]+>", "", p))) <= MAX_WORDS for p in pieces
    )
    assert MARKED.findall(cut) == ["trafficking", "women"]
    assert cut.startswith("w195 ") and not cut.endswith("end.")  # a little context before each marked word


def test_the_marked_parts_of_a_hyphenated_word_are_one_mark_and_a_solid_form_marks_the_compound():
    ru = WordMarker("russian", tsquery_lexemes("'женщин' & 'мигрант'"))
    assert "<mark>женщин-мигрантов</mark>" in str(ru.headline("защиты прав женщин-мигрантов и девочек"))
    en = WordMarker("english", tsquery_lexemes("( 'healthcar' | 'health-car' )"))
    assert MARKED.findall(str(en.headline("access to health-care and healthcare services"))) == [
        "health-care",
        "healthcare",
    ]


@pytest.mark.django_db
def test_a_page_s_headlines_marked_at_once_are_each_text_s_own(collection):
    """``headlines`` looks the words of every text up in one set: each headline is the one ``headline`` gives
    that text alone (whole or cut, hyphenated parts, a text with no word)."""
    from archive.search.compiler import compile_query
    from archive.search.paragraphs import marker_for

    texts = list(Paragraph.objects.body().search("women migrant").values_list("text", flat=True)[:40])
    texts += ["women-migrant workers' health-care", "", "— 1 —", "Women" * 3]
    for q in ("women migrant", "health-care", "trafficking -persons"):
        compiled = compile_query(q)
        together = marker_for(compiled).headlines(texts)
        assert together == [marker_for(compiled).headline(t) for t in texts]
        assert any("<mark>" in h for h in together)
