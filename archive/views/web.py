"""The web's conventions: robots.txt, the sitemap, and the HTML 405 page.

The 404 and 500 pages are Django's own views rendering ``templates/404.html`` and
``templates/500.html`` (the site's navigation and a search box); the 500 page is rendered
without a request context or database access, since the database may be what failed.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse

from archive.models import Document, Instrument, Paragraph
from archive.views.rendering import render

# The sitemap protocol's limit per file; past it /sitemap.xml is an index of numbered pages.
SITEMAP_LIMIT = 50_000


class DocumentSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        return Document.objects.only("symbol", "loaded_at").order_by("session", "kind", "symbol")

    def lastmod(self, document):
        return document.loaded_at


class ParagraphSitemap(Sitemap):
    """Every paragraph's permalink (headings are not paragraphs of their own)."""

    limit = SITEMAP_LIMIT

    def items(self):
        return (
            Paragraph.objects.body()
            .select_related("document")
            .only("anchor", "document__symbol")
            .order_by("document__session", "document__symbol", "position")
        )

    def location(self, paragraph):
        return reverse("archive:paragraph", args=[paragraph.document.symbol, paragraph.anchor])


class InstrumentSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        return Instrument.objects.only("key").order_by("key")


def sitemaps() -> dict[str, Sitemap]:
    for cls in (DocumentSitemap, ParagraphSitemap, InstrumentSitemap):
        cls.limit = SITEMAP_LIMIT  # one knob for the three (tests lower it to see the index)
    return {"documents": DocumentSitemap(), "paragraphs": ParagraphSitemap(), "instruments": InstrumentSitemap()}


def sitemap(request):
    """One sitemap while the addresses fit in one file; past ``SITEMAP_LIMIT``, an index of pages."""
    maps = sitemaps()
    total = sum(m.paginator.count for m in maps.values())
    if total <= SITEMAP_LIMIT:
        return sitemap_views.sitemap(request, maps)
    return sitemap_views.index(request, maps, sitemap_url_name="archive:sitemap_section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps(), section=section)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",  # endless combinations of words and filters; the sitemap lists every page
        "Disallow: /search.csv",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('archive:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def method_not_allowed(request, allowed: tuple[str, ...]) -> HttpResponse:
    response = render(request, "405.html", {"method": request.method, "allowed": allowed}, status=405)
    response["Allow"] = ", ".join(allowed)
    return response
