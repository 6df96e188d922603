"""Lineage stored at ingest, and the series, compare and history pages."""

import re

import pytest

from archive.lineage.store import update_lineage
from archive.models import Alignment, Paragraph, ParagraphLink

SERIES = "/series/violence-against-women-migrant-workers/"
ORDER = ["A/RES/60/139", "A/RES/62/132", "A/RES/72/149", "A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"]
NOT_HELD_62_72 = ["64/139", "66/128", "68/137", "70/130"]


@pytest.mark.django_db
def test_each_resolution_is_aligned_with_the_previous_one(collection):
    pairs = [
        (a.old.symbol, a.new.symbol) for a in Alignment.objects.select_related("old", "new").order_by("new__session")
    ]
    assert pairs == list(zip(ORDER, ORDER[1:]))
    for a in Alignment.objects.all():
        old_n = a.old.paragraphs.body().count()
        new_n = a.new.paragraphs.body().count()
        links = ParagraphLink.objects.filter(alignment=a)
        # every paragraph of both resolutions is accounted for
        assert set(links.exclude(old_paragraph=None).values_list("old_paragraph", flat=True)) == set(
            a.old.paragraphs.body().values_list("id", flat=True)
        )
        assert set(links.exclude(new_paragraph=None).values_list("new_paragraph", flat=True)) == set(
            a.new.paragraphs.body().values_list("id", flat=True)
        )
        assert old_n and new_n


@pytest.mark.django_db
def test_rerunning_does_not_recompute_alignments(collection):
    ids = list(Alignment.objects.values_list("id", flat=True))
    assert update_lineage() == 0
    assert list(Alignment.objects.values_list("id", flat=True)) == ids


@pytest.mark.django_db
def test_sham_marriages_paragraph_first_appeared_in_60_139(collection):
    latest = Paragraph.objects.get(document__symbol="A/RES/80/185", opening="Realizing")
    assert latest.lineage_origin.origin.document.symbol == "A/RES/60/139"
    assert latest.lineage_origin.origin.opening == "Realizing"


@pytest.mark.django_db
def test_history_page_lists_every_version_with_diffs(collection, client):
    p = Paragraph.objects.get(document__symbol="A/RES/80/185", opening="Realizing")
    html = client.get(f"/documents/A/RES/80/185/para/{p.anchor}/history/").content.decode()
    assert re.findall(r'data-symbol="([^"]+)"', html) == ORDER
    assert "Earliest version in the archive" in html and "A/RES/60/139, preambular para." in html
    assert "the series began in the early 1990s" in html  # the origin is only the earliest held version
    # 62/132 -> 72/149 changed "among other things" into "inter alia", across four resolutions not held
    assert "<del>among other things,</del>" in html or "<del>among other things</del>" in html
    gaps = re.findall(r'<p class="gap-notice" role="note">(.*?)</p>', html)
    assert len(gaps) == 1 and "64/139, 66/128, 68/137 and 70/130 are not in the archive" in gaps[0]
    newest = client.get(f"/documents/A/RES/80/185/para/{p.anchor}/history/?order=newest").content.decode()
    assert re.findall(r'data-symbol="([^"]+)"', newest) == ORDER[::-1]


@pytest.mark.django_db
def test_compare_any_two_resolutions_with_counts_and_a_changes_filter(collection, client):
    response = client.get(SERIES + "compare/?from=A/RES/60/139&to=A/RES/80/185")
    html = response.content.decode()
    counts = {s: int(n) for s, n in re.findall(r'<span class="count" data-status="(\w+)">(\d+)</span>', html)}
    rows = re.findall(r'<tr class="row-(\w+)" data-status', html)
    for status in ("unchanged", "amended", "new", "dropped"):
        assert counts[status] == rows.count(status), status
    assert counts["new"] > 50  # fourteen years of negotiation
    only = client.get(SERIES + "compare/?from=A/RES/60/139&to=A/RES/80/185&changes=1").content.decode()
    only_rows = re.findall(r'<tr class="row-(\w+)" data-status', only)
    assert "unchanged" not in only_rows and len(only_rows) == len(rows) - rows.count("unchanged")


