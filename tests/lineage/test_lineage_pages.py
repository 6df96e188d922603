"""Lineage stored at ingest, and the series, compare and history pages."""

import re

import pytest

from archive.ingest.lineage import update_lineage
from archive.models import Alignment, Paragraph, ParagraphLink

SERIES = "/series/violence-against-women-migrant-workers/"
ORDER = ["A/RES/60/139", "A/RES/62/132", "A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"]


@pytest.mark.django_db
def test_each_resolution_is_aligned_with_the_previous_one(collection):
    pairs = [(a.old.symbol, a.new.symbol) for a in Alignment.objects.select_related("old", "new").order_by("new__session")]
    assert pairs == list(zip(ORDER, ORDER[1:]))
    for a in Alignment.objects.all():
        old_n = a.old.paragraphs.body().count()
        new_n = a.new.paragraphs.body().count()
        links = ParagraphLink.objects.filter(alignment=a)
        # every paragraph of both resolutions is accounted for
        assert set(links.exclude(old_paragraph=None).values_list("old_paragraph", flat=True)) == set(a.old.paragraphs.body().values_list("id", flat=True))
        assert set(links.exclude(new_paragraph=None).values_list("new_paragraph", flat=True)) == set(a.new.paragraphs.body().values_list("id", flat=True))
        assert old_n and new_n


@pytest.mark.django_db
def test_rerunning_does_not_recompute_alignments(collection):
    ids = list(Alignment.objects.values_list("id", flat=True))
    assert update_lineage() == 0
    assert list(Alignment.objects.values_list("id", flat=True)) == ids


@pytest.mark.django_db
def test_sham_marriages_paragraph_first_appeared_in_60_139(collection):
    latest = Paragraph.objects.get(document__symbol="A/RES/80/185", opening="Realizing")
    assert latest.origin.document.symbol == "A/RES/60/139"
    assert latest.origin.opening == "Realizing"


@pytest.mark.django_db
def test_history_page_lists_every_version_with_diffs(collection, client):
    p = Paragraph.objects.get(document__symbol="A/RES/80/185", opening="Realizing")
    html = client.get(f"/documents/A/RES/80/185/para/{p.anchor}/history/").content.decode()
    assert re.findall(r'data-symbol="([^"]+)"', html) == ORDER
    assert "First appeared in" in html and "A/RES/60/139, preambular para." in html
    # 62/132 -> 74/127 changed "among other things" into "inter alia"
    assert "<del>among other things,</del>" in html or "<del>among other things</del>" in html
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
    listed = re.findall(r'<li class="series-\w+"><a href="/documents/([^"]+)/">', html)
    assert listed == ["A/RES/60/139", "A/RES/62/132", "A/64/152", "A/72/215", "A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"]
    assert "<svg" in html and "Paragraphs kept, amended, new and dropped" in html


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
    assert "First appeared in A/RES/60/139" in realizing.inner_text()
    realizing.locator("a.history-link").click()
    assert "/history/" in page.url
    assert page.locator("li.version").count() == 6
    assert page.locator("li.version del").count() >= 1
    page.screenshot(path=str(screenshot_dir / "history-1280.png"))
