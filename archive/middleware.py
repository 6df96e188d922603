"""Response hardening: security headers on every response, and a 503 when the database is away.

``SecurityHeadersMiddleware`` sends a Content-Security-Policy (the pages use no inline
scripts or styles), ``X-Content-Type-Options``, ``Referrer-Policy`` and frame protection
on every response, whatever produced it (a view, whitenoise, an error page). The page cache
sits outside it and stores a page with the headers it left, so a cached page carries them too.

``ReadOnlyMiddleware`` answers 405 to any method but GET and HEAD outside the admin: the
public site has no write path (the API, read-only too, answers its own 405 in JSON).

``DatabaseUnavailableMiddleware`` turns a lost database (``OperationalError`` or
``InterfaceError`` from the driver: server stopped, restarting, unreachable) into a small,
plain 503 page with ``Retry-After``, built without a template or any database access, in
place of a 500. Connections recover by themselves: ``CONN_HEALTH_CHECKS`` makes Django test
a persistent connection before reusing it and reconnect when it is gone.
"""

from __future__ import annotations

import logging

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

RETRY_AFTER_SECONDS = 5
UNAVAILABLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><h1>Temporarily unavailable</h1>
<p>The archive cannot reach its database just now. Please try again in a few seconds.</p>
</body></html>
"""
DATABASE_ERRORS = (OperationalError, InterfaceError)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS.items():
            if name not in response:
                response[name] = value
        return response


class ReadOnlyMiddleware:
    SAFE_METHODS = ("GET", "HEAD")
    WRITABLE_PREFIXES = ("/admin/", "/api/")  # the admin (staff, CSRF); the API answers for itself

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS and not request.path.startswith(self.WRITABLE_PREFIXES):
            from archive.views.web import method_not_allowed

            return method_not_allowed(request, self.SAFE_METHODS)
        return self.get_response(request)


def unavailable_response() -> HttpResponse:
    response = HttpResponse(UNAVAILABLE_HTML, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


class DatabaseUnavailableMiddleware:
    """A view's database error → 503; so is one raised elsewhere (other middleware, rendering).

    ``process_exception`` answers for the view (nothing is logged as a server error); a
    database error raised outside the view has already become a 500 response by the time
    it reaches ``__call__``, so ``got_request_exception`` marks the request and the 500 is
    replaced here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.warning(
                "database unavailable: %s %s: %s",
                request.method,
                request.path,
                str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__,
            )
            return unavailable_response()
        return None


def _mark_database_errors(sender, request=None, **kwargs):
    import sys

    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        request._database_unavailable = True


got_request_exception.connect(_mark_database_errors, dispatch_uid="archive.middleware.database_unavailable")
