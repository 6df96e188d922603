"""The django-ninja API object: every operation of ``views`` (JSON) and ``downloads`` (CSV, XML),
the JSON error handlers, and the OpenAPI schema generated from them at ``/api/schema/``."""

from __future__ import annotations

from django.urls import register_converter
from ninja import NinjaAPI

from archive.urls import ANCHOR_RE, SYMBOL_RE

from . import errors


class SymbolConverter:
    """A document symbol in a path, slashes unescaped: A/RES/74/127, A/64/152, A/RES/74/92 A-B."""

    regex = SYMBOL_RE

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class AnchorConverter(SymbolConverter):
    """A paragraph anchor: op5, pp12, op41a, op4.1."""

    regex = ANCHOR_RE


register_converter(SymbolConverter, "symbol")
register_converter(AnchorConverter, "anchor")

api = NinjaAPI(
    title="Resolution Archive API",
    version="1.0.0",
    description="Read-only open data of the Resolution Archive: General Assembly resolutions and reports of the "
    "Secretary-General, paragraph by paragraph, with their footnotes and the instruments they cite. "
    "Source of the texts: the United Nations. Every list and search is paged with page and page_size "
    "(at most 100) and answers count, next and previous; every error is JSON "
    "({status, error, detail, fields}).",
    urls_namespace="api",
    openapi_url=None,  # served by archive.api.urls.schema, at /api/schema/ as before
    docs_url=None,
)
errors.install(api)

from . import downloads, views  # noqa: E402  (the routers need the converters above)

api.add_router("", views.router)
api.add_router("", downloads.router)
