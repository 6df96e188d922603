"""A search's filterset, its form and its queryset are freed when the view returns, not left in cycles."""

from __future__ import annotations

import gc
import weakref

import pytest
from django.http import QueryDict

from archive.filters import ParagraphFilter, release
from archive.models import Paragraph
from archive.search import parameters

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_collector():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def _used_filterset(query: str) -> ParagraphFilter:
    filterset = ParagraphFilter(QueryDict(query), queryset=Paragraph.objects.body())
    assert filterset.is_valid()
    list(filterset.qs[:1])  # every filter applied, the method filters' bindings called
    return filterset


@pytest.mark.parametrize("query", ["", "kind=operative&cites=UNTS:2220:39481&has_footnotes=yes&session_from=70"])
def test_released_a_filterset_and_its_form_are_freed_by_their_last_reference(no_collector, query):
    kept = _used_filterset(query)
    kept_ref = weakref.ref(kept)
    del kept
    assert kept_ref() is not None  # in cycles: only the collector would free it

    released = _used_filterset(query)
    refs = [weakref.ref(released), weakref.ref(released.form)]
    release(released)
    del released
    assert [r() for r in refs] == [None, None]


def test_a_released_filterset_filtered_as_before_it_was_released():
    filterset = _used_filterset("kind=operative&cites=UNTS:2220:39481&has_footnotes=yes")
    before = list(filterset.qs.values_list("id", flat=True))
    release(filterset)
    assert before == list(filterset.qs.values_list("id", flat=True))  # its queryset, built before, kept


def test_the_search_page_releases_its_filterset(monkeypatch, no_collector):
    from django.test import RequestFactory

    from archive.views.search import search

    made = []
    read = parameters.read_search

    def reading(params):
        asked = read(params)
        made.append(weakref.ref(asked.filterset))
        return asked

    monkeypatch.setattr(parameters, "read_search", reading)
    for query in (
        {"q": "women"},
        {"q": "women", "kind": "operative"},
        {"q": "women", "page": "x"},
        {"q": "", "in": "footnotes"},
    ):
        response = search(RequestFactory().get("/search/", query))
        assert response.status_code in (200, 400)
        del response
    assert len(made) == 4 and all(ref() is None for ref in made)
