"""The "also in" compare view in the language asked for: both paragraphs, their documents' titles and the diff in
it where both have a text in it; a paragraph held in English only is shown in English, labelled, and the diff
is then the English one, said so; every block carries its ``lang`` and ``dir``, every link keeps the language."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from archive.models import DocumentVersion, ParagraphText, SharedLanguage

pytestmark = pytest.mark.django_db


def _pair(both_held: bool) -> SharedLanguage:
    """A pair of the collection from a paragraph held in six languages: to another held so, or to one held in
    English only."""
    held = ParagraphText.objects.filter(language="fr").values("paragraph_id")
    pairs = SharedLanguage.objects.filter(paragraph__in=held).select_related("paragraph__document", "other__document")
    pairs = pairs.filter(other__in=held) if both_held else pairs.exclude(other__in=held)
    return pairs.order_by("id").first()


def _url(pair: SharedLanguage, lang: str = "") -> str:
    p = pair.paragraph
    return f"/documents/{p.document.symbol}/para/{p.anchor}/also-in/{pair.other_id}/" + (
        f"?lang={lang}" if lang else ""
    )


def _text(paragraph_id: int, lang: str) -> str:
    return ParagraphText.objects.get(paragraph_id=paragraph_id, language=lang).text


@pytest.mark.parametrize("lang,direction", [("fr", "ltr"), ("ar", "rtl"), ("zh", "ltr")])
def test_both_paragraphs_and_the_diff_are_in_the_language_with_its_attributes(collection, client, lang, direction):
    pair = _pair(both_held=True)
    assert pair is not None
    response = client.get(_url(pair, lang))
    html = response.content.decode()
    assert response.status_code == 200
    for p in (pair.paragraph, pair.other):
        assert f'<span lang="{lang}" dir="{direction}">{escape(_text(p.id, lang))}</span>' in html
        assert escape(p.text) not in html  # not the English
        title = DocumentVersion.objects.get(document=p.document, language=lang).title
        assert f'<p class="doc-title" lang="{lang}" dir="{direction}">{escape(title)}</p>' in html
        assert f'href="{p.document.get_absolute_url()}para/{p.anchor}/?lang={lang}"' in html
    assert f'<p class="diff" lang="{lang}" dir="{direction}">' in html
    assert "English only" not in html and "Shown in English" not in html
    assert f'<link rel="canonical" href="http://testserver{_url(pair, lang)}">' in html
    assert f'hreflang="{lang}"' in html and 'aria-current="true"' in html


def test_a_paragraph_held_in_english_only_is_shown_in_english_labelled_and_the_diff_is_english(collection, client):
    pair = _pair(both_held=False)
    assert pair is not None
    html = client.get(_url(pair, "ar")).content.decode()
    assert f'<span lang="ar" dir="rtl">{escape(_text(pair.paragraph_id, "ar"))}</span>' in html
    assert (
        f'<span lang="en" dir="ltr">{escape(pair.other.text)}</span> <span class="fallback-note">(English only)</span>'
        in html
    )
    assert f'<p class="doc-title" lang="en" dir="ltr">{escape(pair.other.document.title)}</p>' in html
    assert f"Shown in English: {pair.other.citation} is not held in Arabic." in html
    assert '<p class="diff" lang="en" dir="ltr">' in html
    # the document held in English only is linked plain, as every page links it
    assert f'href="{pair.other.document.get_absolute_url()}para/{pair.other.anchor}/"' in html


def test_in_english_every_block_says_so(collection, client):
    pair = _pair(both_held=True)
    html = client.get(_url(pair)).content.decode()
    for p in (pair.paragraph, pair.other):
        assert f'<span lang="en" dir="ltr">{escape(p.text)}</span>' in html
    assert '<p class="diff" lang="en" dir="ltr">' in html and "English only" not in html


def test_the_paragraph_page_links_the_compare_view_in_its_language(collection, client):
    pair = _pair(both_held=True)
    p = pair.paragraph
    html = client.get(f"/documents/{p.document.symbol}/para/{p.anchor}/?lang=fr").content.decode()
    assert f'class="compare-link" href="{_url(pair)}?lang=fr"' in html
