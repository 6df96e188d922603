import pytest

from archive.models import Document, Paragraph


@pytest.mark.browser
def test_home_page_shows_holdings_by_session_in_chromium(site, page, screenshot_dir):
    page.goto(site + "/")
    assert page.title() == "Resolution Archive"
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Violence against women migrant workers"
    assert page.locator("[data-count=resolutions]").inner_text() == str(Document.objects.resolutions().count())
    assert page.locator("[data-count=reports]").inner_text() == "2"
    assert page.locator("[data-count=paragraphs]").inner_text() == f"{Paragraph.objects.body().count():,}"
    sessions = page.locator("ol.timeline > li[data-session]")
    assert [sessions.nth(i).get_attribute("data-session") for i in range(sessions.count())] == [
        "60",
        "62",
        "64",
        "66",
        "68",
        "70",
        "72",
        "74",
        "76",
        "78",
        "80",
        "82",
    ]  # 66-70, 82: members not held
    assert "not in the archive" in page.locator("li[data-session='66']").inner_text()
    assert "A/64/152" in page.locator("li[data-session='64']").inner_text()
    assert page.locator("main#main").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.screenshot(path=str(screenshot_dir / "home-1280.png"), full_page=True)


@pytest.mark.django_db
def test_home_page_says_when_the_archive_is_empty(client):
    Document.objects.all().delete()  # rolled back after the test
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
    django_user_model.objects.create_user("editor", password="x-Very-long-pass-1", is_staff=True, is_superuser=True)
    client.login(username="editor", password="x-Very-long-pass-1")
    assert client.get("/admin/archive/document/").status_code == 200
