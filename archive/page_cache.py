"""Whole-page cache: public pages and API answers served from a shared cache until the data changes.

The archive changes only when ingest runs (or staff edit it in the admin), so a page is
rendered once per data version and then read from the cache every worker shares (Django's
file-based cache by default, memcached or Redis when ``CACHE_URL`` says so). The key is
the data version (a random token in ``DataVersion``, replaced by every ingest and admin
edit), the encoding and the absolute URL: a new token makes every cached page unreachable
at once, with nothing to delete.

- Compressed variants (brotli, gzip) are cached beside the plain body, each compressed
  once, the first time a client asks for it.
- ``ETag`` (per variant) and ``If-None-Match`` answer 304; ``Cache-Control: public,
  max-age=60`` lets a browser or CDN keep a page a minute, then revalidate with the ETag.
- Nothing private is cached or served from the cache: only GET and HEAD, never the admin
  or the health check, never a request with a session or CSRF cookie or credentials,
  never a response that sets a cookie, varies on one or says private/no-store.
"""

from __future__ import annotations

import gzip
import hashlib

import brotli
from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from archive.models import DataVersion

VERSION_KEY = "archive:data-version"
# How long the token is read from the cache before the database is asked again: the bound on
# staleness for a process whose cache is not the one ingest bumped (a misconfiguration).
VERSION_TTL = 5
MAX_AGE = 60  # seconds a browser or CDN may keep a page before revalidating
MAX_BODY = 8 * 1024 * 1024
MIN_COMPRESS = 256
ENCODINGS = ("br", "gzip")  # preference order
EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/")
STORED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Location", "Link", "Allow")


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _scope() -> str:
    """The database the pages come from: two archives served from one checkout never share pages."""
    from django.db import connection

    return str(connection.settings_dict.get("NAME", ""))


def current_version() -> str:
    """The data version in force: from the shared cache, else the database.

    ``add`` (never ``set``) when read from the database: a reader that raced a bump cannot
    put back the old token over the new one the bump has just set."""
    cache = page_cache()
    key = f"{VERSION_KEY}:{_scope()}"
    token = cache.get(key)
    if token is None:
        token = DataVersion.objects.current_token()
        cache.add(key, token, VERSION_TTL)
    return token


def bump_data_version() -> str:
    """Make every cached page stale: a new token in the database, then in the shared cache."""
    token = DataVersion.objects.bump()
    page_cache().set(f"{VERSION_KEY}:{_scope()}", token, VERSION_TTL)
    return token


def bump_after_commit(**kwargs) -> None:
    """Signal receiver for admin edits: bump once the edit is committed (at once in autocommit)."""
    transaction.on_commit(bump_data_version)


def negotiate(accept_encoding: str) -> str:
    """The best stored encoding the client accepts: 'br', 'gzip' or '' (identity)."""
    accepted = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        accepted[name.strip()] = q
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return ""


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)


def request_is_public(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def response_is_public(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"accept-encoding"} and len(response.content) <= MAX_BODY


def entry_for(status: int, headers: list[tuple[str, str]], body: bytes, encoding: str, digest: str) -> dict:
    return {"status": status, "headers": headers, "body": body, "encoding": encoding,
            "etag": f'"{digest}-{encoding}"' if encoding else f'"{digest}"'}


def etag_matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags


class PageCacheMiddleware:
    """Answer public GETs from the page cache; render, store and answer on a miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not request_is_public(request):
            return self.get_response(request)
        cache = page_cache()
        version = current_version()
        url = request.build_absolute_uri()
        encoding = negotiate(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        entry = cache.get(self.key(version, encoding, url))
        state = "hit"
        if entry is None and encoding:
            plain = cache.get(self.key(version, "", url))
            if plain is not None:  # compress the stored page once for this encoding
                entry = self.variant(plain, encoding)
                cache.set(self.key(version, encoding, url), entry)
        if entry is None:
            response = self.get_response(request)
            if not response_is_public(response):
                return response
            headers = [(name, response[name]) for name in STORED_HEADERS if name in response]
            body = response.content
            digest = hashlib.blake2b(body, digest_size=12).hexdigest()
            plain = entry_for(response.status_code, headers, body, "", digest)
            entries = {"": plain}
            if encoding:
                entry = entries[encoding] = self.variant(plain, encoding)
            cache.set_many({self.key(version, enc, url): e for enc, e in entries.items()})
            entry, state = entries[encoding] if encoding in entries else plain, "miss"
        return self.respond(request, entry, state)

    @staticmethod
    def key(version: str, encoding: str, url: str) -> str:
        # hashed: memcached refuses keys over 250 bytes or with spaces
        return f"page:{version}:{encoding or 'identity'}:{hashlib.sha256(url.encode()).hexdigest()}"

    @staticmethod
    def variant(plain: dict, encoding: str) -> dict:
        body = plain["body"]
        digest = plain["etag"].strip('"')
        if len(body) < MIN_COMPRESS:
            return plain
        return entry_for(plain["status"], plain["headers"], compress(body, encoding), encoding, digest)

    @staticmethod
    def respond(request, entry: dict, state: str):
        from django.http import HttpResponse, HttpResponseNotModified

        if etag_matches(request.META.get("HTTP_IF_NONE_MATCH", ""), entry["etag"]):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["body"], status=entry["status"])
            for name, value in entry["headers"]:
                response[name] = value
            if entry["encoding"]:
                response["Content-Encoding"] = entry["encoding"]
            response["Content-Length"] = str(len(entry["body"]))
        response["ETag"] = entry["etag"]
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response["Vary"] = "Accept-Encoding"
        response["X-Page-Cache"] = state
        return response
