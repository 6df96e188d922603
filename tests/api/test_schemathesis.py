"""Schemathesis, a generic OpenAPI tester, against the served schema (in process, over WSGI).

It reaches real resources through the schema's examples and fuzzes every parameter; the checks
are those a read-only API must pass whatever the data: no 5xx, only documented statuses and
media types, bodies that validate, invalid input rejected, 405 with ``Allow`` for other methods.
(Valid-looking but unknown values, such as a filter naming a document the archive does not hold,
are a documented 400, so "positive data acceptance" is not among them.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from .schema_check import SPEC

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
]


def _operations():
    from django.core.wsgi import get_wsgi_application

    # an invalid request is refused with a 400, or a 404 (a path that names nothing), or a 414 (too long)
    config = SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": ["400", "404", "414"]}}}
    )
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Django's handler closes the database connection after each request; the test's transaction
    lives on it (Django's own test client disconnects these signals the same way)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_passes_schemathesis(collection, wsgi_keeps_the_test_connection, mode):
    """Every operation: its query parameters fuzzed, on the resource its path examples name (positive),
    and everything fuzzed, paths included (negative: each invalid request must be refused)."""
    operations = _operations()
    assert len(operations) == len(SPEC["paths"])
    unsatisfiable = []
    for operation in operations:
        parameters = SPEC["paths"][operation.path]["get"]["parameters"]
        if mode is GenerationMode.NEGATIVE and not parameters:
            continue  # nothing to make invalid
        examples = {p["name"]: p["example"] for p in parameters if p["in"] == "path"}
        strategy = operation.as_strategy(mode, path_parameters=examples if mode is GenerationMode.POSITIVE else None)

        @given(case=strategy)
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(
                checks=CHECKS, headers={"Accept-Encoding": "identity"}
            )  # the WSGI client does not inflate

        try:
            run()
        except Unsatisfiable:  # no parameter can be made invalid (a free-text path segment, say)
            assert mode is GenerationMode.NEGATIVE, operation.path
            unsatisfiable.append(operation.path)
    assert len(unsatisfiable) < len(operations) / 2, unsatisfiable
