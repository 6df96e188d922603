"""The whole staff path in Chromium: log in, choose a file, read the preview, give the symbol the
file lacks, confirm, and read the new document's page."""

import shutil
import threading

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR
SYMBOL = "A/RES/98/132"

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def committed(work) -> None:
    """Run ``work`` on a connection of its own, outside the test's transaction, so that the
    live server sees what it writes (and what the server wrote is undone for the next tests)."""
    from django.db import connection

    errors = []

    def run():
        try:
            work()
        except Exception as e:  # noqa: BLE001 -- re-raised in the test's thread
            errors.append(e)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture
def curator(site_server):
    """A staff user the live server sees, and the archive as it was afterwards."""
    from django.contrib.auth.models import User

    from archive.agreed.store import update_agreed_language
    from archive.citations.store import link_instruments
    from archive.lineage.store import update_lineage
    from archive.models import Document
    from archive.series.store import update_series

    committed(lambda: User.objects.create_superuser("curator-browser", password="a-long-password-9"))
    yield "curator-browser", "a-long-password-9"

    def undo():
        Document.objects.filter(symbol=SYMBOL).delete()
        # the derive stages of ingest, in its order, over what is left
        link_instruments()
        update_series()
        update_lineage()
        update_agreed_language()
        User.objects.filter(username="curator-browser").delete()

    committed(undo)


def test_staff_upload_preview_confirm_and_read_the_document(
    site_server, page, curator, settings, tmp_path, screenshot_dir
):
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    source = tmp_path / "resolution-62.txt"  # prints no symbol, and its name spells none
    shutil.copy(BASE_DIR / "fixtures" / "sources" / "A_RES_62_132.txt", source)

    page.goto(site_server + "/admin/archive/document/")
    assert "/admin/login/" in page.url
    page.fill("#id_username", curator[0])
    page.fill("#id_password", curator[1])
    page.click("input[type=submit]")
    page.click("text=Add documents from files")
    assert page.url.endswith("/admin/archive/document/upload/")

    page.set_input_files("#id_files", str(source))
    page.click("input[value=Preview]")
    card = page.locator("fieldset.upload-file[data-file='resolution-62.txt']")
    assert card.locator(".upload-format").inner_text() == "word_pdf"
    assert card.locator(".upload-counts").inner_text().startswith("18 preambular, 18 operative")
    assert "no document symbol" in card.locator(".upload-errors").inner_text()
    assert page.locator("button[value=confirm]").count() == 0
    page.screenshot(path=str(screenshot_dir / "upload-preview.png"), full_page=True)

    page.fill("#symbol-0", SYMBOL)
    page.click("button[value=preview]")
    assert card.locator(".upload-symbol").inner_text() == SYMBOL
    assert card.locator(".upload-errors").count() == 0
    page.click("button[value=confirm]")
    assert page.locator(".upload-status").inner_text() == "loaded"

    page.click(f"text={SYMBOL}")
    assert page.url.endswith(f"/documents/{SYMBOL}/")
    assert SYMBOL in page.locator("h1").inner_text() or SYMBOL in page.title()
    assert page.locator(".para-preambular").count() == 18
    assert page.locator(".para-operative").count() == 18
    page.goto(site_server + f"/documents/{SYMBOL}/source/")
    body = page.locator("body").inner_text()
    assert "resolution-62.txt" in body and str(tmp_path) not in body
    assert (settings.UPLOAD_ROOT / "resolution-62.txt").read_bytes() == source.read_bytes()
    page.screenshot(path=str(screenshot_dir / "upload-done-source.png"), full_page=False)
