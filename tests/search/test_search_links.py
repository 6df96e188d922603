"""Links a search answers with keep what was asked: the symbol redirect its language, "did you mean" the
language, sort and filters."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "zh"])
def test_a_symbol_goes_to_its_document_in_the_language_searched(client, lang):
    for q in ["80/185", "A/RES/80/185"]:
        response = client.get("/search/", {"q": q, "lang": lang})
        assert response.status_code == 302 and response["Location"] == f"/documents/A/RES/80/185/?lang={lang}"
    assert client.get(response["Location"]).status_code == 200


def test_a_symbol_in_english_goes_to_the_document_alone(client):
    assert client.get("/search/", {"q": "80/185"})["Location"] == "/documents/A/RES/80/185/"


def test_did_you_mean_keeps_the_other_parameters(client):
    asked = {"q": "traffiking", "kind": "operative", "sort": "newest", "session_from": "70"}
    html = client.get("/search/", asked).content.decode()
    link = re.search(r'Did you mean <a href="\?([^"]+)">', html).group(1).replace("&amp;", "&")
    assert parse_qs(link) == {"q": ["trafficking"], "kind": ["operative"], "sort": ["newest"], "session_from": ["70"]}
    data = client.get("/api/search/", asked).json()
    assert data["suggestion"] == "trafficking"
    api_link = urlsplit(data["links"]["suggestion"])
    assert api_link.path == "/search/" and parse_qs(api_link.query) == parse_qs(link)
    assert client.get("/api/search/", {"q": "trafficking"}).json()["links"]["suggestion"] is None


def test_the_hit_list_writes_each_document_s_address_as_reverse_does():
    from django.urls import reverse, set_script_prefix

    from archive.models import Document
    from archive.views.search_rows import document_urls

    symbols = [*Document.objects.values_list("symbol", flat=True), "A/RES/74/92 A-B", "E/CN.6/2019/L.1", "A/RES/ZZ"]
    assert len(symbols) > 10
    url = document_urls()
    assert [url(s) for s in symbols] == [reverse("archive:document", args=[s]) for s in symbols]
    set_script_prefix("/archive ZZ/")  # served below a path (SCRIPT_NAME), the placeholder in it
    try:
        url = document_urls()
        assert [url(s) for s in symbols] == [reverse("archive:document", args=[s]) for s in symbols]
        assert url("A/RES/74/92 A-B") == "/archive%20ZZ/documents/A/RES/74/92%20A-B/"
    finally:
        set_script_prefix("/")
