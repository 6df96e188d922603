"""Holding a response to the OpenAPI schema: the documented status, content type and body."""

from __future__ import annotations

import json
import re

from jsonschema import Draft202012Validator

from archive.api.urls import openapi

SPEC = json.loads(json.dumps(openapi("http://testserver")))  # as served: status codes as strings


def operation_for(path: str) -> tuple[str, dict]:
    """The path template of the schema that ``path`` (no query string) instantiates."""
    for template, item in SPEC["paths"].items():
        pattern = (
            "^"
            + re.sub(r"\\\{(symbol|key)\\\}", ".+", re.sub(r"\\\{anchor\\\}", r"[\\w.-]+", re.escape(template)))
            + "$"
        )
        if re.match(pattern, path):
            return template, item["get"]
    raise AssertionError(f"{path} is not in the schema")


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def check(response, template: str) -> object:
    """Assert ``response`` is what the schema says ``template`` answers; return the parsed JSON (or text)."""
    op = SPEC["paths"][template]["get"]
    documented = op["responses"].get(str(response.status_code))
    assert documented, f"{template}: status {response.status_code} is not documented"
    if "content" not in documented:  # a redirect (in=footnotes): its target is checked on its own
        assert 300 <= response.status_code < 400 and response["Location"], template
        return None
    ((content_type, media),) = documented["content"].items()
    assert response["Content-Type"].split(";")[0] == content_type, (template, response["Content-Type"])
    body = body_of(response)
    if content_type != "application/json":
        return body.decode()
    data = json.loads(body)
    validator = Draft202012Validator(
        {**media["schema"], "components": SPEC["components"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, f"{template}: {errors[0].message} at {list(errors[0].path)}"
    return data
