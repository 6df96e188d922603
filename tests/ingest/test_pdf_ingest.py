"""Ingest reads official PDFs: a file or a folder of them, each loaded whole or refused whole."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from archive.ingest.pipeline import run_ingest
from archive.models import Document, Paragraph
from archive.parsing import parse_path
from tests.parsing.pdf_official import resolution_pdf

BASE_DIR = settings.BASE_DIR
RURAL = BASE_DIR / "fixtures" / "samples" / "A_RES_76_140.xml"
AKN_74_127 = BASE_DIR / "fixtures" / "akn" / "A_RES_74_127.xml"


@pytest.fixture(scope="module")
def rural_pdf() -> bytes:
    return resolution_pdf(parse_path(RURAL))


@pytest.mark.django_db
def test_a_folder_of_pdfs_loads_each_and_refuses_the_broken_one_whole(collection, tmp_path, rural_pdf):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "A_RES_76_140.pdf").write_bytes(rural_pdf)
    (folder / "broken.pdf").write_bytes(rural_pdf[: len(rural_pdf) // 3])
    before = Paragraph.objects.count()
    result = run_ingest([str(folder)])
    assert [(e["source"], "PDF" in e["message"] or "page" in e["message"]) for e in result.errors] == [
        (str(folder / "broken.pdf"), True)
    ]
    assert [(o.shown.doc.symbol, o.shown.doc.format, o.status) for o in result.outcomes] == [
        ("A/RES/76/140", "pdf", "loaded")
    ]
    doc = Document.objects.get(symbol="A/RES/76/140")
    paras = doc.paragraphs.all()
    assert (
        paras.filter(kind="preambular").count(),
        paras.filter(kind="operative").count(),
        paras.filter(kind="subparagraph").count(),
        doc.footnotes.count(),
    ) == (17, 10, 42, 18)
    assert Paragraph.objects.count() == before + 69
    assert paras.get(number="2(pp)").text.startswith("Promoting")


def test_the_pdf_and_the_xml_of_one_resolution_agree(tmp_path):
    pdf = tmp_path / "A_RES_74_127.pdf"
    pdf.write_bytes(resolution_pdf(parse_path(AKN_74_127)))
    result = run_ingest([str(AKN_74_127), str(pdf)], dry_run=True)
    assert not result.errors
    [outcome] = result.outcomes
    assert [p.doc.format for p in outcome.parsed] == ["akn", "pdf"]  # the UN's XML shown, at equal quality
    assert outcome.comparison["substantive"] == 0 and outcome.comparison["count_differences"] == {}
    assert "0 paragraphs differ in wording" in outcome.note


def test_manage_py_ingest_reads_a_pdf(tmp_path, rural_pdf):
    pdf = tmp_path / "rural women.pdf"
    pdf.write_bytes(rural_pdf)
    report = tmp_path / "report.json"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--dry-run", str(pdf), "--report", str(report)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [doc] = json.loads(report.read_text())["documents"]
    assert (doc["format"], doc["symbol"], doc["counts"]["subparagraphs"], doc["anomalies"]) == (
        "pdf",
        "A/RES/76/140",
        42,
        [],
    )


def test_manage_py_ingest_names_the_file_and_reason_of_a_bad_pdf(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--dry-run", str(bad)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{bad}: PDF damaged or not a PDF" in done.stderr
