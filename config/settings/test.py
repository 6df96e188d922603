"""The test suite's settings (pytest reads this module from ``pyproject.toml``).

Production-like (DEBUG off, as the pages are served), on plain http, with a fixed key, a
fast password hasher and an upload folder of its own. django-axes is off, because the test
client's ``login()`` gives it no request; the tests of login rate limiting turn it on.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env_path, https_settings

DEBUG = False
SECRET_KEY = "django-insecure-test-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
globals().update(https_settings(False))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
UPLOAD_ROOT = env_path("UPLOAD_ROOT", BASE_DIR / "test-output" / "uploads")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
