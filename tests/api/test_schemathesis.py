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
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection, unsupported_method]


@pytest.fixture
def api_schema(collection):
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_passes_schemathesis(case):
    case.call_and_validate(checks=CHECKS)
