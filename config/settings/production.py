"""Production: what the WSGI entry point uses (gunicorn, ``make run``, the Dockerfile).

Nothing insecure is assumed: ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must come from the
environment, or start-up stops with a message saying so. DEBUG is off unless ``DEBUG=1``;
HTTPS is on unless ``HTTPS=0`` (``make run`` on plain http at 127.0.0.1).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, https_settings

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: production settings (config.settings.production) need SECRET_KEY in the "
        "environment. For development, use DJANGO_SETTINGS_MODULE=config.settings.dev (manage.py's default)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: production settings (config.settings.production) need ALLOWED_HOSTS, "
        "a comma-separated list of host names, in the environment."
    )

globals().update(https_settings(env_bool("HTTPS", True)))
