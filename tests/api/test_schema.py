"""Property-based: requests built from the OpenAPI schema never get a 5xx, and every answer
(success or error) is one the schema documents, with a body that validates against it.

Parameters are drawn from the schema (enums, integers around their bounds, strings up to
and past their maximum length) mixed with arbitrary text (NUL, control characters,
unpaired quotes, websearch operators); path parameters from the collection's real
symbols, anchors and instrument keys mixed with arbitrary text.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Instrument, Paragraph

from .schema_check import SPEC, check

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
OPERATIONS = list(SPEC["paths"])


def value_for(schema: dict) -> st.SearchStrategy[str]:
    if "enum" in schema:
        valid = st.sampled_from([str(v) for v in schema["enum"]])
    elif schema.get("type") == "integer":
        low, high = schema.get("minimum", 0), schema.get("maximum", 10**6)
        valid = st.integers(low - 3, high + 3).map(str)
    elif schema.get("type") == "number":
        valid = st.one_of(st.integers(-5, 210).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str))
    else:
        longest = schema.get("maxLength", 50)
        valid = st.one_of(
            st.sampled_from(
                [
                    "migrant",
                    '"domestic workers"',
                    "Calls upon",
                    "UNTS:2220:39481",
                    "-women OR trafficking",
                    "74/127",
                    "A/RES/74/127",
                ]
            ),
            st.text(max_size=longest + 5),
        )
    return st.one_of(valid, valid, ANY_TEXT)


@st.composite
def request_for(draw, template: str, identifiers: dict) -> str:
    op = SPEC["paths"][template]["get"]
    path = template
    for p in (p for p in op["parameters"] if p["in"] == "path"):
        real = st.sampled_from(identifiers[p["name"]])
        value = draw(st.one_of(real, real, ANY_TEXT.filter(bool)))
        path = path.replace("{" + p["name"] + "}", quote(value, safe="/:" if p["name"] != "anchor" else ""))
    params = {}
    for p in (p for p in op["parameters"] if p["in"] == "query"):
        if draw(st.booleans()):
            params[p["name"]] = draw(value_for(p["schema"]))
    return f"{path}?{urlencode(params)}" if params else path


@pytest.fixture
def identifiers(collection):
    anchors = list(Paragraph.objects.filter(document__symbol="A/RES/74/127").values_list("anchor", flat=True)[:20])
    return {
        "symbol": list(collection),
        "anchor": anchors,
        "key": list(Instrument.objects.values_list("key", flat=True)[:40]),
        "slug": ["violence-against-women-migrant-workers"],
    }


@pytest.mark.parametrize("template", OPERATIONS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_parameter_gives_a_5xx_and_every_answer_matches_the_schema(client, identifiers, template, data):
    url = data.draw(request_for(template, identifiers))
    response = client.get(url)
    assert response.status_code < 500, url
    if response.status_code in (301, 404) and not url.split("?")[0].endswith(("/", ".csv", ".xml")):
        return  # a path the text strategy cut short is not an API path
    check(response, template)


def test_schema_is_served_and_is_the_one_tested(client, collection):
    served = client.get("/api/schema/").json()
    assert served["openapi"].startswith("3.") and served["paths"].keys() == SPEC["paths"].keys()
    assert served["components"] == SPEC["components"]


def test_every_route_of_the_api_is_in_the_schema():
    from archive.api import urls

    routes = {p.name for p in urls.urlpatterns} - {"not_found", "schema"}
    operations = [op["get"]["operationId"] for op in SPEC["paths"].values()]
    assert len(routes) == len(set(operations)) == len(operations) == 19
