"""The site below /elsewhere/: a URL configuration of its own, for tests/web/test_site_urls.py."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("config.urls"))]
