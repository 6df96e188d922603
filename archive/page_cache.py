"""Whole-page cache: public pages and API answers served from a shared cache until the data changes.

The archive changes only when ingest runs (or staff edit it in the admin), so a page is
rendered once per data version and then read from the cache every worker shares (Django's
file-based cache by default, memcached or Redis when ``CACHE_URL`` says so). A stored page
carries the data version it was rendered under (a random token in ``DataVersion``, replaced
by every ingest and admin edit, and kept in the same cache): a page of another version is
never served, so a new token makes every cached page stale at once, with nothing to delete.

Two pieces share one lookup:

- ``PageCacheMiddleware``, the outermost middleware, renders and stores a page on a miss
  (and answers a hit when the request did not come through the WSGI layer, e.g. the test
  client). It reads the version before rendering, from the database when the cache has
  none, so that a page is never stored under a version newer than its data.
- ``CachedPagesApp``, the WSGI application gunicorn runs (``config/wsgi.py``), answers a hit
  before Django handles the request at all: two cache reads (the version and the page), no
  middleware, no session, no database. Anything else goes on to Django.

A stored page is the whole answer ready to send: status line, every header the middleware
stack gave it (security headers included), its ``ETag``, ``Cache-Control`` and
``Content-Length``, and the body, in one cache entry per encoding. Brotli and gzip variants
are compressed once, the first time a client asks for one, from the stored plain page.
``If-None-Match`` answers 304; ``Cache-Control: public, max-age=60`` lets a browser or CDN
keep a page a minute, then revalidate with the ETag.

Nothing private is cached or served from the cache: only GET and HEAD, never the admin, the
health check or static files, never a request with a session or CSRF cookie or credentials,
never a response that sets a cookie, varies on anything but the encoding or says
private/no-store, and only a 200 or a permanent redirect.

A page is also keyed by the release that rendered it (the code, templates and static files), so
that a deployment of new code serves no page of the old one although the data version (and the
database) is unchanged: an ingest that writes nothing keeps the version, and the cache.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from http import HTTPStatus

import brotli
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.utils import InterfaceError, OperationalError
from django.http.cookie import parse_cookie

from archive.models import DataVersion

VERSION_KEY = "archive:data-version"
# How long the token is read from the cache before the database is asked again: the bound on
# staleness for a process whose cache is not the one ingest bumped (a misconfiguration).
VERSION_TTL = 5
MAX_AGE = 60  # seconds a browser or CDN may keep a page before revalidating
MAX_BODY = 8 * 1024 * 1024
NEAR_MAX_BODY = 256 * 1024  # larger pages are read from the shared cache each time
MIN_COMPRESS = 200  # as Django's GZipMiddleware: below this, compression does not pay
ENCODINGS = ("br", "gzip")  # preference order
CACHED_STATUSES = (200, 301, 308)  # a page, or a permanent redirect to one
EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/")
# set per answer by the cache itself, never taken from the rendered response
OWN_HEADERS = {"content-length", "content-encoding", "etag", "cache-control", "vary", "x-page-cache"}
# the parts of a request (besides method, path, query and cookies) a public page may depend on:
# where Django finds the scheme and host (settings decide which count; all are in the key)
REQUEST_PARTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SCRIPT_NAME",
)
DATABASE_ERRORS = (OperationalError, InterfaceError)


def page_cache():
    """The cache every worker shares: pages and the data version."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def near_cache():
    """This process's copy of the pages it serves most (Django's local-memory cache), or None.

    A shared-cache read costs a file read and a zlib decompression of the whole page (about
    0.1 ms for a brotli page, 0.4 ms for a plain one here); a local-memory read is a copy.
    Its pages carry their version like the shared ones, checked against the shared token on
    every request, so it is never staler than the shared cache."""
    alias = getattr(settings, "PAGE_CACHE_NEAR_ALIAS", None)
    return caches[alias] if alias else None


def version_key() -> str:
    """Where the token lives: per database, so two archives served from one checkout never share pages."""
    db = settings.DATABASES["default"]
    return f"{VERSION_KEY}:{db.get('HOST', '')}:{db.get('PORT', '')}:{db['NAME']}"


