"""Django for a tool run from the checkout: ``python -m bench.<name>`` or ``python -m scripts.<name>``.

The benchmarks and hardening tools are not part of the app package (nor of the production
image); run from the checkout root, ``python -m`` puts it on the import path, so that the
app and its settings import as they do for ``manage.py``.
"""

from __future__ import annotations

import os
from pathlib import Path


def setup_django(settings: str = "config.settings.dev", **environ: str) -> None:
    """Set ``environ`` (a database name, DEBUG...) and start Django, unless it already runs (under pytest)."""
    from django.apps import apps

    if apps.ready:
        return
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()
    _collect_static()


def _collect_static() -> None:
    """Pages rendered with DEBUG off read the static files' manifest: collect them when it is
    missing or older than a static file, so that a benchmark runs on a fresh clone as written."""
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG and static_stale(Path(settings.STATIC_ROOT), settings.STATICFILES_DIRS):
        call_command("collectstatic", interactive=False, verbosity=0)


def static_stale(static_root: Path, source_dirs) -> bool:
    """Whether ``collectstatic`` has not run since the last change to a file of ``source_dirs``."""
    manifest = static_root / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(f.is_file() and f.stat().st_mtime > collected for d in source_dirs for f in Path(d).rglob("*"))
