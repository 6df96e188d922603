"""What readers expect, in Chromium at 375 and 1280 px: copying, markers, compare cells, search above the fold,
chart text, the adoption record; screenshots in test-output/, and no serious accessibility violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser
WIDTHS = (375, 1280)


def context_at(browser, width, **kwargs):
    return browser.new_context(viewport={"width": width, "height": 800}, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_start_above_the_fold_with_the_filters_folded(site, browser, screenshot_dir, width):
    context = context_at(browser, width)
    page = context.new_page()
    page.goto(site + "/search/?q=%22migrant+domestic+workers%22")
    assert page.locator("details.filter-panel").evaluate("e => e.open") is False
    assert page.locator("#id_session_from").is_hidden()
    first = page.locator(".hit").first.bounding_box()
    assert first["y"] + 40 < 800, first  # the first result's head is on the first screen
    facets = page.locator("aside.facets").bounding_box()
    if width == 375:
        assert facets["y"] > first["y"]  # the facets come after the results on a phone
    else:
        assert facets["x"] < first["x"]  # and beside them, on the left, on a wide screen
    page.screenshot(path=str(screenshot_dir / f"readers-search-{width}.png"))
    page.locator("details.filter-panel summary").click()
    assert page.locator("#id_session_from").is_visible()
    page.goto(site + "/search/?q=migrant&kind=operative")  # an active filter keeps the panel open
    assert page.locator("details.filter-panel").evaluate("e => e.open") is True
    context.close()


@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
def test_compare_cells_say_which_version_they_hold(site, browser, screenshot_dir, width):
    context = context_at(browser, width)
    page = context.new_page()
    page.goto(
        site + "/series/violence-against-women-migrant-workers/compare/?from=A/RES/62/132&to=A/RES/74/127&changes=1"
    )
    row = page.locator("table.compare tbody tr").first
    labels = row.locator(".cell-label")
    if width == 375:
        assert page.locator("table.compare thead").is_hidden()
        assert [labels.nth(i).inner_text() for i in range(3)][0] == "A/RES/62/132"
        assert labels.nth(1).inner_text().startswith("A/RES/74/127") and labels.nth(2).inner_text() == "Change"
        assert labels.nth(0).is_visible()
    else:
        assert page.locator("table.compare thead").is_visible() and labels.nth(0).is_hidden()
    page.screenshot(path=str(screenshot_dir / f"readers-compare-{width}.png"))
    context.close()


@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
def test_footnote_markers_have_a_24_px_hit_area_and_leave_the_lines_alone(site, browser, screenshot_dir, width):
    context = context_at(browser, width)
    page = context.new_page()
    page.goto(site + "/documents/A/RES/74/127/")
    markers = page.locator("sup.fn-marker a")
    for i in range(0, markers.count(), 7):
        box = markers.nth(i).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (i, box)
    # the marker's padding does not change the line height: a paragraph with markers is a whole
    # number of lines of the paragraph text's line height
    for anchor in ("pp3", "op38"):
        lines = page.locator(f"#{anchor} .text").evaluate(
            "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)"
        )
        assert abs(lines - round(lines)) < 0.05, (anchor, lines)
    # a tap on the padding, off the digit, still follows the marker
    marker = page.locator("#op38 sup.fn-marker a").first
    marker.scroll_into_view_if_needed()
    page.locator("#op38").screenshot(path=str(screenshot_dir / f"readers-markers-{width}.png"))
    box = marker.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] - 2)
    page.wait_for_url("**#fn36", timeout=3000)
    context.close()


@pytest.mark.django_db
def test_copied_text_never_glues_a_marker_to_a_word(site, page):
    page.goto(site + "/documents/A/RES/74/127/")
    text = page.locator("#op38 .text")
    assert page.locator("#op38 sup.fn-marker").count() >= 1
    selected = text.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e);
        const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    shown = text.inner_text()
    assert "Vienna Convention on Consular Relations" in selected
    assert "Relations,36" in shown.replace("\n", "")  # as rendered: the marker after the comma
    assert "Relations,36" not in selected and "Relations, to " in selected
    assert selected.replace(" ", "") == text.evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove()); return c.textContent; }"
    ).replace(" ", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, anchor", [("/documents/A/RES/76/141/", "op5"), ("/documents/A/RES/76/141/para/op5/", "op5")]
)
def test_copy_citation_puts_the_formal_citation_the_text_and_the_link_on_the_clipboard(site, browser, path, anchor):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(site + path)
    para = page.locator(f"#{anchor}")
    para.locator("details.cite summary").click()
    para.locator("button.copy-cite").click()
    page.wait_for_function(f"document.querySelector('#{anchor} button.copy-cite').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    words = para.locator(".text").evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove()); return c.textContent; }"
    )
    assert copied.startswith(
        "General Assembly resolution 76/141, “Violence against women migrant workers”, "
        "adopted 16 December 2021 (A/RES/76/141), para. 5: “"
    )
    assert " ".join(words.split()) in copied
    assert copied.endswith(f"” {site}/documents/A/RES/76/141/para/op5/")
    context.close()


@pytest.mark.django_db
def test_without_javascript_the_citation_is_readable(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/documents/A/RES/74/127/para/op38/")
    assert page.locator("button.copy-cite:visible").count() == 0
    page.locator("#op38 details.cite summary").click()
    cite = page.locator("#op38 .cite-text")
    assert cite.is_visible()
    text = cite.inner_text()
    assert text.startswith(
        "General Assembly resolution 74/127, “Violence against women migrant workers”, adopted 18 December 2019 (A/RES/74/127), para. 38."
    )
    assert text.endswith("/documents/A/RES/74/127/para/op38/")
    context.close()


@pytest.mark.django_db
def test_chart_text_is_readable_on_a_phone(site, browser, screenshot_dir):
    context = context_at(browser, 375)
    page = context.new_page()
    page.goto(site + "/series/violence-against-women-migrant-workers/")
    heights = page.locator("svg.chart text").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().height)")
    assert heights and min(heights) >= 10, heights
    # the legend's words do not run into each other
    legend = page.locator("svg.chart text").evaluate_all(
        "ts => ts.filter(t => t.getAttribute('y') === '15').map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right]; })"
    )
    assert all(a[1] <= b[0] for a, b in zip(legend, legend[1:])), legend
    page.locator("svg.chart").screenshot(path=str(screenshot_dir / "readers-chart-375.png"))
    context.close()


@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
def test_the_adoption_record_and_the_vote_filter(site, browser, screenshot_dir, width):
    context = context_at(browser, width)
    page = context.new_page()
    page.goto(site + "/documents/A/RES/80/185/#record")
    record = page.locator("#record")
    assert record.locator("details.vote-against li").count() == 3
    assert record.locator("details.vote-against").evaluate("e => e.open") is True  # short lists open
    assert record.locator("details.vote-in_favour li").first.is_hidden()  # 175 names folded
    record.locator("details.vote-in_favour summary").click()
    assert record.locator("details.vote-in_favour li").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    record.screenshot(path=str(screenshot_dir / f"readers-record-{width}.png"))
    page.goto(site + "/sessions/80/")
    page.fill("#state", "united states")
    page.select_option("#vote", "against")
    page.locator("form.vote-filter button").click()
    assert page.locator("table.session-docs tbody tr").count() == 1
    assert "United States of America voted against" in page.locator(".filter-result").inner_text()
    page.screenshot(path=str(screenshot_dir / f"readers-session-filter-{width}.png"))
    context.close()


@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
def test_error_page_and_instrument_mentions_render_at_both_widths(site, browser, screenshot_dir, width):
    context = context_at(browser, width)
    page = context.new_page()
    response = page.goto(site + "/documents/A/RES/99/9/")
    assert response.status == 404 and page.locator("main form[role=search]").is_visible()
    page.screenshot(path=str(screenshot_dir / f"readers-404-{width}.png"))
    page.goto(site + "/instruments/UNTS:2220:39481/#mentions")
    assert page.locator(".mention-list li").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(screenshot_dir / f"readers-mentions-{width}.png"))
    context.close()


AXE_PAGES = [
    "/documents/A/RES/80/185/",
    "/documents/A/RES/76/141/para/op5/",
    "/sessions/80/?state=Israel&vote=against",
    "/instruments/UNTS:2220:39481/",
    "/documents/A/RES/99/9/",
    "/search/?q=72/149",
    "/search/?q=%22migrant+domestic+workers%22",
    "/series/violence-against-women-migrant-workers/compare/?from=A/RES/62/132&to=A/RES/74/127",
]


@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violation(site, browser, width, path):
    context = context_at(browser, width)
    page = context.new_page()
    page.goto(site + path)
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")  # check what folds, unfolded
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in bad]
    context.close()