def current_version() -> str:
    """The data version in force: from the shared cache, else the database.

    ``add`` (never ``set``) when read from the database: a reader that raced a bump cannot
    put back the old token over the new one the bump has just set."""
    cache = page_cache()
    key = version_key()
    token = cache.get(key)
    if token is None:
        token = DataVersion.objects.current_token()
        cache.add(key, token, VERSION_TTL)
    return token


def bump_data_version() -> str:
    """Make every cached page stale: a new token in the database, then in the shared cache."""
    token = DataVersion.objects.bump()
    page_cache().set(version_key(), token, VERSION_TTL)
    return token


# Set while a writer that bumps the version itself at its end (ingest) runs: its own saves and
# deletes then queue no bump each (thousands of on-commit callbacks, each a database write).
_version_held: ContextVar[bool] = ContextVar("archive_page_cache_version_held", default=False)


@contextmanager
def version_held() -> Iterator[None]:
    """Within this block, saved and deleted records do not bump the data version: the caller must
    call ``bump_data_version`` itself when it is done (also after a failure)."""
    reset = _version_held.set(True)
    try:
        yield
    finally:
        _version_held.reset(reset)


def version_is_held() -> bool:
    """Whether a writer that bumps the version itself (ingest) is running: see ``version_held``."""
    return _version_held.get()


def bump_after_commit(**kwargs) -> None:
    """Signal receiver for admin edits: bump once the edit is committed (at once in autocommit)."""
    if _version_held.get():
        return
    transaction.on_commit(bump_data_version)


# --- requests: which are public, and their keys -----------------------------------------------------


def negotiate(accept_encoding: str) -> str:
    """The best stored encoding the client accepts: 'br', 'gzip' or '' (identity)."""
    if not accept_encoding:
        return ""
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


def has_private_cookie(cookie_header: str) -> bool:
    """A session or CSRF cookie: the request belongs to someone (staff, a form in progress)."""
    if not cookie_header:
        return False
    cookies = parse_cookie(cookie_header)  # as Django reads them for the session and CSRF middleware
    return settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies


# what a page is rendered from, besides the data: a change to any of these is a new release
RELEASE_FOLDERS = ("archive", "templates", "config")
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".json")


