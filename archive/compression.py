"""Compressed responses for what the page cache does not answer with its own stored variants.

It sits outside the page cache's middleware (``archive.page_cache``), so that the cache stores
the plain page and compresses its variants once; a cached variant carries its
``Content-Encoding`` and passes through here untouched.

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
