"""The WSGI layer gunicorn runs (``config.wsgi``): a cached page is sent as stored, before
Django handles the request, without a database query; anything private goes on to Django."""

from __future__ import annotations

import gzip
import io
from wsgiref.util import setup_testing_defaults

import brotli
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from archive.ingest.pipeline import run_ingest
from archive.page_cache import CachedPagesApp, bump_data_version, page_cache, version_key

SOURCES = settings.BASE_DIR / "fixtures" / "sources"
PAGE = "/documents/A/RES/74/127/"


class Counting:
    """Django's application, counting the requests that reach it."""

    def __init__(self, app):
        self.app, self.calls = app, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


@pytest.fixture
def wsgi(cached):
    """Call the entry point's application as gunicorn does; ``.django.calls`` counts what reached Django."""
    from config.wsgi import django_application

    django = Counting(django_application)
    app = CachedPagesApp(django)
    # as Django's test client does: a request must not close the test's connection (its transaction)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def get(path: str, method: str = "GET", **headers):
        environ = {"REQUEST_METHOD": method, "wsgi.input": io.BytesIO()}
        environ["PATH_INFO"], _, environ["QUERY_STRING"] = path.partition("?")
        environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
        setup_testing_defaults(environ)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=int(status.split()[0]), headers=response_headers)

        chunks = app(environ, start_response)
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        return answer["status"], dict(answer["headers"]), body, answer["headers"]

    get.django = django
    yield get
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_a_cached_page_is_sent_before_django_without_a_query(collection, wsgi, client, django_assert_num_queries):
    status, miss, body, _ = wsgi(PAGE)
    assert status == 200 and miss["X-Page-Cache"] == "miss" and wsgi.django.calls == 1
    with django_assert_num_queries(0):
        status, hit, again, _ = wsgi(PAGE)
    assert status == 200 and hit["X-Page-Cache"] == "hit" and wsgi.django.calls == 1
    assert again == body and int(hit["Content-Length"]) == len(body)
    # the stored headers are the whole answer Django gave: security headers, type, validators
    assert {k: v for k, v in hit.items() if k != "X-Page-Cache"} == {
        k: v for k, v in miss.items() if k != "X-Page-Cache"
    }
    assert hit["Content-Security-Policy"].startswith("default-src 'self'") and hit["X-Frame-Options"] == "DENY"
    assert hit["Cache-Control"] == "public, max-age=60" and hit["Vary"] == "Accept-Encoding"
    # the page is the one Django renders
    assert body == client.get(PAGE, HTTP_HOST="127.0.0.1").content


@pytest.mark.django_db
def test_compressed_variants_are_stored_and_sent_as_stored(collection, wsgi, django_assert_num_queries):
    _, _, plain, _ = wsgi(PAGE)
    _, first, br, _ = wsgi(PAGE, accept_encoding="gzip, deflate, br")
    assert first["Content-Encoding"] == "br" and brotli.decompress(br) == plain
    with django_assert_num_queries(0):
        _, hit, again, _ = wsgi(PAGE, accept_encoding="gzip, deflate, br")
        _, gz_headers, gz, _ = wsgi(PAGE, accept_encoding="gzip")  # compressed from the stored plain page
    assert hit["X-Page-Cache"] == "hit" and again == br and int(hit["Content-Length"]) == len(br)
    assert gz_headers["Content-Encoding"] == "gzip" and gzip.decompress(gz) == plain
    assert wsgi.django.calls == 1  # the plain page: both variants were compressed from it, once each
    assert len({first["ETag"], gz_headers["ETag"], hit["ETag"]}) == 2 and first["ETag"] == hit["ETag"]


@pytest.mark.django_db
def test_conditional_get_and_head_are_answered_from_the_cache(collection, wsgi, django_assert_num_queries):
    _, page, body, _ = wsgi(PAGE, accept_encoding="gzip")
    with django_assert_num_queries(0):
        status, headers, empty, _ = wsgi(PAGE, accept_encoding="gzip", if_none_match=page["ETag"])
        assert status == 304 and empty == b"" and headers["ETag"] == page["ETag"]
        assert headers["Cache-Control"] == "public, max-age=60" and "Content-Length" not in headers
        # a list of tags, a weak one among them, matches too
        assert wsgi(PAGE, accept_encoding="gzip", if_none_match=f'"other", W/{page["ETag"]}')[0] == 304
        # the plain variant's tag is not the gzip one's
        assert wsgi(PAGE, accept_encoding="gzip", if_none_match=page["ETag"].replace("-gzip", ""))[0] == 200
        status, head, nothing, _ = wsgi(PAGE, method="HEAD", accept_encoding="gzip")
    assert status == 200 and nothing == b"" and head["Content-Length"] == str(len(body))
    assert wsgi.django.calls == 1


