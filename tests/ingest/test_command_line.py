"""The ingest command line as a user meets it: options that give what a source lacks, a symbol
spelled by a file name, failures that exit 1, and source names that are never server paths."""

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from archive.ingest.pipeline import run_ingest
from archive.ingest.sources import SourceError, collection_from_paths, load_manifest, symbol_from_filename
from archive.models import Document

BASE_DIR = settings.BASE_DIR
SOURCES = BASE_DIR / "fixtures" / "sources"
SERIES = "violence-against-women-migrant-workers"
NO_DATABASE = "postgres://nobody@127.0.0.1:9/none"


def fresh_env(**extra: str) -> dict[str, str]:
    """The environment of a fresh clone: no settings module, no secret, no DEBUG."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "HTTPS",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(extra)
    return env


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=fresh_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def unheaded_copy(folder: Path, name: str) -> Path:
    """A resolution text that prints no symbol, session or title (A/RES/62/132 as extracted)."""
    path = folder / name
    shutil.copy(SOURCES / "A_RES_62_132.txt", path)
    return path


@pytest.mark.parametrize(
    "name, symbol",
    [
        ("A_RES_62_132.txt", "A/RES/62/132"),
        ("A_64_152-EN.pdf", "A/64/152"),
        ("A_RES_78_180.pdftotext.txt", "A/RES/78/180"),
        ("A_HRC_11_7_Add.2.xml", "A/HRC/11/7/Add.2"),
        ("A_RES_74_92_A-B.xml", None),  # "A-B" is no part of a symbol's path: not guessed
        ("resolution.txt", None),
        ("A_RES_62.txt", None),
    ],
)
def test_a_file_name_spells_a_symbol_only_in_the_un_form(name, symbol):
    assert symbol_from_filename(Path(name)) == symbol


def test_a_symbol_from_the_file_name_is_used_when_nothing_else_gives_one_and_reported(tmp_path):
    result = run_ingest([str(unheaded_copy(tmp_path, "A_RES_62_132.txt"))], dry_run=True)
    assert result.errors == []
    doc = result.outcomes[0].shown.doc
    assert (doc.symbol, doc.session, doc.number) == ("A/RES/62/132", 62, "62/132")
    (anomaly,) = [a for a in doc.anomalies if a.code == "symbol_from_filename"]
    assert "A_RES_62_132.txt" in anomaly.message and str(tmp_path) not in anomaly.message


def test_a_symbol_given_wins_over_the_file_name_and_is_not_reported(tmp_path):
    path = unheaded_copy(tmp_path, "A_RES_62_132.txt")
    result = run_ingest(collection=collection_from_paths([str(path)], symbol="A/RES/62/199"), dry_run=True)
    doc = result.outcomes[0].shown.doc
    assert (doc.symbol, doc.session, doc.number) == ("A/RES/62/199", 62, "62/199")
    assert "symbol_from_filename" not in {a.code for a in doc.anomalies}


def test_the_text_s_own_symbol_wins_over_one_given_and_the_disagreement_is_reported():
    path = SOURCES / "A_RES_60_139.txt"  # prints its symbol
    result = run_ingest(collection=collection_from_paths([str(path)], symbol="A/RES/60/140"), dry_run=True)
    doc = result.outcomes[0].shown.doc
    assert doc.symbol == "A/RES/60/139"
    assert any(a.code == "metadata_conflict" and "A/RES/60/140" in a.message for a in doc.anomalies)


def test_without_a_symbol_from_anywhere_the_error_says_how_to_give_one(tmp_path):
    result = run_ingest([str(unheaded_copy(tmp_path, "resolution.txt"))], dry_run=True)
    (error,) = result.errors
    assert error["source"] == str(tmp_path / "resolution.txt")
    assert "no document symbol" in error["message"] and "--symbol" in error["message"]


def test_symbol_names_one_document_and_series_must_be_known(tmp_path):
    with pytest.raises(SourceError, match="one document"):
        collection_from_paths([str(SOURCES)], symbol="A/RES/62/132")
    with pytest.raises(SourceError, match=f"unknown series 'nope'.*{SERIES}"):
        collection_from_paths([str(SOURCES)], series="nope")


def test_the_dry_run_report_fills_series(tmp_path):
    given = run_ingest(
        collection=collection_from_paths([str(unheaded_copy(tmp_path, "A_RES_62_132.txt"))], series=SERIES),
        dry_run=True,
    )
    assert given.outcomes[0].series["slug"] == SERIES
    lacking = run_ingest([str(unheaded_copy(tmp_path, "A_RES_62_132.txt"))], dry_run=True)
    assert lacking.outcomes[0].series is None  # no title, no series given: not invented
    report = tmp_path / "report.json"
    done = manage("ingest", "--dry-run", "--report", str(report), DATABASE_URL=NO_DATABASE)
    assert done.returncode == 0, done.stderr
    documents = json.loads(report.read_text())["documents"]
    # every source of the manifest, each with the series its entry names: the English ones as documents,
    # the other languages as the versions of theirs
    versions = [v for d in documents for v in d.get("versions", [])]
    assert len(documents) + len(versions) == len(load_manifest()["documents"])
    assert {d["series"] for d in documents} == {SERIES}
    assert len(versions) == 20 and all(v["aligned"] == v["paragraphs"] for v in versions)


def test_a_missing_file_fails_with_exit_1_and_the_others_are_still_read(tmp_path):
    done = manage(
        "ingest", "--dry-run", str(tmp_path / "nowhere.txt"), "fixtures/akn/A_RES_76_141.xml", DATABASE_URL=NO_DATABASE
    )
    assert done.returncode == 1
    assert f"error: {tmp_path / 'nowhere.txt'}: no such file or folder" in done.stderr
    assert "1 document: 1 parsed, 1 failed" in done.stdout


def test_a_database_that_cannot_be_reached_is_one_message_and_exit_1():
    done = manage("ingest", "fixtures/akn/A_RES_76_141.xml", DATABASE_URL=NO_DATABASE)
    assert done.returncode == 1
    assert done.stderr.count("cannot reach the database") == 1 and "127.0.0.1" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_an_empty_folder_is_a_failure(tmp_path):
    result = run_ingest([str(tmp_path)], dry_run=True)
    assert result.failed and "no source files" in result.errors[0]["message"]
    assert result.errors[0]["kind"] == "not_found"


def test_only_that_matches_nothing_fails_with_exit_1():
    (error,) = run_ingest(["fixtures/akn"], dry_run=True, only="A/RES/99/1").errors
    assert (error["source"], error["kind"]) == ("--only A/RES/99/1", "not_found")
    done = manage("ingest", "--dry-run", "--only", "A/RES/99/1", "fixtures/akn", DATABASE_URL=NO_DATABASE)
    assert done.returncode == 1
    assert "error: --only A/RES/99/1: no document of the sources given has this symbol" in done.stderr
    assert "0 documents" in done.stdout


def test_symbol_and_series_need_the_files_they_describe():
    done = manage("ingest", "--dry-run", "--symbol", "A/RES/62/132", DATABASE_URL=NO_DATABASE)
    assert done.returncode == 1 and "name the files" in done.stderr


@pytest.mark.django_db
def test_pages_name_the_source_by_its_file_name_never_a_server_path(client, collection, tmp_path):
    folder = tmp_path / "deep" / "server" / "folder"
    folder.mkdir(parents=True)
    shutil.copy(SOURCES / "A_RES_60_139.txt", folder / "A_RES_60_139.txt")
    result = run_ingest([str(folder / "A_RES_60_139.txt")])
    assert result.outcomes[0].status == "replaced"
    doc = Document.objects.get(symbol="A/RES/60/139")
    assert doc.source_file == "A_RES_60_139.txt"
    for url in (doc.get_absolute_url(), doc.get_absolute_url() + "source/", "/api/documents/A/RES/60/139/"):
        page = client.get(url, follow=True)
        assert page.status_code == 200, url
        assert str(tmp_path) not in page.content.decode(), url
    assert "A_RES_60_139.txt" in client.get(doc.get_absolute_url() + "source/").content.decode()


@pytest.mark.slow
@pytest.mark.django_db
def test_the_readme_loading_commands_run_verbatim_on_a_fresh_database():
    """Every command of the README's "Loading documents" section, as written, on an empty
    database of its own, with the environment of a fresh clone (no secret, no settings module)."""
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Loading documents", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) >= 5 and any(c.startswith("make ingest") for c in commands)
    socket_dir = connection.get_connection_params()["host"]
    name = f"readme_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    report = BASE_DIR / "ingest.json"
    kept = report.read_bytes() if report.exists() else None
    try:
        env = fresh_env(DATABASE_URL=f"postgres://postgres@/{name}?host={socket_dir}")
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert migrate.returncode == 0, migrate.stderr
        for command in commands:
            done = subprocess.run(
                ["bash", "-c", command], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
            )
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            assert "Traceback" not in done.stderr, command
        with psycopg.connect(host=socket_dir, user="postgres", dbname=name) as conn:
            symbols = {r[0] for r in conn.execute("SELECT symbol FROM archive_document")}
        assert {"A/RES/62/132", "A/RES/74/127", "A/RES/76/141", "A/64/152"} <= symbols
    finally:
        if kept is None:
            report.unlink(missing_ok=True)
        else:
            report.write_bytes(kept)
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
