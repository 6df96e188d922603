"""A compound the query found written otherwise is highlighted: ``healthcare`` marks ``health-care`` and the
other way round, on every sort."""

from __future__ import annotations

import re

import pytest

from archive.models import Paragraph

pytestmark = pytest.mark.django_db


def _marked(html: str) -> list[str]:
    return [m.lower() for m in re.findall(r"<mark>(.+?)</mark>", html)]


@pytest.mark.parametrize("sort", ["relevance", "oldest", "newest"])
@pytest.mark.parametrize("q,written", [("healthcare", "health-care"), ("health-care", "healthcare")])
def test_the_other_spelling_of_a_compound_is_marked(client, q, written, sort):
    holding = set(Paragraph.objects.body().filter(text__icontains=written).values_list("id", flat=True))
    assert holding
    results = client.get("/search/", {"q": q, "sort": sort}).context["results"]
    seen = 0
    for hit in results.hits:
        for p in [hit.paragraph.id]:
            if p in holding and written in hit.paragraph.text.lower():
                assert written in _marked(str(hit.headline)), hit.headline
                seen += 1
    assert seen


def test_72_149_health_care_is_marked_for_healthcare(client):
    results = client.get("/search/", {"q": "healthcare", "document": "A/RES/72/149"}).context["results"]
    assert results.hits and all("health-care" in _marked(str(h.headline)) for h in results.hits)
