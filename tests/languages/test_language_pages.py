"""Reading in the six languages: the document, paragraph, history, compare and instrument pages."""

from __future__ import annotations

import re

import pytest

from archive.models import DocumentVersion, FootnoteText, Paragraph, ParagraphText

pytestmark = pytest.mark.django_db
HELD = ["A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"]


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_language_version_is_held_aligned_on_the_english_anchors(collection):
    for symbol in HELD:
        document = collection[symbol]
        paragraphs = list(document.paragraphs.all())
        footnotes = set(document.footnotes.filter(text_missing=False).values_list("id", flat=True))
        assert DocumentVersion.objects.languages(document) == ["ar", "zh", "en", "fr", "ru", "es"]
        for code in ("ar", "zh", "fr", "ru", "es"):
            texts = ParagraphText.objects.filter(paragraph__document=document, language=code)
            assert sorted(texts.values_list("paragraph__anchor", flat=True)) == sorted(p.anchor for p in paragraphs)
            assert (
                set(
                    FootnoteText.objects.filter(footnote__document=document, language=code).values_list(
                        "footnote_id", flat=True
                    )
                )
                == footnotes
            )
            # the markers of each text are the English markers, in the same order
            for t in texts.select_related("paragraph"):
                english = list(t.paragraph.footnote_refs.order_by("offset").values_list("footnote__number", flat=True))
                assert [n for n, _ in sorted(t.refs, key=lambda r: r[1])] == english, (symbol, code, t.paragraph.anchor)
    only_english = [s for s in collection if s not in HELD]
    assert only_english and not DocumentVersion.objects.filter(document__symbol__in=only_english).exists()


def test_document_in_french_shows_the_french_title_text_and_footnotes(client, collection):
    html = _html(client, "/documents/A/RES/80/185/?lang=fr")
    assert "Violence à l’égard des travailleuses migrantes" in html
    assert '<span lang="fr" dir="ltr">Violence à l’égard des travailleuses migrantes</span>' in html
    op1 = ParagraphText.objects.get(paragraph__document__symbol="A/RES/80/185", paragraph__anchor="op1", language="fr")
    assert op1.opening == "Prend acte"  # the opening words as the French prints them, in italics
    assert re.search(
        r'<p class="text" lang="fr" dir="ltr"><em class="opening">Prend acte</em>'
        + re.escape(op1.text[len("Prend acte") :][:30]),
        html,
    )
    fn1 = FootnoteText.objects.get(footnote__document__symbol="A/RES/80/185", footnote__number=1, language="fr")
    assert f'lang="fr" dir="ltr"><bdi>{fn1.text}</bdi></span>' in html
    assert collection["A/RES/80/185"].paragraphs.get(anchor="op1").text not in html  # not the English


def test_arabic_is_right_to_left_with_its_numbers(client):
    html = _html(client, "/documents/A/RES/74/127/?lang=ar")
    assert 'id="op1" data-anchor="op1" dir="rtl"' in html
    assert '<span class="num" aria-hidden="true" lang="ar" dir="rtl">1 -</span>' in html
    assert '<p class="text" lang="ar" dir="rtl">' in html
    assert 'class="para-tools" lang="en" dir="ltr"' in html  # the interface stays English


def test_language_switcher_and_alternates(client):
    html = _html(client, "/documents/A/RES/76/141/?lang=zh")
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    assert re.findall(r'hreflang="(\w+)"', nav) == ["ar", "zh", "en", "fr", "ru", "es"]
    assert 'aria-current="true" class="current">中文' in nav
    assert '<link rel="canonical" href="http://testserver/documents/A/RES/76/141/?lang=zh">' in html
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
    assert alternates["en"] == "http://testserver/documents/A/RES/76/141/"
    assert alternates["ar"] == "http://testserver/documents/A/RES/76/141/?lang=ar"
    assert len(alternates) == 6


def test_a_document_held_only_in_english_says_so(client):
    html = _html(client, "/documents/A/RES/60/139/?lang=fr")
    assert "The archive holds this document in English only." in html
    assert '<link rel="canonical" href="http://testserver/documents/A/RES/60/139/">' in html
    assert 'rel="alternate"' not in html
    assert '<p class="text" lang="en" dir="ltr">' in html


def test_a_language_holding_a_nul_is_refused_as_any_nul_is(client):
    response = client.get("/documents/A/RES/80/185/?lang=fr%00")
    assert response.status_code == 400
    assert "Parameters must not contain NUL characters: lang." in response.content.decode()


def test_paragraph_page_shows_every_language_side_by_side_with_its_footnotes(client):
    html = _html(client, "/documents/A/RES/80/185/para/op1/")
    cells = re.findall(r'<div class="parallel-cell" lang="(\w+)" dir="(\w+)"', html)
    assert cells == [("en", "ltr"), ("ar", "rtl"), ("zh", "ltr"), ("fr", "ltr"), ("ru", "ltr"), ("es", "ltr")]
    # op1 takes note of the report, footnoted: the footnote in each language, under its text
    op1 = Paragraph.objects.get(document__symbol="A/RES/80/185", anchor="op1")
    number = op1.footnote_refs.get().footnote.number
    for code in ("ar", "zh", "fr", "ru", "es"):
        text = FootnoteText.objects.get(footnote__document=op1.document, footnote__number=number, language=code).text
        cell = html.split(f'data-lang="{code}"')[1].split('<div class="parallel-cell"')[0]
        assert (
            f'<li value="{number}"><bdi>{text}</bdi></li>' in cell
        )  # isolated: a Latin symbol in a right-to-left cell


