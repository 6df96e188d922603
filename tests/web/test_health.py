import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_is_503_with_retry_after_when_the_database_is_down():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.test'; django.setup();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code, r.get('Retry-After'), r.json()['database'])"
    )
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "5", "down"]


def test_favicon_is_served_from_the_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    assert "img/favicon" in response["Location"]
