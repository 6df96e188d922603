"""The staff upload page: who reaches it, the preview, what staff give, loading, and hostile files
refused with a clear message and nothing left behind."""

import json
import re
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive.ingest.pipeline import run_ingest
from archive.ingest.sources import default_collection
from archive.models import Document

BASE_DIR = settings.BASE_DIR
SOURCES = BASE_DIR / "fixtures" / "sources"
SERIES = "violence-against-women-migrant-workers"
URL = "/admin/archive/document/upload/"
UNHEADED = (SOURCES / "A_RES_62_132.txt").read_bytes()  # prints no symbol, session or title


@pytest.fixture
def uploads(settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    return settings.UPLOAD_ROOT


@pytest.fixture
def staff(db, uploads):
    client = Client()
    client.force_login(User.objects.create_superuser("curator", password="a-long-password-1"))
    return client


def left_behind(uploads: Path) -> list[str]:
    """Every file under the upload folder and Django's temporary upload folder."""
    found = [p for p in uploads.rglob("*") if p.is_file() and p.name != ".lock"] if uploads.exists() else []
    found += list((uploads.parent / "tmp").iterdir())
    return sorted(str(p.relative_to(uploads.parent)) for p in found)


def upload(client, *files, **extra):
    return client.post(URL, {"files": [SimpleUploadedFile(name, data) for name, data in files]}, **extra)


def token_of(response) -> str:
    return re.search(r"/upload/([A-Za-z0-9_-]{22})/", response.content.decode()).group(1)


def test_only_staff_with_the_permission_reach_the_page(client, db, uploads):
    assert client.get(URL).status_code == 302 and "/admin/login/" in client.get(URL)["Location"]
    assert upload(client, ("A_RES_62_132.txt", UNHEADED)).status_code == 302
    reader = User.objects.create_user("reader", password="a-long-password-2")
    client.force_login(reader)
    assert client.get(URL).status_code == 302  # not staff: to the login page
    reader.is_staff = True
    reader.save()
    assert client.get(URL).status_code == 403  # staff, without the permission to add documents
    assert upload(client, ("A_RES_62_132.txt", UNHEADED)).status_code == 403
    assert left_behind(uploads) == []
    reader.user_permissions.add(Permission.objects.get(codename="add_document"))
    assert client.get(URL).status_code == 200


def test_the_admin_s_add_button_leads_to_the_upload_page(staff):
    assert staff.get("/admin/archive/document/add/")["Location"] == URL
    assert URL in staff.get("/admin/archive/document/").content.decode()


def test_an_upload_needs_the_csrf_token(db, uploads):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("curator", password="a-long-password-1"))
    assert upload(client, ("A_RES_62_132.txt", UNHEADED)).status_code == 403
    assert left_behind(uploads) == []


def test_the_rest_of_the_site_stays_read_only(staff):
    assert staff.post("/documents/A/RES/60/139/", {}).status_code == 405
    assert staff.post("/search/", {"q": "x"}).status_code == 405


def test_preview_then_give_what_the_source_lacks_then_confirm(staff, uploads, collection):
    first = upload(staff, ("resolution-62.txt", UNHEADED))
    assert first.status_code == 200
    page = first.content.decode()
    assert "word_pdf" in page and "18 preambular, 18 operative" in page and "13 footnotes" in page
    assert "no document symbol" in page and "Confirm and add" not in page  # nothing to confirm yet
    assert "missing_metadata" in page
    token = token_of(first)
    staged = f"/admin/archive/document/upload/{token}/"
    again = staff.post(staged, {"action": "preview", "symbol-0": "A/RES/99/132", "series-0": SERIES})
    page = again.content.decode()
    assert "no document symbol" not in page and "A/RES/99/132" in page and "session 99" in page
    assert "Violence against women migrant workers" in page and "Confirm and add" in page
    assert not Document.objects.filter(symbol="A/RES/99/132").exists()  # a preview writes nothing

    done = staff.post(staged, {"action": "confirm", "symbol-0": "A/RES/99/132", "series-0": SERIES})
    assert done.status_code == 200
    doc = Document.objects.get(symbol="A/RES/99/132")
    assert (doc.source_file, doc.session, doc.series.slug) == ("resolution-62.txt", 99, SERIES)
    assert doc.paragraphs.count() == 36 and doc.footnotes.count() == 13
    assert doc.get_absolute_url() in done.content.decode()
    assert left_behind(uploads) == ["uploads/manifest.json", "uploads/resolution-62.txt"]
    manifest = json.loads((uploads / "manifest.json").read_text())
    assert manifest["documents"] == [
        {"source": "resolution-62.txt", "symbol": "A/RES/99/132", "series": SERIES, "document": "A/RES/99/132"}
    ]
    # the confirmed upload is gone from staging: confirming twice loads nothing twice
    assert staff.post(staged, {"action": "confirm"}).status_code == 404
    # what ingest and rebuild load: the default collection, then the uploads, with what was given
    result = run_ingest(collection=default_collection(uploads), dry_run=True, only="A/RES/99/132")
    assert result.errors == [] and result.outcomes[0].series["slug"] == SERIES
    assert result.outcomes[0].shown.source.name == "resolution-62.txt"