@pytest.mark.django_db
def test_series_page_lists_resolutions_and_reports_and_charts_changes(collection, client):
    html = client.get(SERIES).content.decode()
    held = re.findall(r'<li class="series-\w+" data-held="true">\s*<a href="/documents/([^"]+)/">', html)
    assert held == [
        "A/RES/60/139",
        "A/RES/62/132",
        "A/64/152",
        "A/72/215",
        "A/RES/72/149",
        "A/RES/74/127",
        "A/RES/76/141",
        "A/RES/78/180",
        "A/RES/80/185",
    ]
    assert "<svg" in html and "Paragraphs kept, amended, new and dropped" in html
    assert "62/132→72/149" in html  # the step across the gap is labelled with both ends


@pytest.mark.browser
def test_compare_and_history_in_chromium(site, page, screenshot_dir):
    page.goto(site + SERIES + "compare/?from=A/RES/78/180&to=A/RES/80/185")
    amended = page.locator("tr[data-status=amended]").first
    assert amended.locator("del").count() >= 1 and amended.locator("ins").count() >= 1
    page.locator("input[name=changes]").check()
    page.locator("form.compare-form button").click()
    assert "changes=1" in page.url
    assert page.locator("tr[data-status=unchanged]").count() == 0
    page.screenshot(path=str(screenshot_dir / "compare-1280.png"))
    page.goto(site + "/documents/A/RES/80/185/")
    realizing = page.locator(".para-preambular", has_text="sham marriages")
    assert "Earliest version in the archive: A/RES/60/139" in realizing.inner_text()
    realizing.locator("a.history-link").click()
    assert "/history/" in page.url
    assert page.locator("li.version").count() == 7
    # the step from 62/132 to 72/149 says which resolutions it passes over
    across = page.locator("li.version[data-symbol='A/RES/72/149'] .gap-notice")
    assert "64/139, 66/128, 68/137 and 70/130 are not in the archive" in across.inner_text()
    assert page.locator("li.version del").count() >= 1
    page.screenshot(path=str(screenshot_dir / "history-1280.png"))


# --- the series truth: members held or not, gaps, truthful origins --------------------------


@pytest.mark.django_db
def test_registry_members_held_or_not_with_sources(collection):
    from archive.models import SeriesMember

    members = list(SeriesMember.objects.filter(series__slug="violence-against-women-migrant-workers").in_order())
    resolutions = [(m.symbol, m.held) for m in members if m.kind == "resolution"]
    assert resolutions == [
        ("A/RES/60/139", True),
        ("A/RES/62/132", True),
        ("A/RES/64/139", False),
        ("A/RES/66/128", False),
        ("A/RES/68/137", False),
        ("A/RES/70/130", False),
        ("A/RES/72/149", True),
        ("A/RES/74/127", True),
        ("A/RES/76/141", True),
        ("A/RES/78/180", True),
        ("A/RES/80/185", True),
    ]
    by_symbol = {m.symbol: m for m in members if m.symbol}
    # facts the held texts give are recorded with where they come from
    assert by_symbol["A/RES/72/149"].takes_note_of == "A/72/215"
    assert any("text of A/RES/72/149" in s for s in by_symbol["A/RES/72/149"].sources["takes_note_of"])
    assert by_symbol["A/72/215"].answers == "A/RES/70/130"
    assert any("text of A/72/215" in s for s in by_symbol["A/72/215"].sources["answers"])
    assert by_symbol["A/RES/80/185"].requests_session == 82
    # a date known only to the year is the year; a report whose symbol is unknown is named by its session
    assert (by_symbol["A/RES/70/130"].adopted, by_symbol["A/RES/70/130"].date_display) == (None, "2015")
    unknown = [m for m in members if m.kind == "report" and not m.symbol]
    assert [m.session for m in unknown] == [66, 68, 82]
    assert unknown[0].name == "report of the Secretary-General to the 66th session"


