"""The test suite's settings (pytest reads this module from ``pyproject.toml``).

Production-like (DEBUG off, as the pages are served), on plain http, with a fixed key, a
fast password hasher and an upload folder of its own. django-axes is off, because the test
client's ``login()`` gives it no request; the tests of login rate limiting turn it on.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, NEAR_PAGE_CACHE, cache_from_url, env_bool, env_path, https_settings

DEBUG = False
SECRET_KEY = "django-insecure-test-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
globals().update(https_settings(False))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
# the page cache of the tests: its own folder, and off except in the tests of the cache
CACHES = {
    "default": cache_from_url(os.environ.get("CACHE_URL", ""), BASE_DIR / ".cache" / "pages-test"),
    "pages-near": NEAR_PAGE_CACHE,
}
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)
UPLOAD_ROOT = env_path("UPLOAD_ROOT", BASE_DIR / "test-output" / "uploads")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
