"""The page cache's store on one machine: Django's file-based cache, its size checked every so many writes.

Django's ``FileBasedCache`` lists every file of its folder before each write, to cull when the count
reaches ``MAX_ENTRIES``: with 10,000 stored pages a write cost 80 ms of CPU (a glob and a match for
each file), so every uncached page cost more the fuller the cache grew (measured with the load
script's uncached search: 123 requests/s with 3,400 files in the folder, 52 with 10,200). Here the
count is taken on a process's first write and then every ``CHECK_EVERY`` writes: the folder may hold
up to ``CHECK_EVERY`` more entries per worker than ``MAX_ENTRIES`` before it is culled, as Django culls.
"""

from __future__ import annotations

import itertools

from django.core.cache.backends.filebased import FileBasedCache

CHECK_EVERY = 100


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count()

    def _cull(self):
        """Django's cull, on one write in ``CHECK_EVERY``."""
        if next(self._writes) % CHECK_EVERY == 0:
            super()._cull()
