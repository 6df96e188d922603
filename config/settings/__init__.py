"""Settings as modules: ``base`` (everything shared, from the environment) and one module
per way of running the archive.

- ``dev``: what ``manage.py`` uses unless ``DJANGO_SETTINGS_MODULE`` says otherwise; DEBUG
  on, a development secret key and local host names, so that every command works on a
  fresh clone.
- ``test``: what pytest uses (``pyproject.toml``).
- ``production``: what the WSGI entry point (gunicorn, ``make run``, the Dockerfile) uses;
  it refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""
