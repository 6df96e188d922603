"""Each request's filterset has filters and form fields of its own, copied one level deep (``ShallowCopies``)."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from archive.filters import ParagraphFilter
from archive.models import Paragraph


def _filterset(query: str) -> ParagraphFilter:
    filterset = ParagraphFilter(QueryDict(query), queryset=Paragraph.objects.body())
    filterset.is_valid()
    return filterset


def test_two_requests_share_no_filter_and_no_form_field():
    a, b = _filterset("kind=operative"), _filterset("session_from=5")
    assert a.filters.keys() == b.filters.keys() == ParagraphFilter.base_filters.keys()
    for name in a.filters:
        assert a.filters[name] is not b.filters[name] is not ParagraphFilter.base_filters[name]
        assert a.filters[name].parent is a and b.filters[name].parent is b
        assert a.form.fields[name] is not b.form.fields[name]


def test_a_method_filter_runs_its_own_filterset_s_method():
    a, b = _filterset("kind=operative"), _filterset("has_footnotes=yes")
    assert a.filters["kind"].filter.f is a.filters["kind"]
    assert b.filters["kind"].filter.f is b.filters["kind"]
    assert a.filters["kind"].filter.method.__self__ is a and b.filters["kind"].filter.method.__self__ is b
    assert not hasattr(ParagraphFilter.base_filters["kind"], "parent")  # the declared filter is never bound


def test_a_copy_s_own_attributes_stay_its_own():
    a = _filterset("")
    a.filters["opening"].label = "Changed"
    a.form.fields["opening"].label = "Changed"
    b = _filterset("")
    assert b.filters["opening"].label == "Opening phrase" and b.form.fields["opening"].label == "Opening phrase"


@pytest.mark.django_db
def test_the_method_filters_filter(collection):
    """kind (with its sub-items), has_footnotes: each copy filters through its filterset's method."""
    operative = _filterset("kind=operative").qs
    kinds = set(operative.values_list("kind", flat=True))
    assert kinds and kinds <= {"operative", "subparagraph"}
    with_notes, without = _filterset("has_footnotes=yes").qs, _filterset("has_footnotes=no").qs
    assert with_notes.count() and without.count()
    assert with_notes.count() + without.count() == Paragraph.objects.body().count()
    assert not set(with_notes.values_list("id", flat=True)) & set(without.values_list("id", flat=True))
