"""A page's template context is freed when the page is rendered, not left for the cycle collector."""

from __future__ import annotations

import gc
import weakref

import pytest
from django.shortcuts import render as django_render
from django.template import TemplateDoesNotExist
from django.test import RequestFactory

from archive.views.rendering import render

pytestmark = pytest.mark.django_db


class Held:
    """Something a view puts in a context, with a name the page shows."""

    def __str__(self) -> str:
        return "held value"


def _alive_after(render_with) -> bool:
    held = Held()
    ref = weakref.ref(held)
    request = RequestFactory().get("/search/", {"q": "women"})
    gc.disable()
    try:
        response = render_with(request, "archive/search.html", {"q": held, "errors": ["an error"]})
        assert b"held value" in response.content
        del held, response
        return ref() is not None
    finally:
        gc.enable()


def test_a_rendered_context_is_freed_when_the_view_returns():
    # Django's render leaves it in a reference cycle (each pushed ContextDict keeps its context)
    assert _alive_after(django_render)
    gc.collect()
    assert not _alive_after(render)


def test_it_renders_what_django_renders():
    request = RequestFactory().get("/search/", {"q": "women"})
    context = {"q": "women migrant", "errors": ["Too long"]}
    ours, theirs = (
        render(request, "archive/search.html", context, status=400),
        django_render(request, "archive/search.html", context, status=400),
    )
    assert ours.status_code == theirs.status_code == 400
    assert ours.content == theirs.content and ours["Content-Type"] == theirs["Content-Type"]


def test_a_missing_template_is_the_error_django_raises():
    with pytest.raises(TemplateDoesNotExist):
        render(RequestFactory().get("/"), "archive/no-such-page.html", {})
