"""The source report: what ingest said about each document's source, grouped, explained and located."""

import re

import pytest
from django.conf import settings

from archive.documents.source_report import LABELS

ARCHIVE = settings.BASE_DIR / "archive"


def test_every_anomaly_code_the_parsers_emit_has_a_label():
    emitted = set()
    for path in list((ARCHIVE / "parsing").glob("*.py")) + list((ARCHIVE / "ingest").glob("*.py")):
        emitted |= set(re.findall(r"anomaly\(\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8")))
    assert len(emitted) > 25
    assert emitted <= set(LABELS), emitted - set(LABELS)


@pytest.mark.django_db
def test_source_report_groups_explains_and_locates_the_damage(collection, client):
    response = client.get("/documents/A/72/215/source/")
    assert response.status_code == 200
    groups = {g.code: g for g in response.context["groups"]}
    report = collection["A/72/215"]
    assert response.context["total"] == len(report.anomalies)
    assert sum(len(g.entries) for g in groups.values()) == len(report.anomalies)
    # most consequential first: a missing footnote text before the bulk of inferred numbers
    order = [g.code for g in response.context["groups"]]
    assert (
        order.index("missing_footnote_text")
        < order.index("probable_misreading")
        < order.index("footnote_number_inferred")
    )
    cut = groups["incomplete_url"]
    assert [e.where for e in cut.entries][:2] == ["footnote 4", "footnote 10"] and len(cut.entries) == 8
    assert cut.entries[0].href == "/documents/A/72/215/#fn4"
    # a damaged word in a paragraph points at that paragraph, by source line
    tlo = next(e for e in groups["probable_misreading"].entries if "'TLO'" in e.message)
    anchor = tlo.href.split("#")[1]
    assert "TLO Domestic Workers Convention" in report.paragraphs.get(anchor=anchor).text
    html = response.content.decode()
    assert f'<a href="{tlo.href}">near {tlo.where}</a>' in html and "kept as printed" in html


@pytest.mark.django_db
def test_clean_source_says_so_and_document_pages_link_their_report(collection, client):
    html = client.get("/documents/A/RES/60/139/source/").content.decode()
    assert "No damage reported" in html
    page = client.get("/documents/A/RES/60/139/").content.decode()
    assert '<a href="/documents/A/RES/60/139/source/">none reported</a>' in page
    page = client.get("/documents/A/64/152/").content.decode()
    assert re.search(r'<a href="/documents/A/64/152/source/">\d+ anomalies reported at ingest</a>', page)
    assert client.get("/documents/A/RES/99/999/source/").status_code == 404


@pytest.mark.django_db
def test_a_symbol_with_a_space_has_its_pages(collection, client):
    """The UN corpus has symbols such as "A/RES/74/92 A-B": their pages must exist, not fail to link."""
    from archive.ingest.pipeline import run_ingest

    sample = ARCHIVE.parent / "fixtures" / "samples" / "A_RES_74_92_A-B.xml"  # from the UN corpus, 74/74_92.xml
    result = run_ingest([str(sample)])
    assert not result.errors
    symbol = result.outcomes[0].shown.doc.symbol
    assert " " in symbol
    for path in [f"/documents/{symbol}/", f"/documents/{symbol}/source/", "/sessions/74/"]:
        assert client.get(path).status_code == 200, path
    assert f'href="/documents/{symbol.replace(" ", "%20")}/"' in client.get("/sessions/74/").content.decode()


@pytest.mark.django_db
def test_the_source_page_names_every_language_versions_file_with_its_digest_size_and_anomalies(collection, client):
    import hashlib

    from django.utils.html import escape

    from archive.models import DocumentVersion

    response = client.get("/documents/A/RES/80/185/source/")
    assert response.status_code == 200
    files = response.context["files"]
    held = DocumentVersion.objects.filter(document__symbol="A/RES/80/185")
    assert [f.language.code for f in files] == ["en", "ar", "zh", "fr", "ru", "es"]
    assert {f.file for f in files[1:]} == {v.source_file for v in held} and len(held) == 5
    on_disk = {p.name: p.read_bytes() for p in (settings.BASE_DIR / "fixtures").rglob("*.xml")}
    html = response.content.decode()
    for f in files:
        data = on_disk[f.file]
        assert (f.digest, f.size) == (hashlib.sha256(data).hexdigest(), len(data)), f.file
        assert f.file in html and f.digest in html
    # each version's own anomalies, not the English ones: the Arabic's irregular marker brackets
    arabic = files[1]
    stored = held.get(language="ar").anomalies
    assert arabic.total == len(stored) > 0
    brackets = next(g for g in arabic.groups if g.code == "footnote_marker_brackets")
    assert brackets.entries[0].href.startswith("/documents/A/RES/80/185/?lang=ar#fn")
    assert 'id="ar-reported"' in html and escape(brackets.entries[0].message) in html
    assert not any(g.code == "footnote_marker_brackets" for g in files[0].groups)
