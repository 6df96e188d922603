from django.urls import path, re_path

from archive.views import documents, health, home, lineage, series, web

app_name = "archive"

SYMBOL_RE = r"[A-Z][A-Za-z0-9./ -]*[A-Za-z0-9]"  # a space: "A/RES/74/92 A-B"
ANCHOR_RE = r"[\w.-]+"  # op5, op41a, pp12-2, and numbers the source prints with a dot (op4.1)
SYMBOL = rf"(?P<symbol>{SYMBOL_RE})"
ANCHOR = rf"(?P<anchor>{ANCHOR_RE})"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", web.robots_txt, name="robots"),
    path("sitemap.xml", web.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", web.sitemap_section, name="sitemap_section"),
    path("sessions/", documents.session_index, name="sessions"),
    path("sessions/<int:session>/", documents.session_detail, name="session"),
    re_path(rf"^documents/{SYMBOL}/para/{ANCHOR}/$", documents.paragraph_detail, name="paragraph"),
    re_path(
        rf"^documents/{SYMBOL}/para/{ANCHOR}/also-in/(?P<other_id>\d{{1,12}})/$",
        documents.also_in_compare,
        name="also_in_compare",
    ),
    re_path(rf"^documents/{SYMBOL}/para/{ANCHOR}/history/$", lineage.paragraph_history, name="history"),
    path("series/", series.series_index, name="series_index"),
    path("series/<slug:slug>/", lineage.series_detail, name="series"),
    path("series/<slug:slug>/compare/", lineage.compare, name="compare"),
    re_path(rf"^documents/{SYMBOL}/source/$", documents.source_detail, name="source"),
    re_path(rf"^documents/{SYMBOL}/$", documents.document_detail, name="document"),
]

from archive.views import instruments, search  # noqa: E402

urlpatterns += [
    path("search/", search.search, name="search"),
    path("instruments/", instruments.instrument_list, name="instruments"),
    re_path(r"^instruments/(?P<key>[^\x00]+)/$", instruments.instrument_detail, name="instrument"),
]
