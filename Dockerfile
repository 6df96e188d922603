# Resolution Archive: multi-stage build, slim Python 3.11, non-root, gunicorn.
# Production settings (config.settings.production): DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS
# are required at run time. Staff uploads are kept in /app/uploads (mount a volume there).
FROM python:3.11-slim AS build
ENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
# The app only, by name: benchmarks (bench/), hardening tools (scripts/) and tests stay out of the image.
COPY manage.py ./
COPY config config
COPY archive archive
COPY templates templates
COPY static static
COPY fixtures fixtures
# Collect hashed, compressed static files at build time (settings need some values to import).
RUN DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=build-only ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build@localhost/build .venv/bin/python manage.py collectstatic --noinput -v 0 \
    && mkdir -p uploads

FROM python:3.11-slim
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=8000 \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN useradd --system --uid 10001 --home /app archive
WORKDIR /app
COPY --from=build --chown=archive:archive /app /app
USER archive
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"8000\")}/healthz', timeout=4)"
# The entry point refuses to start without DATABASE_URL (settings also need SECRET_KEY and ALLOWED_HOSTS).
# gunicorn's settings are config/gunicorn.py's (WEB_CONCURRENCY and THREADS override workers and threads).
CMD ["sh", "-c", ": \"${DATABASE_URL:?DATABASE_URL is required}\" && exec gunicorn -c config/gunicorn.py config.wsgi --bind 0.0.0.0:${PORT}"]
