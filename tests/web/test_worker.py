"""A worker's start-up loads what requests share and sets it aside from the cycle collector."""

from __future__ import annotations

import gc

import pytest
from django.template import engines

from archive.worker import page_templates, settle


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_settling_loads_the_pages_templates_and_freezes_what_exists(unfrozen):
    assert "archive/search.html" in page_templates() and "base.html" in page_templates()
    engine = engines["django"].engine
    (cached,) = [ld for ld in engine.template_loaders if hasattr(ld, "get_template_cache")]
    cached.reset()
    frozen = settle()
    assert frozen == gc.get_freeze_count() > 10_000
    assert {"archive/search.html", "base.html", "archive/document.html"} <= set(cached.get_template_cache)


def test_a_full_collection_after_it_does_not_walk_what_was_frozen(unfrozen):
    class Kept:
        pass

    kept = [Kept() for _ in range(1000)]
    settle()
    assert not any(o is kept for o in gc.get_objects(generation=2))  # the collector's oldest generation: not there
    gc.unfreeze()
    assert any(o is kept for o in gc.get_objects(generation=2))
