"""What a page in another language marks: the language shown as current, and the filters a search sets."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*" hreflang="(\w+)" lang="\w+" aria-current="true" class="current">', html)


@pytest.mark.parametrize("url", ["/documents/A/RES/60/139/?lang=fr", "/documents/A/RES/60/139/para/op1/?lang=fr"])
def test_a_document_held_in_english_only_marks_english_current_when_asked_in_french(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _current(response.content.decode()) == ["en"]


def test_a_document_held_in_french_marks_french_current(client):
    assert _current(client.get("/documents/A/RES/80/185/?lang=fr").content.decode()) == ["fr"]


def _active(client, params) -> str:
    html = client.get("/search/", params).content.decode()
    return re.search(r"<summary>Filters and sort(.*?)</summary>", html).group(1)


def test_choosing_a_language_is_not_an_active_filter(client):
    assert _active(client, {"q": "travailleuses", "lang": "fr"}) == ""
    assert _active(client, {"q": "travailleuses", "lang": "fr", "sort": "newest"}) == (
        ' <span class="active">(1 active)</span>'
    )
    assert _active(client, {"q": "travailleuses", "lang": "fr", "sort": "newest", "session_from": "70"}) == (
        ' <span class="active">(2 active)</span>'
    )