def test_paragraph_page_in_a_language_links_its_footnotes_in_that_language(client):
    html = _html(client, "/documents/A/RES/80/185/para/op1/?lang=ru")
    text = html.split('<div class="doc-text single">')[1].split("</div>")[0]
    assert 'href="/documents/A/RES/80/185/?lang=ru#fn' in text


def test_history_in_a_language_diffs_that_language_and_labels_english_only_versions(client):
    html = _html(client, "/documents/A/RES/80/185/para/op1/history/?lang=es")
    items = re.findall(r'<li class="version.*?</li>', html, re.S)
    spanish = [i for i in items if 'lang="es"' in i]
    assert len(spanish) >= 2  # 74/127 .. 80/185 are held in Spanish
    assert any("Held in English only" in i for i in items if "A/RES/72/149" in i or "A/RES/62/132" in i) or all(
        'lang="es"' in i for i in items
    )
    for item in spanish:
        for changed in re.findall(r"<(?:ins|del)>([^<]*)</", item):
            assert changed  # diffs are of the Spanish words
            assert changed.strip() not in ("the", "and", "of")


def test_compare_in_chinese_diffs_by_characters(client):
    html = _html(
        client, "/series/violence-against-women-migrant-workers/compare/?from=A/RES/78/180&to=A/RES/80/185&lang=zh"
    )
    diffs = re.findall(r'<span class="diff" lang="zh" dir="ltr">(.*?)</span>', html, re.S)
    assert diffs
    new_texts = set(
        ParagraphText.objects.filter(paragraph__document__symbol="A/RES/80/185", language="zh").values_list(
            "text", flat=True
        )
    )
    for d in diffs:  # the redline without its deletions is the new Chinese text, no space put between characters
        assert re.sub(r"<del>.*?</del>|<ins>|</ins>", "", d).replace("&quot;", '"') in new_texts
    assert '<option value="zh" lang="zh" selected>' in html


def test_instrument_page_lists_citing_paragraphs_in_the_language(client):
    html = _html(client, "/instruments/UNTS:2220:39481/?lang=fr")
    contexts = re.findall(r'<blockquote class="context">.*?</blockquote>', html, re.S)
    french = [c for c in contexts if '<span lang="fr" dir="ltr">' in c]
    english = [c for c in contexts if '<span lang="en" dir="ltr">' in c]
    assert french and english  # 74/127 .. 80/185 in French; the older resolutions held in English only
    assert all(re.search(r"A/RES/(7[4-9]|80)/", c) for c in french)


def _unchanged_in_english_changed_in(code: str):
    """Links the English alignment calls unchanged whose texts in ``code`` differ (found, not assumed)."""
    from archive.models import ParagraphLink

    found = []
    links = ParagraphLink.objects.filter(
        change="unchanged", old_paragraph__isnull=False, new_paragraph__isnull=False
    ).select_related("new_paragraph__document")
    for link in links:
        texts = dict(
            ParagraphText.objects.filter(
                paragraph__in=[link.old_paragraph_id, link.new_paragraph_id], language=code
            ).values_list("paragraph_id", "text")
        )
        if len(texts) == 2 and texts[link.old_paragraph_id] != texts[link.new_paragraph_id]:
            found.append((link, texts[link.old_paragraph_id], texts[link.new_paragraph_id]))
    return found


def test_history_in_a_language_says_where_its_texts_differ_though_the_english_is_unchanged(client, collection):
    from archive.lineage.text import word_diff_ratio

    found = _unchanged_in_english_changed_in("fr")
    assert found  # the French texts of 76/141 and 80/185 differ where the English carries over
    link, old, new = found[0]
    paragraph = link.new_paragraph
    html = _html(client, f"{paragraph.get_absolute_url()}history/?lang=fr")
    item = next(
        i
        for i in re.findall(r'<li class="version.*?</li>', html, re.S)
        if f'data-symbol="{paragraph.document.symbol}"' in i
    )
    similarity = word_diff_ratio(old, new)[1]
    assert similarity < 1
    assert 'data-change="unchanged"' in item  # the label stays the English alignment's
    assert f"French: {similarity:.2f}" in item
    assert "the English text is unchanged, but the French texts differ" in item
    assert "<ins>" in item or "<del>" in item


def test_a_history_diff_prints_the_texts_own_apostrophes(client, collection):
    found = [f for f in _unchanged_in_english_changed_in("fr") if "’" in f[2]]
    assert found
    link, old, new = found[0]
    html = _html(client, f"{link.new_paragraph.get_absolute_url()}history/?lang=fr")
    item = next(
        i
        for i in re.findall(r'<li class="version.*?</li>', html, re.S)
        if f'data-symbol="{link.new_paragraph.document.symbol}"' in i
    )
    diff = re.search(r'<p class="diff"[^>]*>(.*?)</p>', item, re.S).group(1)
    printed = re.sub(r"</?(?:ins|del)>", "", diff).replace("&#x27;", "'").replace("&#39;", "'")
    curly = re.findall(r"\w+’\w+", new)
    assert curly and all(w in printed for w in curly)
    assert not any(w.replace("’", "'") in printed for w in curly if w.replace("’", "'") not in old + new)


def test_stored_language_versions_report_no_translation_as_a_metadata_conflict_only_the_real_one(collection):
    conflicts = {
        (v.document.symbol, v.language): [a["message"] for a in v.anomalies if a["code"] == "metadata_conflict"]
        for v in DocumentVersion.objects.select_related("document")
    }
    assert len(conflicts) == 20
    assert {k: m for k, m in conflicts.items() if m} == {
        ("A/RES/78/180", "zh"): ["committee_report: text has 'A/78/472，第24段', metadata record 'A/78/473'"]
    }
