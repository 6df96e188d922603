"""Django for a tool run from the checkout: ``python -m bench.<name>`` or ``python -m scripts.<name>``.

The benchmarks and hardening tools are not part of the app package (nor of the production
image); run from the checkout root, ``python -m`` puts it on the import path, so that the
app and its settings import as they do for ``manage.py``.
"""

from __future__ import annotations

import os


def setup_django(settings: str = "config.settings.dev", **environ: str) -> None:
    """Set ``environ`` (a database name, DEBUG...) and start Django, unless it already runs (under pytest)."""
    from django.apps import apps

    if apps.ready:
        return
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()
