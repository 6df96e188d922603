"""Footnote search in another language, the same on the page, in the API and in the CSV: the footnotes whose
text in that language matches, with that text; a short footnote is its own headline, whole."""

from __future__ import annotations

import csv
import io
import re

import pytest

from archive.models import FootnoteText

pytestmark = pytest.mark.django_db

CASES = [("fr", "Recueil"), ("es", "Naciones"), ("ru", "Организации"), ("en", "Treaty Series")]


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize("lang,q", CASES)
def test_the_csv_lists_the_footnotes_the_page_finds(client, lang, q):
    page = client.get("/search/", {"q": q, "lang": lang, "in": "footnotes"}).context["footnote_results"]
    assert page.total > 0
    response = client.get("/search/footnotes.csv", {"q": q, "lang": lang})
    assert response.status_code == 200 and response["X-Archive-Rows"] == str(page.total)
    rows = _csv(response)
    assert len(rows) == page.total
    assert [(r["document"], int(r["footnote"])) for r in rows[: len(page.hits)]] == [
        (h.footnote.document.symbol, h.footnote.number) for h in page.hits
    ]
    for row, hit in zip(rows, page.hits):
        shown = (
            FootnoteText.objects.get(footnote=hit.footnote, language=lang).text if lang != "en" else hit.footnote.text
        )
        assert row["text"] == shown and row["language"] == lang
    if lang != "en":
        assert f"-{lang}.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("lang,q", CASES[:3])
def test_the_api_gives_each_footnote_in_the_language_searched(client, lang, q):
    data = client.get("/api/search/footnotes/", {"q": q, "lang": lang}).json()
    assert data["results"]
    for hit in data["results"]:
        footnote = hit["footnote"]
        assert footnote["language"] == lang
        held = FootnoteText.objects.get(
            footnote__document__symbol=hit["document"]["symbol"], footnote__number=footnote["number"], language=lang
        )
        assert footnote["text"] == held.text
        assert footnote["citations"]  # what it cites stays the English footnote's


@pytest.mark.parametrize("lang,q", CASES)
def test_a_short_footnote_is_shown_whole_with_its_matches_marked(client, lang, q):
    results = client.get("/search/", {"q": q, "lang": lang, "in": "footnotes"}).context["footnote_results"]
    for hit in results.hits:
        text = (
            hit.footnote.text if lang == "en" else FootnoteText.objects.get(footnote=hit.footnote, language=lang).text
        )
        if len(text) <= 300:
            shown = re.sub(r"</?mark>", "", str(hit.headline)).replace("&amp;", "&").replace("&quot;", '"')
            assert shown == text and "<mark>" in hit.headline
    assert any(re.search(r"\d{3,}", re.sub(r"<[^>]+>", "", str(h.headline))) for h in results.hits)  # the volume
