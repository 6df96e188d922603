"""Reading the archive in Chromium: pages, footnotes and back-links, contents, screenshots, accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "/",
    "session": "/sessions/74/",
    "resolution": "/documents/A/RES/74/127/",
    "report": "/documents/A/64/152/",
    "permalink": "/documents/A/RES/74/127/para/op38/",
    "instrument": "/instruments/UNTS:2220:39481/",
    "instruments": "/instruments/?q=convention",
    "source": "/documents/A/72/215/source/",
    "search": "/search/?q=%22migrant+domestic+workers%22",
    "series": "/series/violence-against-women-migrant-workers/",
    "compare": "/series/violence-against-women-migrant-workers/compare/?from=A/RES/62/132&to=A/RES/74/127",
    "history": "/documents/A/RES/80/185/para/pp22/history/",
}

pytestmark = pytest.mark.browser


@pytest.mark.django_db
def test_pages_render_and_are_saved_at_phone_and_desktop_widths(site, browser, screenshot_dir):
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in PAGES.items():
            response = page.goto(site + path)
            assert response.status == 200, path
            assert page.locator("h1").count() == 1, path
            # nothing wider than the viewport: no horizontal scrolling on a phone
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, width)
            page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=False)
        context.close()


@pytest.mark.django_db
def test_resolution_page_follow_a_marker_and_its_back_link(site, page):
    page.goto(site + "/documents/A/RES/74/127/")
    assert page.locator(".para-preambular").count() == 41
    assert page.locator(".para-operative").count() == 43
    assert page.locator(".para-subparagraph").count() == 4
    assert page.locator("#op38 .opening").inner_text() == "Calls upon"
    # footnote 18 is referenced twice: two markers, two back-links
    assert page.locator("sup.fn-marker a[href='#fn18']").count() == 2
    assert page.locator("#fn18 a.backref").count() == 2
    page.locator("#op38 sup.fn-marker a").first.click()
    assert page.url.endswith("#fn36")
    assert page.locator("#fn36").is_visible()
    assert "Vienna Convention on Consular Relations" in page.locator("#fn36").inner_text()
    page.locator("#fn36 a.backref").click()
    assert page.url.endswith("#fnref36")
    assert page.evaluate("document.getElementById('fnref36').closest('.para').id") == "op38"


@pytest.mark.django_db
def test_table_of_contents_of_a_report_reaches_its_sections(site, page):
    page.goto(site + "/documents/A/64/152/")
    toc = page.locator("nav.toc a")
    labels = [toc.nth(i).inner_text() for i in range(toc.count())]
    assert "I. Introduction" in labels and "IV. Conclusions and recommendations" in labels
    # nested as printed: I. > A. > 1., each entry indented under its parent, no list numbers of its own
    x = {label: toc.nth(i).bounding_box()["x"] for i, label in enumerate(labels)}
    assert x["I. Introduction"] < x["A. International instruments"] < x["1. Resolutions and recommendations"]
    assert page.locator("nav.toc li").first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    page.goto(site + "/documents/A/72/215/")  # unnumbered subsections sit under their numbered section

    def left(text):
        return page.locator("nav.toc a", has_text=text).first.bounding_box()["x"]

    assert left("IV. Measures reported by Member States") < left("International instruments") == left("Legislation")
    page.goto(site + "/documents/A/64/152/")
    page.locator("nav.toc a", has_text="IV. Conclusions and recommendations").click()
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{anchor}").inner_text().startswith("IV.")
    assert page.locator("#p45").is_visible() or page.locator("#p45").count() == 1
    # the report links back to the resolution it answers
    page.locator(".meta .member-link a", has_text="A/RES/62/132").click()
    assert page.url.endswith("/documents/A/RES/62/132/")


@pytest.mark.django_db
def test_permalink_page_shows_paragraph_footnotes_instruments_and_neighbours(site, page):
    page.goto(site + "/documents/A/RES/60/139/para/op4/")
    assert page.locator("h1").inner_text() == "A/RES/60/139, para. 4"
    assert page.locator(".para .opening").inner_text() == "Acknowledges with appreciation"
    assert page.locator(".footnotes li").count() == 1
    assert (
        page.locator(".footnotes a.instrument")
        .inner_text()
        .startswith("International Convention on the Protection of the Rights of All Migrant Workers")
    )
    assert page.locator("a[rel=prev]").inner_text() == "← para. 3"
    assert page.locator("a[rel=next]").inner_text() == "para. 5 →"


@pytest.mark.django_db
def test_footnote_on_60_139_leads_to_the_convention_and_on_to_74_127(site, page):
    page.goto(site + "/documents/A/RES/60/139/")
    page.locator("#op4 sup.fn-marker a").click()
    assert page.url.endswith("#fn10")
    page.locator("#fn10 a.instrument").click()
    assert "/instruments/UNTS:2220:39481/" in page.url
    assert (
        page.locator("h1").inner_text()
        == "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families"
    )
    sessions = page.locator("section.cited-session h3")
    assert sessions.first.inner_text() == "Session 60"
    page.locator("a.citing-paragraph", has_text="A/RES/74/127").first.click()
    assert "/documents/A/RES/74/127/para/" in page.url
    assert "Members of Their Families" in page.locator(".para .text").inner_text()


@pytest.mark.django_db
def test_search_type_filter_open_hit_and_land_on_the_paragraph(site, page):
    page.goto(site + "/")
    page.locator("#site-q").fill('"sham marriages"')
    page.locator("#site-q").press("Enter")

    # identical texts are one hit that names the others: every matching paragraph is on the page
    def shown():
        return page.locator(".hit").count() + page.locator(".same-text a").count()

    assert shown() == 7 and page.locator(".hit").count() < 7
    page.locator("details.filter-panel summary").click()  # the filters are folded until asked for
    page.locator("select#id_doc_kind").select_option("resolution")
    page.locator("#id_session_from").fill("70")
    page.locator("fieldset.filters button").click()
    assert "session_from=70" in page.url
    assert shown() == 5  # 72, 74, 76, 78, 80
    first = page.locator("a.hit-link").first
    target = first.get_attribute("href").split("#")[1]
    first.click()
    assert page.url.endswith("#" + target)
    para = page.locator(f"#{target}")
    assert "sham marriages" in para.inner_text()
    assert para.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 248, 214)"  # :target highlight


@pytest.mark.django_db
def test_reading_works_with_javascript_off(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/search/?q=firewalls")
    assert page.locator(".hit").count() >= 1
    page.goto(site + "/documents/A/RES/74/127/")
    assert page.locator("button.copy-cite:visible").count() == 0  # an enhancement only
    page.locator("#pp1 details.cite summary").click()  # a disclosure: no script needed
    assert page.locator("#pp1 .cite-formal").inner_text().endswith("(A/RES/74/127), preambular para. 1")
    context.close()


@pytest.mark.django_db
def test_keyboard_alone_reaches_search_and_content(site, page):
    page.goto(site + "/documents/A/RES/74/127/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.url.endswith("#main")
    focusable = page.evaluate(
        "Array.from(document.querySelectorAll('a[href], button:not([hidden]), input, select')).filter(e => e.tabIndex >= 0).length"
    )
    assert focusable > 100


@pytest.mark.parametrize(
    "name",
    ["home", "resolution", "report", "search", "instrument", "instruments", "source", "series", "compare", "history"],
)
@pytest.mark.django_db
def test_no_serious_or_critical_accessibility_violations(site, page, name):
    page.goto(site + PAGES[name])
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in bad]


def test_print_layout_keeps_numbers_italics_and_footnotes_and_drops_the_chrome(site, page, screenshot_dir):
    page.goto(site + "/documents/A/RES/74/127/")
    page.emulate_media(media="print")
    assert page.locator("header.site-header").is_hidden()
    assert page.locator(".doc-side").is_hidden()
    assert page.locator(".para-tools").first.is_hidden()
    assert page.locator("#op38 .num").is_visible() and page.locator("#op38 .num").inner_text() == "38."
    assert page.locator("#op38 em.opening").evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    footnotes_top = page.locator("#footnotes").bounding_box()["y"]
    last_para_top = page.locator("#op43").bounding_box()["y"]
    assert footnotes_top > last_para_top  # footnotes at the end
    page.pdf(path=str(screenshot_dir / "A_RES_74_127-print.pdf"))
