"""The page cache: public pages served whole from the shared cache, fresh after every ingest,
compressed once, revalidated with ETags, and never holding anything private.

These tests go through the middleware (Django's test client); ``test_wsgi_layer.py`` goes
through the WSGI layer gunicorn runs."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.conf import settings
from django.contrib.auth.models import User

from archive.ingest.pipeline import run_ingest
from archive.models import DataVersion, Paragraph
from archive.page_cache import negotiate

SOURCES = settings.BASE_DIR / "fixtures" / "sources"

# one URL of every kind of public page and API answer
PUBLIC_URLS = [
    "/",
    "/sessions/",
    "/sessions/60/",
    "/documents/A/RES/60/139/",
    "/documents/A/RES/60/139/para/op6/",
    "/documents/A/RES/60/139/para/op6/history/",
    "/documents/A/RES/60/139/source/",
    "/documents/A/RES/74/127/",
    "/search/?q=governments+incorporate",
    "/search/?q=women&page=2",
    "/instruments/",
    "/series/violence-against-women-migrant-workers/",
    "/api/",
    "/api/documents/",
    "/api/documents/A/RES/60/139/",
    "/api/documents/A/RES/60/139/paragraphs/op6/",
    "/api/search/?q=governments",
]


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.mark.django_db
def test_a_page_is_rendered_once_then_served_from_the_cache(collection, cached, client):
    first = fetch(client, "/documents/A/RES/74/127/")
    second = fetch(client, "/documents/A/RES/74/127/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert second["Content-Type"].startswith("text/html")
    assert second["Cache-Control"] == "public, max-age=60" and second["Vary"] == "Accept-Encoding"
    assert int(second["Content-Length"]) == len(second.content)


@pytest.mark.django_db
def test_compressed_variants_are_the_same_page_with_their_own_etag(collection, cached, client):
    plain = fetch(client, "/documents/A/RES/74/127/")
    br = fetch(client, "/documents/A/RES/74/127/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gz = fetch(client, "/documents/A/RES/74/127/", HTTP_ACCEPT_ENCODING="gzip")
    assert br["Content-Encoding"] == "br" and brotli.decompress(br.content) == plain.content
    assert gz["Content-Encoding"] == "gzip" and gzip.decompress(gz.content) == plain.content
    assert len({plain["ETag"], br["ETag"], gz["ETag"]}) == 3
    # a variant is compressed once, then read back as stored
    again = fetch(client, "/documents/A/RES/74/127/", HTTP_ACCEPT_ENCODING="br")
    assert again["X-Page-Cache"] == "hit" and again.content == br.content


def test_encoding_negotiation_honours_quality_values():
    assert negotiate("gzip, deflate, br") == "br"
    assert negotiate("br;q=0, gzip;q=0.5") == "gzip"
    assert negotiate("identity") == ""
    assert negotiate("*") == "br"
    assert negotiate("gzip;q=0") == ""
    assert negotiate("gzip;q=nonsense") == ""


@pytest.mark.django_db
def test_conditional_get_answers_304_with_the_etag(collection, cached, client):
    page = fetch(client, "/api/documents/A/RES/60/139/", HTTP_ACCEPT_ENCODING="gzip")
    etag = page["ETag"]
    not_modified = client.get("/api/documents/A/RES/60/139/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b"" and not_modified["ETag"] == etag
    # another variant's tag, or an old one, gets the page
    assert client.get("/api/documents/A/RES/60/139/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert (
        client.get(
            "/api/documents/A/RES/60/139/",
            HTTP_ACCEPT_ENCODING="gzip",
            HTTP_IF_NONE_MATCH='"0123456789abcdef01234567-gzip"',
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_an_ingest_makes_every_cached_page_fresh(collection, cached, client, tmp_path):
    before = {url: fetch(client, url) for url in PUBLIC_URLS}
    assert all(fetch(client, url)["X-Page-Cache"] == "hit" for url in PUBLIC_URLS)

    src = tmp_path / "A_RES_60_139.txt"
    text = (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8")
    src.write_text(
        text.replace("Calls upon all Governments to incorporate", "Urges all Governments to incorporate"),
        encoding="utf-8",
    )
    assert run_ingest([str(src)]).outcomes[0].status == "replaced"

    after = {url: fetch(client, url) for url in PUBLIC_URLS}
    assert {url: r["X-Page-Cache"] for url, r in after.items()} == {url: "miss" for url in PUBLIC_URLS}
    assert all(
        after[url]["ETag"] != before[url]["ETag"]
        for url in ("/documents/A/RES/60/139/", "/api/documents/A/RES/60/139/")
    )
    assert b"Urges</em> all Governments to incorporate" in after["/documents/A/RES/60/139/para/op6/"].content
    assert b"Urges</em> all Governments to incorporate" not in before["/documents/A/RES/60/139/para/op6/"].content
    # and the fresh pages are what is cached now
    assert all(fetch(client, url)["X-Page-Cache"] == "hit" for url in PUBLIC_URLS)


@pytest.mark.django_db
def test_an_ingest_that_replaces_a_document_bumps_the_version_once(
    collection, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Its own saves and deletes (hundreds of rows) queue no bump each: the last stage bumps once."""
    import archive.page_cache

    bumps = []
    real = archive.page_cache.bump_data_version
    monkeypatch.setattr(archive.page_cache, "bump_data_version", lambda: bumps.append(1) or real())
    src = tmp_path / "A_RES_60_139.txt"
    text = (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8")
    src.write_text(text.replace("Calls upon all Governments", "Urges all Governments"), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert run_ingest([str(src)]).outcomes[0].status == "replaced"
    assert len(bumps) == 1 and not callbacks
    # outside an ingest an edit still bumps
    with django_capture_on_commit_callbacks(execute=True):
        Paragraph.objects.filter(document__symbol="A/RES/60/139").first().save()
    assert len(bumps) == 2


@pytest.mark.django_db
def test_an_unchanged_ingest_writes_nothing_and_keeps_the_cached_pages(collection, cached, client):
    fetch(client, "/")
    token = DataVersion.objects.current_token()
    result = run_ingest()
    assert {o.status for o in result.outcomes} == {"unchanged"}
    assert result.stages[-1].note == "nothing written: version kept"
    assert DataVersion.objects.current_token() == token
    assert fetch(client, "/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_new_release_serves_no_page_of_the_old_one(collection, cached, client, settings):
    """New code or templates with unchanged data: the pages are keyed by the release."""
    import archive.page_cache

    fetch(client, "/")
    assert fetch(client, "/")["X-Page-Cache"] == "hit"
    archive.page_cache.release.cache_clear()
    settings.PAGE_CACHE_RELEASE = "next-release"
    try:
        assert fetch(client, "/")["X-Page-Cache"] == "miss"
        assert fetch(client, "/")["X-Page-Cache"] == "hit"
    finally:
        archive.page_cache.release.cache_clear()


def test_the_release_digest_changes_when_a_template_changes(settings, tmp_path):
    import archive.page_cache

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("one", encoding="utf-8")
    settings.BASE_DIR, settings.STATIC_ROOT, settings.PAGE_CACHE_RELEASE = tmp_path, tmp_path / "static", ""
    archive.page_cache.release.cache_clear()
    try:
        first = archive.page_cache.release()
        page.write_text("two, longer", encoding="utf-8")
        archive.page_cache.release.cache_clear()
        assert archive.page_cache.release() != first
    finally:
        archive.page_cache.release.cache_clear()


@pytest.mark.django_db
def test_an_admin_edit_makes_cached_pages_fresh(collection, cached, client, django_capture_on_commit_callbacks):
    fetch(client, "/documents/A/RES/60/139/para/op6/")
    op6 = Paragraph.objects.get(document__symbol="A/RES/60/139", anchor="op6")
    with django_capture_on_commit_callbacks(execute=True):
        op6.text = "Edited by staff: " + op6.text
        op6.save(update_fields=["text"])
    page = fetch(client, "/documents/A/RES/60/139/para/op6/")
    assert page["X-Page-Cache"] == "miss" and b"Edited by staff: " in page.content


@pytest.mark.django_db
def test_nothing_private_is_cached(collection, cached, client):
    staff = User.objects.create_superuser("staff", "staff@example.org", "a-long-password-for-tests")
    # the admin is never cached, not even its login page
    assert "X-Page-Cache" not in client.get("/admin/login/")
    client.force_login(staff)
    admin = client.get("/admin/archive/paragraph/")
    assert admin.status_code == 200 and "X-Page-Cache" not in admin
    # a request with a session cookie neither reads nor fills the cache
    page = client.get("/documents/A/RES/60/139/")
    assert page.status_code == 200 and "X-Page-Cache" not in page
    client.logout()
    client.cookies.clear()
    assert fetch(client, "/documents/A/RES/60/139/")["X-Page-Cache"] == "miss"
    # a CSRF cookie alone keeps a request out of the cache too
    client.cookies["csrftoken"] = "x" * 32
    assert "X-Page-Cache" not in client.get("/documents/A/RES/60/139/")
    client.cookies.clear()
    # non-GET, the health check, errors and bad queries are answered but not stored
    assert "X-Page-Cache" not in client.post("/search/", {"q": "women"})
    assert "X-Page-Cache" not in client.get("/healthz")
    for url in ("/documents/A/RES/99/999/", "/search/?page=x"):
        first, second = client.get(url), client.get(url)
        assert first.status_code >= 400 and "X-Page-Cache" not in second


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_not_stored(collection, cached, rf):
    from django.http import HttpResponse

    from archive.page_cache import PageCacheMiddleware

    def view(request):
        response = HttpResponse("hello " * 100)
        response.set_cookie("chosen", "1")
        return response

    middleware = PageCacheMiddleware(view)
    assert "X-Page-Cache" not in middleware(rf.get("/sessions/"))
    assert "X-Page-Cache" not in middleware(rf.get("/sessions/"))
