"""The languages in Chromium: Arabic laid out right to left at phone and desktop widths, the parallel view."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db
@pytest.mark.parametrize("width", [375, 1280])
def test_arabic_reads_right_to_left(site, browser, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    assert page.goto(site + "/documents/A/RES/80/185/?lang=ar").status == 200
    para = page.locator("#op1")
    assert page.evaluate("getComputedStyle(document.querySelector('#op1 .text')).direction") == "rtl"
    number, text = para.locator(".num").bounding_box(), para.locator(".text").bounding_box()
    # the number stands to the right of the text, as the Arabic prints it
    assert number["x"] >= text["x"] + text["width"] - 1
    assert para.locator(".num").inner_text() == "1 -"
    # the text block is aligned to the right edge of its column
    assert page.evaluate("getComputedStyle(document.querySelector('#op1 .text')).textAlign") in ("start", "right")
    assert page.locator("html").get_attribute("lang") == "en"  # the interface stays English
    assert page.locator("#op1 .para-tools").evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(screenshot_dir / f"document-ar-{width}.png"), full_page=False)
    # a footnote marker of the Arabic text leads to the Arabic footnote
    marker = page.locator("#op1 sup.fn-marker a").first
    target = marker.get_attribute("href").split("#")[1]
    marker.click()
    assert page.locator(f"#{target} .fn-text").get_attribute("dir") == "rtl"
    context.close()


@pytest.mark.django_db
@pytest.mark.parametrize("width", [375, 1280])
def test_parallel_view_shows_six_languages(site, browser, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    assert page.goto(site + "/documents/A/RES/80/185/para/op1/").status == 200
    cells = page.locator(".parallel-cell")
    assert cells.count() == 6
    assert [cells.nth(i).get_attribute("lang") for i in range(6)] == ["en", "ar", "zh", "fr", "ru", "es"]
    arabic = page.locator('.parallel-cell[lang="ar"]')
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    boxes = [cells.nth(i).bounding_box() for i in range(6)]
    if width == 375:  # one column on a phone
        assert len({round(b["x"]) for b in boxes}) == 1
    else:
        assert len({round(b["x"]) for b in boxes}) > 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.locator(".parallel").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / f"parallel-{width}.png"), full_page=True)
    context.close()


@pytest.mark.django_db
def test_language_switcher_moves_between_languages(site, page):
    page.goto(site + "/documents/A/RES/76/141/")
    page.locator("nav.languages a[hreflang='ru']").click()
    assert page.url.endswith("?lang=ru")
    assert page.locator("h1 span").get_attribute("lang") == "ru"
    assert page.locator("nav.languages a.current").get_attribute("hreflang") == "ru"


# the last character's box, and the first's: which side of a text its final full stop stands on
ENDS = """el => {
  const node = el.firstChild, range = document.createRange();
  range.setStart(node, 0); range.setEnd(node, 1);
  const first = range.getBoundingClientRect().left;
  range.setStart(node, node.length - 1); range.setEnd(node, node.length);
  return [first, range.getBoundingClientRect().left];
}"""


@pytest.mark.django_db
@pytest.mark.parametrize("width", [375, 1280])
def test_arabic_footnotes_read_right_to_left_with_latin_ones_as_printed(site, browser, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    assert page.goto(site + "/documents/A/RES/80/185/?lang=ar").status == 200
    ol = page.locator("#footnotes ol")
    assert ol.get_attribute("lang") == "ar" and ol.evaluate("el => getComputedStyle(el).direction") == "rtl"
    items = ol.locator("li")
    latin = 0
    for i in range(items.count()):
        li = items.nth(i)
        assert li.get_attribute("lang") == "ar" and li.evaluate("el => getComputedStyle(el).direction") == "rtl"
        # the number (the list marker, in the list's padding) stands right of the footnote's text
        text, box = li.locator(".fn-text").bounding_box(), ol.bounding_box()
        assert text["x"] + text["width"] < box["x"] + box["width"] - 10
        bdi = li.locator(".fn-text bdi")
        words = bdi.inner_text()
        if words.isascii() and words.endswith("."):  # printed in Latin script, in the Arabic text too
            latin += 1
            assert bdi.evaluate("el => getComputedStyle(el).direction") == "ltr"
            first, last = bdi.evaluate(ENDS)
            assert last > first, words  # "A/80/317." as printed, not ".A/80/317"
    assert latin  # the Arabic version of 80/185 prints a symbol or a treaty reference in Latin script
    page.locator("#footnotes").scroll_into_view_if_needed()
    page.locator("#footnotes").screenshot(path=str(screenshot_dir / f"footnotes-ar-{width}.png"))
    context.close()
