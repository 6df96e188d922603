import datetime as dt

import pytest

from archive.models import Document, Paragraph


def make_document(symbol, kind, session, paragraphs=2):
    doc = Document.objects.create(
        symbol=symbol, kind=kind, session=session, number=symbol.removeprefix("A/RES/") if kind == "resolution" else "",
        title="Violence against women migrant workers", adopted=dt.date(2005, 12, 16) if kind == "resolution" else None,
        source_file="test", source_format="test", source_sha256="0" * 64,
    )
    for i in range(paragraphs):
        Paragraph.objects.create(document=doc, position=i, kind="operative", number=str(i + 1), text=f"Urges States {i}", anchor=f"op{i + 1}")
    return doc


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_shows_holdings_by_session_in_chromium(live_server, page, screenshot_dir):
    make_document("A/RES/60/139", "resolution", 60, paragraphs=3)
    make_document("A/RES/62/132", "resolution", 62, paragraphs=2)
    make_document("A/64/152", "report", 64, paragraphs=4)

    page.goto(live_server.url + "/")
    assert page.title() == "Resolution Archive"
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Violence against women migrant workers"
    assert page.locator("[data-count=resolutions]").inner_text() == "2"
    assert page.locator("[data-count=reports]").inner_text() == "1"
    assert page.locator("[data-count=paragraphs]").inner_text() == "9"
    sessions = page.locator("tr[data-session]")
    assert [sessions.nth(i).get_attribute("data-session") for i in range(sessions.count())] == ["60", "62", "64"]
    assert "A/64/152" in page.locator("tr[data-session='64']").inner_text()
    # landmarks and skip link
    assert page.locator("main#main").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.screenshot(path=str(screenshot_dir / "home-1280.png"), full_page=True)


@pytest.mark.django_db
def test_home_page_says_when_the_archive_is_empty(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"The archive is empty" in response.content


@pytest.mark.django_db
def test_admin_requires_staff_login(client, django_user_model):
    response = client.get("/admin/archive/document/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    django_user_model.objects.create_user("reader", password="x-Very-long-pass-1")
    client.login(username="reader", password="x-Very-long-pass-1")
    assert client.get("/admin/archive/document/").status_code == 302  # logged in, but not staff