@pytest.mark.django_db
def test_origins_never_chain_through_weak_links(collection):
    from archive.lineage.align import LINK_MIN, _prep, _Similarity

    assert (
        ParagraphLink.objects.exclude(old_paragraph=None)
        .exclude(new_paragraph=None)
        .filter(similarity__lt=LINK_MIN)
        .count()
        == 0
    )
    pp19 = Paragraph.objects.get(document__symbol="A/RES/80/185", anchor="pp19")
    origin = pp19.lineage_origin.origin
    assert (origin.document.symbol, origin.anchor) == ("A/RES/72/149", "pp14")
    # no paragraph of 80/185 whose origin is 74/127 has a counterpart of similarity >= T in 72/149
    p72 = list(Paragraph.objects.body().filter(document__symbol="A/RES/72/149").order_by("position"))
    p74 = list(Paragraph.objects.body().filter(document__symbol="A/RES/74/127").order_by("position"))
    sim = _Similarity([_prep(p) for p in p72], [_prep(p) for p in p74])
    index = {p.id: j for j, p in enumerate(p74)}
    from_74 = Paragraph.objects.filter(
        document__symbol="A/RES/80/185", lineage_origin__origin__document__symbol="A/RES/74/127"
    ).with_origin()
    assert 0 < from_74.count() < 20
    for p in from_74:
        assert max(sim.score(i, index[p.origin_id]) for i in range(len(p72))) < LINK_MIN, p.anchor


@pytest.mark.django_db
def test_series_page_names_the_members_not_held_with_their_official_copies(collection, client):
    html = client.get(SERIES).content.decode()
    notice = re.search(r'<div class="gap-notice" role="note">(.*?)</div>', html, re.S).group(1)
    for number in NOT_HELD_62_72:
        assert f'<a class="not-held" href="/documents/A/RES/{number}/">{number}</a>' in notice
        item = re.search(
            rf'<li class="series-resolution series-not-held" data-held="false">(?:(?!</li>).)*A/RES/{number}(?:(?!</li>).)*</li>',
            html,
            re.S,
        )
        assert item and f'href="https://undocs.org/A/RES/{number}"' in item.group(0)
    assert "report of the Secretary-General to the 66th session" in html.replace("Report", "report")
    assert "not yet issued" in html


