import pytest

from archive.page_cache import near_cache, page_cache


@pytest.fixture
def cached(settings):
    """The page cache on (the test settings turn it off), empty before and after the test."""
    settings.PAGE_CACHE_ENABLED = True
    page_cache().clear()
    near_cache().clear()
    yield
    page_cache().clear()
    near_cache().clear()