def test_a_file_named_as_its_symbol_needs_nothing_given(staff, uploads, collection):
    first = upload(staff, ("A_RES_97_132.txt", UNHEADED))
    assert "symbol_from_filename" in first.content.decode() and "Confirm and add" in first.content.decode()
    staff.post(f"{URL}{token_of(first)}/", {"action": "confirm"})
    doc = Document.objects.get(symbol="A/RES/97/132")
    assert any(a["code"] == "symbol_from_filename" for a in doc.anomalies)
    assert json.loads((uploads / "manifest.json").read_text())["documents"] == [
        {"source": "A_RES_97_132.txt", "document": "A/RES/97/132"}
    ]  # nothing given: the file name still says it


def test_cancel_leaves_nothing_behind(staff, uploads):
    first = upload(staff, ("A_RES_97_132.txt", UNHEADED))
    assert left_behind(uploads) != []
    staff.post(f"{URL}{token_of(first)}/", {"action": "cancel"})
    assert left_behind(uploads) == []


def test_a_symbol_given_must_be_a_general_assembly_symbol(staff, uploads):
    token = token_of(upload(staff, ("resolution.txt", UNHEADED)))
    page = staff.post(f"{URL}{token}/", {"action": "confirm", "symbol-0": "<script>x</script>"}).content.decode()
    assert "is not a General Assembly symbol" in page and "<script>x" not in page
    assert not (uploads / "resolution.txt").exists()


def test_an_upload_another_session_staged_is_not_reachable(staff, uploads, db):
    token = token_of(upload(staff, ("A_RES_97_132.txt", UNHEADED)))
    other = Client()
    other.force_login(User.objects.create_superuser("other", password="a-long-password-3"))
    assert other.post(f"{URL}{token}/", {"action": "confirm"}).status_code == 404
    assert not Document.objects.filter(symbol="A/RES/97/132").exists()