@pytest.mark.django_db
def test_a_member_not_held_has_a_page_listing_what_cites_it(collection, client):
    response = client.get("/documents/A/RES/70/130/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The archive does not hold the text of A/RES/70/130" in html
    assert 'href="https://undocs.org/A/RES/70/130"' in html
    assert 'href="/documents/A/72/215/para/p1/"' in html  # "In its resolution 70/130 ..." names it in its text
    assert "Violence against women migrant workers" in html
    # a cited instrument that is a document not held: one page, the instrument address redirects to it
    cited = client.get("/instruments/A/RES/48/104/")
    assert cited.status_code == 301 and cited["Location"] == "/documents/A/RES/48/104/"
    page = client.get("/documents/A/RES/48/104/").content.decode()
    assert "Declaration on the Elimination of Violence against Women" in page and "footnote" in page
    # an address the archive knows nothing of is a styled 404
    missing = client.get("/documents/A/RES/99/1/")
    assert missing.status_code == 404 and b'type="search"' in missing.content


@pytest.mark.django_db
def test_reports_and_resolutions_linked_both_ways_held_or_not(collection, client):
    report = client.get("/documents/A/72/215/").content.decode()
    answers = re.search(r"<dt>Answers</dt><dd>(.*?)</dd>", report, re.S).group(1)
    assert 'href="/documents/A/RES/70/130/"' in answers and "not in the archive" in answers
    noted = re.search(r"<dt>Taken note of in</dt><dd>(.*?)</dd>", report, re.S).group(1)
    assert 'href="/documents/A/RES/72/149/"' in noted
    resolution = client.get("/documents/A/RES/72/149/").content.decode()
    assert 'href="/documents/A/72/215/"' in re.search(r"<dt>Takes note of</dt><dd>(.*?)</dd>", resolution, re.S).group(
        1
    )
    requests = re.search(r"<dt>Requests</dt><dd>(.*?)</dd>", resolution, re.S).group(1)
    assert "74th session" in requests and "A/74/235" in requests and "not in the archive" in requests


@pytest.mark.django_db
def test_document_page_marks_each_paragraph_against_the_previous_held_member(collection, client):
    html = client.get("/documents/A/RES/72/149/").content.decode()
    changes = re.findall(r'<span class="lineage lineage-(\w+)" data-change', html)
    body = Paragraph.objects.body().filter(document__symbol="A/RES/72/149").count()
    assert len(changes) == body and {"new", "amended"} <= set(changes)
    # after the gap, "new" is new since 62/132, with the gap said
    assert 'New since <a href="/documents/A/RES/62/132/">A/RES/62/132</a>' in html
    assert "(4 resolutions between are not in the archive)" in html
    assert "Compare with the previous resolution (A/RES/62/132)" in html
    nav = re.sub(r"<[^>]+>", "", re.search(r'<nav class="series-nav".*?</nav>', html, re.S).group(0))
    assert "Between them: 64/139, 66/128, 68/137 and 70/130 are not in the archive." in nav
    # 80/185 follows 78/180 directly: no gap said
    latest = client.get("/documents/A/RES/80/185/").content.decode()
    assert "resolutions between are not in the archive" not in latest


@pytest.mark.django_db
def test_compare_across_a_gap_says_so_and_counts_editorial_changes_apart(collection, client):
    html = client.get(SERIES + "compare/?from=A/RES/62/132&to=A/RES/72/149").content.decode()
    assert "Not consecutive resolutions" in html and "not one resolution's changes" in html
    consecutive = client.get(SERIES + "compare/?from=A/RES/78/180&to=A/RES/80/185").content.decode()
    assert "Not consecutive resolutions" not in consecutive
    editorial = int(re.search(r'<span class="count" data-change="editorial">(\d+)</span>', consecutive).group(1))
    assert editorial >= 1
    substantive = client.get(SERIES + "compare/?from=A/RES/78/180&to=A/RES/80/185&substantive=1").content.decode()
    assert 'data-change="editorial"' not in re.sub(r'<span class="count" data-change="editorial">', "", substantive)


@pytest.mark.django_db
def test_api_lineage_and_series_members(collection, client):
    data = client.get("/api/documents/A/RES/72/149/").json()
    by_anchor = {p["anchor"]: p for p in data["paragraphs"]}
    pp14 = by_anchor["pp14"]["lineage"]
    assert pp14["origin"] == {"symbol": "A/RES/72/149", "anchor": "pp14"} and pp14["previous"] is None
    assert pp14["missing_before"] == ["A/RES/64/139", "A/RES/66/128", "A/RES/68/137", "A/RES/70/130"]
    amended = [p["lineage"]["previous"] for p in data["paragraphs"] if p["lineage"] and p["lineage"]["previous"]]
    assert amended and all(0.35 <= step["similarity"] <= 1 and step["symbol"] == "A/RES/62/132" for step in amended)
    assert {step["change"] for step in amended} <= {
        "unchanged",
        "editorial",
        "opening",
        "amended",
        "split",
        "merged",
        "moved",
    }
    pp19 = next(p for p in client.get("/api/documents/A/RES/80/185/").json()["paragraphs"] if p["anchor"] == "pp19")
    assert pp19["lineage"]["origin"] == {"symbol": "A/RES/72/149", "anchor": "pp14"}
    assert pp19["lineage"]["missing_before"] == []
    series = client.get("/api/series/violence-against-women-migrant-workers/").json()
    held = {m["symbol"]: m["held"] for m in series["members"] if m["symbol"]}
    assert held["A/RES/70/130"] is False and held["A/RES/72/149"] is True
    report = next(m for m in series["members"] if m["symbol"] == "A/72/215")
    assert report["answers"] == "A/RES/70/130" and report["taken_note_of_by"] == "A/RES/72/149"
    listing = client.get("/api/series/").json()
    assert listing["count"] == 1 and listing["results"][0]["held_count"] == 9


@pytest.mark.browser
def test_gap_notice_leads_to_a_not_held_page_with_its_official_link(site, page, screenshot_dir):
    page.goto(site + SERIES)
    page.locator(".gap-notice a.not-held", has_text="70/130").click()
    assert page.url.endswith("/documents/A/RES/70/130/")
    assert page.locator("h1").inner_text() == "Violence against women migrant workers"
    official = page.locator("a.official").first
    assert official.get_attribute("href") == "https://undocs.org/A/RES/70/130"  # no outside request is made
    assert page.locator(".mention-list a.citing-paragraph", has_text="A/72/215").count() >= 1
    page.screenshot(path=str(screenshot_dir / "not-held-1280.png"))


@pytest.mark.django_db
def test_the_registry_keeps_a_member_in_its_series_whatever_its_title(collection):
    from archive.models import Document, SeriesMember
    from archive.series.store import update_series

    doc = Document.objects.get(symbol="A/RES/76/141")
    Document.objects.filter(pk=doc.pk).update(series=None, title="Women migrant workers: violence")
    update_series()
    doc.refresh_from_db()
    assert doc.series.slug == "violence-against-women-migrant-workers"
    assert SeriesMember.objects.get(symbol="A/RES/76/141").document_id == doc.id
