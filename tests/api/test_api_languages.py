"""The lineage endpoints and downloads in a language: ``lang`` declared, texts in it, English labelled."""

from __future__ import annotations

import csv
import io

import pytest

from archive.models import ParagraphText

pytestmark = pytest.mark.django_db
SERIES = "/api/series/violence-against-women-migrant-workers"


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content).decode()
    return response, list(csv.DictReader(io.StringIO(body)))


def test_history_json_in_a_language(client, collection):
    data = _json(client, "/api/documents/A/RES/80/185/paragraphs/op1/history/?lang=fr")
    assert data["language"] == "fr"
    french = ParagraphText.objects.get(
        paragraph__document__symbol="A/RES/80/185", paragraph__anchor="op1", language="fr"
    )
    assert data["paragraph"]["text"] == french.text and data["paragraph"]["language"] == "fr"
    by_symbol = {v["document"]["symbol"]: v["paragraph"] for v in data["versions"]}
    assert by_symbol["A/RES/80/185"]["language"] == "fr"
    english_only = [
        p for s, p in by_symbol.items() if s not in {"A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"}
    ]
    assert all(p["language"] == "en" for p in english_only)
    assert _json(client, "/api/documents/A/RES/80/185/paragraphs/op1/history/")["paragraph"]["language"] == "en"


def test_compare_json_in_a_language(client, collection):
    data = _json(client, f"{SERIES}/compare/?from=A/RES/72/149&to=A/RES/74/127&lang=es")
    assert data["language"] == "es"
    sides = [(side, p) for r in data["rows"] for side in ("from", "to") for p in r[side]]
    assert {p["language"] for side, p in sides if side == "from"} == {"en"}  # 72/149 is held in English only
    assert {p["language"] for side, p in sides if side == "to"} == {"es"}
    assert client.get(f"{SERIES}/compare/?lang=xx").status_code == 400


def test_lang_is_declared_on_the_lineage_endpoints(client):
    schema = _json(client, "/api/schema/")
    for path, ops in schema["paths"].items():
        if path.endswith(("/history/", "/compare/", "history.csv", "compare.csv", "citations.csv")):
            names = [p["name"] for p in ops["get"].get("parameters", [])]
            assert "lang" in names, path


def test_history_and_compare_csv_label_each_text_with_its_language(client, collection):
    response, rows = _csv(client, "/documents/A/RES/80/185/para/op1/history.csv?lang=ar")
    assert {r["document"]: r["language"] for r in rows}["A/RES/80/185"] == "ar"
    assert {r["language"] for r in rows if r["document"] == "A/RES/72/149"} <= {"en"}
    assert "en" in {r["language"] for r in rows}
    response, rows = _csv(
        client, "/series/violence-against-women-migrant-workers/compare.csv?from=A/RES/72/149&to=A/RES/74/127&lang=ar"
    )
    assert {r["from_language"] for r in rows if r["from_text"]} == {"en"}
    assert {r["to_language"] for r in rows if r["to_text"]} == {"ar"}


def test_citations_csv_in_a_language(client, collection):
    response, rows = _csv(client, "/instruments/UNTS:2220:39481/citations.csv?lang=ru")
    assert response["Content-Disposition"].endswith('-ru.csv"')
    held = {r["document"]: r for r in rows}
    assert held["A/RES/80/185"]["footnote_language"] == "ru" if "A/RES/80/185" in held else True
    assert {r["paragraph_language"] for r in rows if r["paragraph_text"]} >= {"en"}


@pytest.mark.parametrize("code,q", [("zh", "移民"), ("ar", "العاملات"), ("ru", "женщин"), ("fr", "femmes")])
def test_search_csv_file_names_have_no_empty_part(client, collection, code, q):
    response = client.get("/search.csv", {"q": q, "lang": code})
    assert response.status_code == 200
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert "--" not in name and name.startswith("paragraphs-") and name.endswith(f"-{code}.csv")
