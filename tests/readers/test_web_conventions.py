"""The web's conventions: error pages, the HTML 405, robots.txt, the sitemap, canonical links, compression."""

import gzip
import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize("path", ["/no/such/page/", "/documents/A/RES/99/9/", "/instruments/nothing-here/"])
def test_404_is_a_styled_page_with_the_navigation_and_a_search_box(collection, client, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert '<nav aria-label="Main">' in html and 'role="search"' in html and "<h1>Page not found</h1>" in html
    assert 'rel="canonical"' not in html


def test_500_is_a_styled_page_built_without_the_database(collection, client, monkeypatch):
    from archive.views import home

    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(home, "archive_overview", broken)
    client.raise_request_exception = False
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html and 'role="search"' in html and '<nav aria-label="Main">' in html


def test_a_post_outside_the_api_gets_an_html_405(collection, client):
    response = client.post("/documents/A/RES/74/127/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Method not allowed</h1>" in response.content.decode()
    api = client.post("/api/documents/")
    assert api.status_code == 405 and api["Content-Type"] == "application/json"


def test_robots_txt_points_to_the_sitemap(collection, client):
    text = client.get("/robots.txt").content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_lists_documents_paragraphs_and_instruments(collection, client):
    from archive.models import Document, Instrument, Paragraph

    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SM}urlset"
    locs = [e.text for e in root.iter(f"{SM}loc")]
    assert "http://testserver/documents/A/RES/74/127/" in locs
    assert "http://testserver/documents/A/RES/74/127/para/op41a/" in locs
    assert "http://testserver/instruments/UNTS:2220:39481/" in locs
    assert len(locs) == Document.objects.count() + Paragraph.objects.body().count() + Instrument.objects.count()


def test_past_the_limit_the_sitemap_is_an_index_of_pages(collection, client, monkeypatch):
    from archive.models import Paragraph
    from archive.views import web

    monkeypatch.setattr(web, "SITEMAP_LIMIT", 100)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SM}sitemapindex"
    pages = [e.text for e in root.iter(f"{SM}loc")]
    paragraph_pages = [p for p in pages if "sitemap-paragraphs.xml" in p]
    assert len(paragraph_pages) == -(-Paragraph.objects.body().count() // 100)
    last = client.get(paragraph_pages[-1].replace("http://testserver", ""))
    assert last.status_code == 200 and 0 < len(re.findall("<loc>", last.content.decode())) <= 100


@pytest.mark.parametrize(
    "path, canonical",
    [
        ("/documents/A/RES/74/127/", "http://testserver/documents/A/RES/74/127/"),
        ("/documents/A/RES/74/127/para/op5/?utm=x", "http://testserver/documents/A/RES/74/127/para/op5/"),
        ("/instruments/?sort=title", "http://testserver/instruments/"),
    ],
)
def test_pages_carry_a_canonical_link(collection, client, path, canonical):
    assert f'<link rel="canonical" href="{canonical}">' in client.get(path).content.decode()


def test_html_is_compressed_for_clients_that_accept_it(collection, client):
    plain = client.get("/documents/A/RES/74/127/")
    packed = client.get("/documents/A/RES/74/127/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert "Content-Encoding" not in plain


def test_the_admin_is_not_compressed(collection, client):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response  # a CSRF token beside reflected text: BREACH
