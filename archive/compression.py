"""Compressed responses: one small piece, so that a cache storing compressed variants can replace it.

Django's ``GZipMiddleware`` compresses HTML, JSON and CSV (a document page shrinks from about
160 KiB to about 20 KiB) when the client accepts gzip, and sets ``Vary: Accept-Encoding``.
Whitenoise's static files are already compressed at build time and pass through untouched
(they carry a ``Content-Encoding``). The admin is left out: its pages hold a CSRF token, and
compressing a secret beside text an attacker can inject is what the BREACH attack reads.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

UNCOMPRESSED_PREFIXES = ("/admin/",)


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(UNCOMPRESSED_PREFIXES):
            return response
        return super().process_response(request, response)
