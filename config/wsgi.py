"""The WSGI entry point (gunicorn, ``make run``, the Dockerfile): production settings.

Django's application sits behind the page cache's WSGI layer, which sends a cached public
page as stored before Django handles the request (see ``archive.page_cache``). Importing it settles
the worker (``archive.worker``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_application = get_wsgi_application()

from archive.page_cache import CachedPagesApp  # noqa: E402  (needs the apps loaded)
from archive.worker import settle  # noqa: E402

application = CachedPagesApp(django_application)
settle()  # what every request shares, loaded and kept out of the cycle collector's full collections
