"""Every error of the open-data endpoints as one JSON shape: ``{status, error, detail, fields}``.

Two layers, because errors arise in two places. Inside an operation, django-ninja's exception
handlers (installed by ``install``) answer a bad parameter (400), a missing resource (404) and
a statement timeout (503). Around the views, ``ApiErrorMiddleware`` answers what no view sees:
a request line longer than the application accepts (414, on every page), and turns any other
non-JSON error response of an API route (Django's 404 and 500 pages, ninja's 405, the 503 of
a lost database) into the same JSON, keeping its headers (``Allow``, ``Retry-After``).
An unexpected exception is still logged with its traceback by Django; only the body changes.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from ninja.errors import ValidationError

logger = logging.getLogger(__name__)

# A request line (method, path, query string, version) the archive accepts; gunicorn is started with a
# larger --limit-request-line (8190, its largest), so that an over-long URL reaches the application and
# gets this answer instead of gunicorn's own HTML page. (Every parameter at its longest, in 4-byte
# characters percent-encoded, stays under it but for a search using every text filter at once.)
MAX_REQUEST_LINE = 8000
TITLES = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    414: "URI Too Long",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
KEPT_HEADERS = ("Allow", "Retry-After")


class ApiError(Exception):
    """An error the client can fix (400) or a missing resource (404), with the parameters at fault."""

    def __init__(self, status: int, detail: str, fields: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.fields = fields or {}


def error(status: int, detail: str, fields: dict | None = None) -> JsonResponse:
    response = JsonResponse(
        {"status": status, "error": TITLES.get(status, "Error"), "detail": detail, "fields": fields or {}},
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _validation_error(request, exc: ValidationError) -> JsonResponse:
    fields: dict[str, list[str]] = {}
    for e in exc.errors:
        loc = [str(part) for part in e.get("loc", ()) if part not in ("query", "path")]
        name = loc[0] if loc else "request"
        message = e.get("msg", "invalid")
        if e.get("type") == "literal_error":
            message = "must be one of " + e.get("ctx", {}).get("expected", "the documented values")
        if name == "lang":  # the words every page uses (ninja read only the last value)
            message = _language_message(request) or message
        fields.setdefault(name, []).append(message)
    detail = "; ".join(f"{name}: {' '.join(msgs)}".rstrip(".") for name, msgs in fields.items())
    searched = _search_messages(request, fields)
    return error(
        400, f"{searched} Invalid parameter: {detail}." if searched else f"Invalid parameter: {detail}.", fields
    )


def _language_message(request) -> str:
    from archive.documents.languages import LanguageError, read_lang

    try:
        read_lang(request.GET)
    except LanguageError as e:
        return str(e)
    return ""


def _language_error(request, exc) -> JsonResponse:
    return error(400, f"Invalid parameter: {exc}", {exc.name: [str(exc)]})


SEARCH_OPERATIONS = ("search", "footnote_search", "search_csv", "footnote_search_csv")


def _search_messages(request, fields: dict[str, list[str]]) -> str:
    """On a search, the words the search page uses for the same fault (its one reading of the parameters)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in SEARCH_OPERATIONS:
        return ""
    from archive.search.parameters import read_search

    errors = read_search(request.GET).errors
    return " ".join(m for name in fields if name != "lang" for m in errors.get(name, []))  # lang's words: above


def _database_error(request, exc: Exception) -> HttpResponse:
    """A statement timeout or a lost server: not the client's fault, retry; anything else is a bug (500)."""
    logger.warning("API %s: database error: %s", request.path, exc)
    response = error(503, "The database did not answer in time; try again.")
    response["Retry-After"] = "5"
    return response


def install(api) -> None:
    """The ninja exception handlers of ``api``: the JSON shape for each error a view expects."""
    from archive.documents.languages import LanguageError

    api.add_exception_handler(ApiError, lambda request, exc: error(exc.status, exc.detail, exc.fields))
    api.add_exception_handler(LanguageError, _language_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(Http404, lambda request, exc: error(404, str(exc) or "Not found."))
    api.add_exception_handler(OperationalError, _database_error)
    api.add_exception_handler(InterfaceError, _database_error)


def is_api(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return request.path.startswith("/api/") or (match is not None and match.namespace == "api")


def _api_route(path: str) -> bool:
    """The path is one of the API's routes (``/api/…``, or a download the schema documents, such as
    ``/search.csv``), before the request is resolved."""
    if path.startswith("/api/"):
        return True
    try:
        return resolve(path).namespace == "api"
    except Resolver404:
        return False


class ApiErrorMiddleware:
    """414 for an over-long request line; JSON bodies for every error of an API route; HEAD as GET;
    ``Access-Control-Allow-Origin: *`` on every answer of an API route.

    Placed outermost but for the security headers, so that it also sees the 503 of
    ``DatabaseUnavailableMiddleware`` and the 500 page of Django's exception handling.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.method) + len(request.get_full_path()) + 10 > MAX_REQUEST_LINE:
            if _api_route(request.path_info):
                return error(
                    414,
                    f"The request line is longer than {MAX_REQUEST_LINE} characters; "
                    "shorten the query (a search query has at most 200).",
                )
            return HttpResponse(
                f"URI too long: at most {MAX_REQUEST_LINE} characters.\n",
                status=414,
                content_type="text/plain; charset=utf-8",
            )
        head = request.method == "HEAD" and request.path.startswith("/api/")
        if head:  # ninja routes GET only: answer HEAD with the GET's headers and no body
            request.method = "GET"
        response = self.get_response(request)
        if is_api(request):
            if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
                response = self._as_json(request, response)
            response["Access-Control-Allow-Origin"] = "*"  # open data: any site's scripts may read it
        if head:
            request.method = "HEAD"
            if not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        return response

    def process_view(self, request, view, args, kwargs):
        """PostgreSQL refuses NUL in text: a parameter holding one is a 400, an identifier a 404."""
        if not is_api(request):
            return None
        bad = sorted({k for k, values in request.GET.lists() if "\x00" in k or any("\x00" in v for v in values)})
        if bad:
            return error(
                400,
                "Parameters must not contain NUL characters.",
                {k.replace("\x00", ""): ["NUL character"] for k in bad},
            )
        if any("\x00" in str(v) for v in kwargs.values()):
            return error(404, "No resource has a NUL character in its identifier.")
        return None

    def process_exception(self, request, exception):
        request._api_exception = exception  # Django logs it and renders its 500; __call__ makes that JSON
        return None

    @staticmethod
    def _as_json(request, response) -> JsonResponse:
        status = response.status_code
        exc = getattr(request, "_api_exception", None)
        details = {
            404: f"Nothing at {request.path}. The API starts at {request.build_absolute_uri('/api/')}.",
            405: "The API is read-only: use GET or HEAD.",
            500: "Internal error: the archive failed to answer and has logged the error."
            + (f" ({type(exc).__name__}: {exc})" if exc is not None and settings.DEBUG else ""),
            503: "The database is not reachable just now; try again.",
        }
        out = error(status, details.get(status, TITLES.get(status, "Error")))
        for name in KEPT_HEADERS:
            if name in response:
                out[name] = response[name]
        if status == 405:
            out["Allow"] = "GET, HEAD"
        return out
