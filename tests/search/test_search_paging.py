"""Pages of a grouped relevance ranking: counted from the distinct texts a page shows, the same on the page
and in the API; a page past the last answers the last with a note."""

from __future__ import annotations

import pytest

from archive.models import Paragraph
from archive.search.parameters import PAGE_SIZE
from archive.search.results import normalized_text

pytestmark = pytest.mark.django_db


def _distinct_texts(q: str) -> int:
    return len({normalized_text(t) for t in Paragraph.objects.body().search(q).values_list("text", flat=True)})


@pytest.mark.parametrize("q", ["women", "migrant workers", "trafficking"])
def test_pages_count_the_distinct_texts(client, q):
    texts = _distinct_texts(q)
    matches = Paragraph.objects.body().search(q).count()
    assert texts < matches  # the collection repeats its language: grouping shortens the list
    pages = -(-texts // PAGE_SIZE)
    first = client.get("/search/", {"q": q}).context["results"]
    assert first.pages == pages and not first.pages_approximate
    last = client.get("/search/", {"q": q, "page": pages}).context["results"]
    assert last.page == last.pages == pages and 0 < len(last.hits) <= PAGE_SIZE
    assert (pages - 1) * PAGE_SIZE + len(last.hits) == texts
    html = client.get("/search/", {"q": q}).content.decode()
    if pages > 1:
        assert f"Page 1 of {pages}<" in html


def test_the_api_gives_the_same_pages_on_every_page(client):
    pages = -(-_distinct_texts("women") // PAGE_SIZE)
    first = client.get("/api/search/", {"q": "women"}).json()
    last = client.get("/api/search/", {"q": "women", "page": pages}).json()
    assert first["pages"] == last["pages"] == pages and not first["pages_approximate"]
    assert first["next"] and last["next"] is None and last["page"] == pages == last["requested_page"]


def test_a_page_past_the_last_is_the_last_with_a_note(client):
    pages = client.get("/search/", {"q": "women"}).context["results"].pages
    response = client.get("/search/", {"q": "women", "page": pages + 3})
    assert response.status_code == 200 and response.context["results"].page == pages
    html = response.content.decode()
    assert f"There is no page {pages + 3}: the results end on page {pages}" in html
    assert "data-page-beyond" not in client.get("/search/", {"q": "women", "page": pages}).content.decode()
    data = client.get("/api/search/", {"q": "women", "page": pages + 3}).json()
    assert data["page"] == data["pages"] == pages and data["requested_page"] == pages + 3
    assert data["results"] == client.get("/api/search/", {"q": "women", "page": pages}).json()["results"]


def test_the_pages_are_exact_without_fetching_every_match(client, monkeypatch):
    """The ranking statement counts the distinct texts: a page fetches its own texts' rows, not every match."""
    from archive.search import paragraphs

    matches = Paragraph.objects.body().search("women").count()
    fetched = []
    real = paragraphs.group_identical
    monkeypatch.setattr(paragraphs, "group_identical", lambda rows: fetched.append(len(rows)) or real(rows))
    results = client.get("/search/", {"q": "women"}).context["results"]
    assert not results.pages_approximate and results.pages == -(-_distinct_texts("women") // PAGE_SIZE)
    assert fetched and fetched[-1] < matches / 4
    assert f"Page 1 of {results.pages}<" in client.get("/search/", {"q": "women"}).content.decode()


def _distinct_texts_in(q: str, lang: str) -> tuple[int, int]:
    """(matches, distinct texts) of a search in another language, as the search matches them."""
    from archive.parsing.languages import LANGUAGES
    from archive.search.languages import matching

    texts = list(matching(Paragraph.objects.body(), q, LANGUAGES[lang]).values_list("texts__text", flat=True))
    return len(texts), len({normalized_text(t) for t in texts})


@pytest.mark.parametrize("lang, q", [("fr", "travailleuses"), ("es", "trabajadoras migratorias")])
def test_in_another_language_every_match_is_grouped_when_few_and_only_the_page_s_when_many(
    client, monkeypatch, lang, q
):
    import archive.search.paging

    matches, texts = _distinct_texts_in(q, lang)
    assert texts > PAGE_SIZE and matches > 4 * (PAGE_SIZE + 1)  # more rows than the first fetch asks for
    monkeypatch.setattr(archive.search.paging, "GROUP_ALL", matches)  # at most GROUP_ALL: all, pages exact
    first = client.get("/search/", {"q": q, "lang": lang}).context["results"]
    assert first.pages == -(-texts // PAGE_SIZE) and not first.pages_approximate
    monkeypatch.setattr(archive.search.paging, "GROUP_ALL", matches - 1)  # above it: the page's rows, pages a bound
    fetched = []
    from archive.search import languages

    real = languages.group_identical
    monkeypatch.setattr(languages, "group_identical", lambda rows: fetched.append(len(rows)) or real(rows))
    above = client.get("/search/", {"q": q, "lang": lang}).context["results"]
    assert above.pages_approximate and above.pages == -(-matches // PAGE_SIZE)
    assert fetched and fetched[-1] < matches
    assert [h.paragraph.id for h in above.hits] == [h.paragraph.id for h in first.hits]
