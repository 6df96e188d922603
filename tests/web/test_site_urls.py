"""The links every page repeats come from a cache of reverse(), keyed by what reverse() reads."""

from __future__ import annotations

from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix

NAMES = ["archive:home", "archive:series_index", "archive:sessions", "archive:instruments", "archive:search"]
NAMES += ["api:search", "api:search_csv", "api:footnote_search", "api:footnote_search_csv"]


def _rendered(name: str) -> str:
    return Template('{% load archive_urls %}{% site_url "' + name + '" %}').render(Context())


def test_a_site_url_is_what_reverse_writes():
    assert [_rendered(n) for n in NAMES] == [reverse(n) for n in NAMES]
    assert _rendered("archive:search") == "/search/"


def test_a_site_url_follows_the_script_prefix_and_the_url_configuration():
    assert _rendered("archive:search") == "/search/"
    set_script_prefix("/archive/")  # served below a path (SCRIPT_NAME)
    try:
        assert _rendered("archive:search") == "/archive/search/" == reverse("archive:search")
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.web.site_urls_elsewhere"):
        assert _rendered("archive:search") == "/elsewhere/search/" == reverse("archive:search")
    assert _rendered("archive:search") == "/search/"