def pdf_with(stream: bytes, filters: bytes = b"/FlateDecode", end: bytes = b"%%EOF\n") -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter "
        + filters
        + b" >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
        + end
    )


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>\n<akomaNtoso><act>&lol9;</act></akomaNtoso>\n"
).encode()
AKN = (BASE_DIR / "fixtures" / "akn" / "A_RES_76_141.xml").read_bytes()


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("notes.exe", b"MZ\x90\x00", "files of this type are not accepted"),
        ("A_RES_62_132.pdf", UNHEADED, "not a PDF: it does not begin with %PDF-"),
        ("A_RES_62_132.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a text file: it is a PNG image"),
        ("A_RES_62_132.txt", "Caf\u00e9".encode("latin-1"), "not UTF-8 text"),
        ("A_RES_62_132.txt", b"", "the file is empty"),
        ("A_RES_62_132.pdf", pdf_with(zlib.compress(b"BT (x) Tj ET"))[:-8], "truncated PDF"),
        ("A_RES_76_141.xml", AKN[: len(AKN) // 2], "truncated or malformed XML"),
        ("A_RES_62_132.pdf", pdf_with(zlib.compress(b"\0" * (210 * 1024 * 1024), 9)), "a compression bomb"),
        (
            "A_RES_62_132.pdf",
            pdf_with(zlib.compress(zlib.compress(b"\0" * (210 * 1024 * 1024), 9), 9), b"[/FlateDecode /FlateDecode]"),
            "a compression bomb",
        ),
        ("A_RES_76_141.xml", LAUGHS, "document type declaration"),
        (".htaccess.txt", b"Deny from all", "not a plain file name"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message_and_leave_nothing_behind(staff, uploads, name, data, reason):
    response = upload(staff, (name, data))
    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page and name in page and "nothing of it was kept" in page
    assert left_behind(uploads) == []


def test_a_refused_file_does_not_stop_the_others(staff, uploads):
    response = upload(staff, ("A_RES_97_132.txt", UNHEADED), ("evil.pdf", b"not a pdf"))
    page = response.content.decode()
    assert response.status_code == 200 and "evil.pdf" in page and "not a PDF" in page
    assert "Confirm and add" in page
    assert [p.name for p in (uploads / ".staging").rglob("*") if p.is_file()] == ["A_RES_97_132.txt"]


def multipart(filename: str, data: bytes, csrf: str = "") -> tuple[bytes, str]:
    boundary = "----archiveboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            f"Content-Type: text/plain\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "filename", ["../../config/A_RES_62_132.txt", "..\\..\\A_RES_62_132.txt", "/etc/A_RES_62_132.txt", ".."]
)
def test_a_path_in_the_file_name_is_refused(staff, uploads, filename):
    body, content_type = multipart(filename, UNHEADED)
    response = staff.post(URL, body, content_type=content_type)
    assert response.status_code == 400
    assert "the file name holds a path" in response.content.decode()
    assert left_behind(uploads) == []


def test_a_file_past_the_size_limit_is_refused_while_it_arrives(staff, uploads, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    response = upload(staff, ("A_RES_62_132.txt", UNHEADED))
    assert response.status_code == 400
    assert "larger than the limit of 10,000 bytes" in response.content.decode()
    assert left_behind(uploads) == []


def test_an_upload_larger_than_allowed_is_refused_before_it_is_read(staff, uploads, settings):
    settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_FILES = 1000, 2
    body, content_type = multipart("A_RES_62_132.txt", b"x" * 1_100_000)
    response = staff.post(URL, body, content_type=content_type)
    assert response.status_code == 413 and "more than the" in response.content.decode()
    assert left_behind(uploads) == []


def test_too_many_files_at_once_are_refused(staff, uploads, settings):
    settings.UPLOAD_MAX_FILES = 2
    response = upload(staff, *[(f"A_RES_9{i}_1.txt", UNHEADED) for i in range(3)])
    assert response.status_code == 400 and "at most 2 at a time" in response.content.decode()
    assert left_behind(uploads) == []


def test_a_document_that_fails_to_load_leaves_no_file_kept(staff, uploads, collection, monkeypatch):
    from django.db import DatabaseError

    from archive.ingest import persist

    token = token_of(upload(staff, ("A_RES_97_132.txt", UNHEADED)))

    real = persist._copy

    def copy(cursor, model, columns, rows):  # the paragraphs are refused; the document row is already in
        if model is persist.Paragraph:
            raise DatabaseError("disk full (injected)")
        return real(cursor, model, columns, rows)

    monkeypatch.setattr(persist, "_copy", copy)
    page = staff.post(f"{URL}{token}/", {"action": "confirm"}).content.decode()
    assert "failed" in page and "disk full (injected)" in page and "the file was not kept" in page
    assert not Document.objects.filter(symbol="A/RES/97/132").exists()
    assert left_behind(uploads) == ["uploads/manifest.json"]
    assert json.loads((uploads / "manifest.json").read_text())["documents"] == []


def test_failed_logins_are_rate_limited(db, settings):
    settings.AXES_ENABLED = True
    User.objects.create_superuser("curator", password="a-long-password-1")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            client.post("/admin/login/?next=/admin/", {"username": "curator", "password": "wrong"}).status_code == 200
        )
    assert client.post("/admin/login/?next=/admin/", {"username": "curator", "password": "wrong"}).status_code == 429
    locked = client.post("/admin/login/?next=/admin/", {"username": "curator", "password": "a-long-password-1"})
    assert locked.status_code == 429  # even the right password, from this address, for the cool-off time
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert (
        other.post("/admin/login/?next=/admin/", {"username": "curator", "password": "a-long-password-1"}).status_code
        == 302
    )


def test_a_pdf_passes_the_checks_and_reaches_ingest(staff, uploads):
    """A PDF is read by ingest's PDF reader; the preview shows what it read, or its error."""
    minimal = pdf_with(zlib.compress(b"BT /F1 12 Tf 72 712 Td (General Assembly) Tj ET"))
    response = upload(staff, ("A_RES_62_132.pdf", minimal))
    assert response.status_code == 200
    card = re.search(
        r'<fieldset class="module aligned upload-file" data-file="A_RES_62_132.pdf">(.*?)</fieldset>',
        response.content.decode(),
        re.S,
    )
    assert card and ("upload-errors" in card.group(1) or "upload-counts" in card.group(1))
    assert [p.name for p in (uploads / ".staging").rglob("*") if p.is_file()] == ["A_RES_62_132.pdf"]
