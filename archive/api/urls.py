"""Routes of the API and the downloads (full paths: this module is included at the root)."""

from django.urls import path, re_path

from archive.urls import SYMBOL

from . import downloads, views

app_name = "api"

urlpatterns = [
    path("api/", views.index, name="index"),
    path("api/schema/", views.schema, name="schema"),
    path("api/documents/", views.document_list, name="documents"),
    # the paragraph patterns first: SYMBOL allows "/" and lower case, so it would swallow "/paragraphs/op1"
    re_path(rf"^api/documents/{SYMBOL}/paragraphs/(?P<anchor>[a-z0-9-]+)/history/$", views.paragraph_history, name="history"),
    re_path(rf"^api/documents/{SYMBOL}/paragraphs/(?P<anchor>[a-z0-9-]+)/$", views.paragraph_detail, name="paragraph"),
    re_path(rf"^api/documents/{SYMBOL}/$", views.document_detail, name="document"),
    path("api/series/", views.series_list, name="series_list"),
    path("api/series/<slug:slug>/", views.series_detail, name="series"),
    path("api/instruments/", views.instrument_list, name="instruments"),
    re_path(r"^api/instruments/(?P<key>.+)/$", views.instrument_detail, name="instrument"),
    path("api/search/", views.search, name="search"),
    path("api/search/footnotes/", views.footnote_search, name="footnote_search"),
    path("api/series/<slug:slug>/compare/", views.compare, name="compare"),
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", views.not_found, name="not_found"),
    path("search.csv", downloads.search_csv, name="search_csv"),
    path("search/footnotes.csv", downloads.footnote_search_csv, name="footnote_search_csv"),
    path("series/<slug:slug>/compare.csv", downloads.compare_csv, name="compare_csv"),
    re_path(rf"^documents/{SYMBOL}/para/(?P<anchor>[a-z0-9-]+)/history\.csv$", downloads.history_csv, name="history_csv"),
    re_path(r"^instruments/(?P<key>.+)/mentions\.csv$", downloads.instrument_mentions_csv, name="instrument_mentions_csv"),
    re_path(r"^instruments/(?P<key>.+)/citations\.csv$", downloads.instrument_citations_csv, name="instrument_citations_csv"),
    re_path(rf"^documents/{SYMBOL}/akn\.xml$", downloads.document_akn, name="document_akn"),
    # what is not a symbol is not a document either: answer in JSON like the rest
    re_path(r"^documents/(?P<rest>[\s\S]+)/akn\.xml\Z", views.not_found, name="not_found_akn"),
    re_path(r"^instruments/(?P<rest>[\s\S]+)/citations\.csv\Z", views.not_found, name="not_found_csv"),
]
