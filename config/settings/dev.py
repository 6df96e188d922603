"""Development: what ``manage.py`` uses unless ``DJANGO_SETTINGS_MODULE`` says otherwise.

DEBUG is on (``DEBUG=0`` turns it off), and a development secret key and local host names
stand in where the environment gives none, so that every command of the README runs on a
fresh clone. Never serve the public from these settings: the WSGI entry point uses
``config.settings.production``.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list, https_settings

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
globals().update(https_settings(env_bool("HTTPS", False)))
