"""The search page in Chromium: a suggestion to follow, identical texts shown once, a short name."""

import pytest


@pytest.mark.browser
def test_a_misspelt_query_offers_the_archive_word_and_following_it_finds_paragraphs(site, page, screenshot_dir):
    page.goto(site + "/search/?q=traficking")
    assert page.locator("[data-total]").inner_text() == "0"
    suggestion = page.locator("[data-suggestion] a")
    assert suggestion.inner_text() == "trafficking"
    suggestion.click()
    page.wait_for_url("**/search/?q=trafficking")
    assert int(page.locator("[data-total]").inner_text()) > 0
    assert page.locator("li.hit").count() > 0 and page.locator("[data-suggestion]").count() == 0
    page.screenshot(path=str(screenshot_dir / "search-suggestion-1280.png"), full_page=True)


@pytest.mark.browser
def test_identical_texts_show_once_with_links_to_the_others(site, page):
    page.goto(site + '/search/?q="sham+marriages"')
    hits = page.locator("li.hit")
    total = int(page.locator("[data-total]").inner_text())
    same = page.locator("[data-same-text] a")
    assert hits.count() + same.count() == total and same.count() > 0
    same.first.click()
    page.wait_for_load_state()
    assert "/documents/A/RES/" in page.url and "#pp" in page.url


@pytest.mark.browser
def test_a_short_name_lists_the_instrument_first(site, page):
    page.goto(site + "/search/?q=CEDAW")
    page.locator(".instrument-hits summary").click()  # folded under the search box, so results stay above the fold
    first = page.locator(".instrument-hits li a").first
    assert first.inner_text() == "Convention on the Elimination of All Forms of Discrimination against Women"
    assert page.locator("li.hit").count() > 0
