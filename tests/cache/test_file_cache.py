"""The file cache counts its entries on one write in CHECK_EVERY, and still culls past MAX_ENTRIES."""

from __future__ import annotations

from archive import file_cache
from archive.file_cache import FileCache


def _cache(tmp_path, max_entries=10):
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 2}})


def test_a_write_lists_the_folder_only_once_in_check_every(tmp_path, monkeypatch):
    cache = _cache(tmp_path, max_entries=1000)
    listed = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: listed.append(1) or original(self))
    for i in range(file_cache.CHECK_EVERY * 2 + 1):
        cache.set(f"page-{i}", b"x")
    assert len(listed) == 3  # the first write, then one in CHECK_EVERY
    assert cache.get("page-7") == b"x"


def test_past_max_entries_it_culls_as_django_does(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "CHECK_EVERY", 5)
    cache = _cache(tmp_path, max_entries=10)
    for i in range(40):
        cache.set(f"page-{i}", b"x")
    stored = len(cache._list_cache_files())
    assert stored <= 10 + 5  # never more than CHECK_EVERY past the bound
    assert stored >= 5  # culled by CULL_FREQUENCY, not cleared