@functools.cache
def release() -> str:
    """The release serving this process: ``settings.PAGE_CACHE_RELEASE`` when set, else a digest of
    the name, size and modification time of every code and template file and of the static files'
    manifest (a few hundred ``stat`` calls, once per process)."""
    if settings.PAGE_CACHE_RELEASE:
        return settings.PAGE_CACHE_RELEASE
    digest = hashlib.sha256()
    paths = [os.path.join(settings.STATIC_ROOT, "staticfiles.json")]
    for folder in RELEASE_FOLDERS:
        for root, dirs, files in os.walk(settings.BASE_DIR / folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            paths += [os.path.join(root, name) for name in sorted(files) if name.endswith(RELEASE_SUFFIXES)]
    for path in paths:
        try:
            st = os.stat(path)
        except FileNotFoundError:  # no static manifest yet (collectstatic not run)
            continue
        digest.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


def page_key(environ: dict) -> str | None:
    """The cache key of a public request (without its encoding), or None when it must not be cached.

    Built from the WSGI environ alone (``request.META`` is the same dict), so that the WSGI
    layer and the middleware agree without Django parsing the request. Hashed: memcached
    refuses keys over 250 bytes or with spaces."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True) or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if path.startswith(EXCLUDED_PREFIXES) or "HTTP_AUTHORIZATION" in environ:
        return None
    if has_private_cookie(environ.get("HTTP_COOKIE", "")):
        return None
    parts = [release()] + [environ.get(name, "") for name in REQUEST_PARTS]
    parts += [path, environ.get("QUERY_STRING", "")]
    return "page:" + hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def variant_key(key: str, encoding: str) -> str:
    return f"{key}:{encoding or 'identity'}"


# --- stored answers -----------------------------------------------------------------------------------


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)


def entry_for(
    version: str, status: int, headers: list[tuple[str, str]], body: bytes, encoding: str, digest: str
) -> dict:
    """One stored answer, its headers ready to send."""
    etag = f'"{digest}-{encoding}"' if encoding else f'"{digest}"'
    headers = [
        *headers,
        ("ETag", etag),
        ("Cache-Control", f"public, max-age={MAX_AGE}"),
        ("Vary", "Accept-Encoding"),
        ("Content-Length", str(len(body))),
    ]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    return {
        "version": version,
        "status": f"{status} {HTTPStatus(status).phrase}",
        "headers": headers,
        "body": body,
        "etag": etag,
        "digest": digest,
        "encoding": encoding,
    }


def variant(plain: dict, encoding: str) -> dict:
    """The plain answer compressed for ``encoding`` (the plain one itself when too small to pay)."""
    body = plain["body"]
    if len(body) < MIN_COMPRESS:
        return plain
    base = [(n, v) for n, v in plain["headers"] if n.lower() not in OWN_HEADERS]
    return entry_for(
        plain["version"], int(plain["status"].split()[0]), base, compress(body, encoding), encoding, plain["digest"]
    )


def etag_matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags


def lookup(cache, key: str, encoding: str, version: str | None = None) -> dict | None:
    """The stored answer for this encoding, compressing the stored plain page once if need be.

    Without ``version``, the one in the shared cache (None, a miss, when it holds none)."""
    version = version or cache.get(version_key())
    if version is None:
        return None
    wanted = variant_key(key, encoding)
    near = near_cache()
    entry = near.get(wanted) if near is not None else None
    if entry is not None and entry["version"] == version:
        return entry
    entry = cache.get(wanted)
    if (entry is None or entry["version"] != version) and encoding:
        plain = cache.get(variant_key(key, ""))
        if plain is None or plain["version"] != version:
            return None
        entry = variant(plain, encoding)
        cache.set(wanted, entry)
    if entry is None or entry["version"] != version:
        return None
    if near is not None and len(entry["body"]) <= NEAR_MAX_BODY:
        near.set(wanted, entry)
    return entry


def answer(entry: dict, environ: dict, state: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status line, headers and body for one request: the stored answer, or a 304 with its ETag."""
    if etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), entry["etag"]):
        headers = [(n, v) for n, v in entry["headers"] if n in ("ETag", "Cache-Control", "Vary")]
        return "304 Not Modified", [*headers, ("X-Page-Cache", state)], b""
    body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else entry["body"]
    return entry["status"], [*entry["headers"], ("X-Page-Cache", state)], body


def storable(response) -> bool:
    """A public answer: one that may be sent to anyone asking the same URL."""
    if response.status_code not in CACHED_STATUSES or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"accept-encoding"} and len(response.content) <= MAX_BODY


# --- the two pieces -----------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Answer public GETs from the page cache; render, store and answer on a miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request.META)
        if key is None:
            return self.get_response(request)
        try:
            version = current_version()
        except DATABASE_ERRORS:  # the database is away: no version to store under; the view answers 503
            return self.get_response(request)
        cache = page_cache()
        encoding = negotiate(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        entry = lookup(cache, key, encoding, version)
        if entry is not None:
            return self.respond(entry, request.META, "hit")
        request.get_host()  # nothing is stored under a host Django refuses (DisallowedHost: a 400)
        response = self.get_response(request)
        if not storable(response):
            return response
        headers = [(name, value) for name, value in response.items() if name.lower() not in OWN_HEADERS]
        body = response.content
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        plain = entry_for(version, response.status_code, headers, body, "", digest)
        entries = {"": plain}
        if encoding:
            entries[encoding] = variant(plain, encoding)
        cache.set_many({variant_key(key, enc): e for enc, e in entries.items()})
        return self.respond(entries[encoding], request.META, "miss")

    @staticmethod
    def respond(entry: dict, environ: dict, state: str):
        from django.http import HttpResponse

        status, headers, body = answer(entry, environ, state)
        response = HttpResponse(body, status=int(status.split()[0]))
        for name, value in headers:
            response[name] = value
        return response


class CachedPagesApp:
    """The WSGI application: a cached page is sent as stored, before Django sees the request."""

    def __init__(self, django_app):
        self.django_app = django_app

    def __call__(self, environ, start_response):
        key = page_key(environ)
        if key is not None:
            entry = lookup(page_cache(), key, negotiate(environ.get("HTTP_ACCEPT_ENCODING", "")))
            if entry is not None:
                status, headers, body = answer(entry, environ, "hit")
                start_response(status, headers)
                return [body]
        return self.django_app(environ, start_response)
