"""A search parameter given twice with different values is refused, with a message naming it, by the page,
its CSV downloads and the API alike: read as its last value, ``q=trafficking&q=`` listed the whole archive."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# every answer of a search: the page (paragraphs and footnotes), the CSVs, the JSON
SEARCHES = [
    "/search/",
    "/search/?in=footnotes&",
    "/search.csv",
    "/search/footnotes.csv",
    "/api/search/",
    "/api/search/footnotes/",
]
REPEATS = [
    ("q=trafficking&q=", "q"),
    ("q=&q=trafficking", "q"),
    ("q=trafficking&q=women", "q"),
    ("q=trafficking&session_from=80&session_from=", "session_from"),
    ("q=trafficking&document=A/RES/80/185&document=A/RES/74/127", "document"),
    ("q=trafficking&lang=fr&lang=", "lang"),
    ("q=trafficking&sort=oldest&sort=newest", "sort"),
]


def _url(search: str, query: str) -> str:
    return search + ("" if search.endswith("&") else "?") + query


def _message(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["detail"]
    return response.content.decode()


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("query,name", REPEATS)
def test_a_parameter_given_twice_with_different_values_is_refused_naming_it(collection, client, search, query, name):
    response = client.get(_url(search, query))
    assert response.status_code == 400
    assert f"{name} is given more than once, with different values" in _message(response)


@pytest.mark.parametrize("search", ["/search/", "/search.csv", "/api/search/"])
def test_the_same_value_twice_is_one_value(collection, client, search):
    once = client.get(_url(search, "q=trafficking&session_from=76"))
    twice = client.get(_url(search, "q=trafficking&q=trafficking&session_from=76&session_from=76"))
    assert once.status_code == twice.status_code == 200
    if search == "/search/":
        assert once.context["results"].total == twice.context["results"].total > 0
    elif search == "/search.csv":
        assert b"".join(once.streaming_content) == b"".join(twice.streaming_content)
    else:
        assert once.json()["count"] == twice.json()["count"] > 0


def test_the_json_error_names_the_parameter_and_the_page_keeps_the_form(collection, client):
    data = client.get("/api/search/?q=trafficking&q=").json()
    assert list(data["fields"]) == ["q"]
    page = client.get("/search/?q=trafficking&q=")
    assert 'class="hit-link"' not in page.content.decode() and 'name="q"' in page.content.decode()


def test_a_repeated_symbol_does_not_open_a_document(collection, client):
    assert client.get("/search/?q=A/RES/80/185&q=").status_code == 400
