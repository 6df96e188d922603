"""URLs for the benchmark only: the project's URLs plus the naive search page."""

from django.urls import include, path

from bench.search_timing import NAIVE_PATH, naive_view

urlpatterns = [
    path(NAIVE_PATH.strip("/") + "/", naive_view, name="bench-naive-search"),
    path("", include("config.urls")),
]