@pytest.mark.django_db
def test_a_version_missing_from_the_cache_is_read_from_the_database_once(collection, wsgi, django_assert_num_queries):
    wsgi(PAGE)
    page_cache().delete(version_key())  # as after its few seconds in the cache
    with django_assert_num_queries(1):  # the token; the page itself is not rendered again
        _, headers, _, _ = wsgi(PAGE)
    assert headers["X-Page-Cache"] == "hit" and wsgi.django.calls == 2
    with django_assert_num_queries(0):
        assert wsgi(PAGE)[1]["X-Page-Cache"] == "hit"
    assert wsgi.django.calls == 2


@pytest.mark.django_db
def test_a_new_version_from_another_process_makes_every_copy_stale(collection, wsgi):
    """This process keeps a near copy; a bump elsewhere reaches it through the shared token."""
    wsgi(PAGE)
    assert wsgi(PAGE)[1]["X-Page-Cache"] == "hit"  # now in this process's near cache too
    token = bump_data_version()
    assert page_cache().get(version_key()) == token
    assert wsgi(PAGE)[1]["X-Page-Cache"] == "miss"
    assert wsgi(PAGE)[1]["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_an_ingest_makes_the_pages_sent_before_django_fresh(collection, wsgi, tmp_path):
    urls = ["/documents/A/RES/60/139/para/op6/", "/api/documents/A/RES/60/139/", "/", "/search/?q=incorporate"]
    before = {url: wsgi(url) for url in urls}
    assert all(wsgi(url)[1]["X-Page-Cache"] == "hit" for url in urls)
    src = tmp_path / "A_RES_60_139.txt"
    text = (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8")
    src.write_text(
        text.replace("Calls upon all Governments to incorporate", "Urges all Governments to incorporate"),
        encoding="utf-8",
    )
    assert run_ingest([str(src)]).outcomes[0].status == "replaced"
    after = {url: wsgi(url) for url in urls}
    assert {url: a[1]["X-Page-Cache"] for url, a in after.items()} == {url: "miss" for url in urls}
    assert b"Urges</em> all Governments to incorporate" in after[urls[0]][2]
    assert b"Urges</em> all Governments to incorporate" not in before[urls[0]][2]
    assert after[urls[1]][1]["ETag"] != before[urls[1]][1]["ETag"]


@pytest.mark.django_db
def test_private_requests_go_to_django_and_are_never_stored(collection, wsgi):
    wsgi(PAGE)
    calls = wsgi.django.calls
    # a session or CSRF cookie, credentials, or a method other than GET/HEAD: past the cache
    for headers in (
        {"cookie": "sessionid=abc"},
        {"cookie": "theme=dark; csrftoken=" + "x" * 32},
        {"authorization": "Basic c3RhZmY6cGFzcw=="},
    ):
        status, answer, _, _ = wsgi(PAGE, **headers)
        assert status == 200 and "X-Page-Cache" not in answer
    assert wsgi(PAGE, method="POST")[0] == 405
    assert wsgi.django.calls == calls + 4
    # an unrelated cookie is not private
    assert wsgi(PAGE, cookie="theme=dark")[1]["X-Page-Cache"] == "hit"
    # the admin, the health check: never stored
    for url in ("/admin/login/", "/healthz"):
        assert "X-Page-Cache" not in wsgi(url)[1] and "X-Page-Cache" not in wsgi(url)[1]


@pytest.mark.django_db
def test_a_logged_in_staff_member_is_never_served_or_stored(collection, wsgi, client):
    staff = User.objects.create_superuser("staff", "staff@example.org", "a-long-password-for-tests")
    client.force_login(staff)
    session = f"sessionid={client.cookies['sessionid'].value}"
    status, admin, body, raw = wsgi("/admin/archive/paragraph/", cookie=session)
    assert status == 200 and b"staff" in body and "X-Page-Cache" not in admin
    status, page, _, _ = wsgi(PAGE, cookie=session)
    assert status == 200 and "X-Page-Cache" not in page
    # nothing the staff member saw was stored: an anonymous request renders the page afresh
    assert wsgi(PAGE)[1]["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in wsgi("/admin/archive/paragraph/")[1]


@pytest.mark.django_db
def test_nothing_is_stored_under_a_host_django_refuses(collection, wsgi):
    for _ in range(2):
        status, headers, _, _ = wsgi(PAGE, host="attacker.example")
        assert status == 400 and "X-Page-Cache" not in headers


@pytest.mark.django_db
def test_a_permanent_redirect_is_cached_with_its_location(collection, wsgi, django_assert_num_queries):
    status, first, _, _ = wsgi("/instruments/A/RES/48/104/")
    assert status == 301 and first["Location"] == "/documents/A/RES/48/104/" and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        status, again, _, _ = wsgi("/instruments/A/RES/48/104/")
    assert status == 301 and again["Location"] == first["Location"] and again["X-Page-Cache"] == "hit"
