"""Footnotes resolved to instruments in the loaded collection, instrument pages and in-text links."""

import re

import pytest

from archive.citations.stats import TREATY_RE, citation_stats, format_source_stats, source_citation_stats
from archive.models import Citation, Footnote, Instrument

# Lists of the Member States and agencies that replied, and a definition: they cite nothing.
REMARKS = {("A/64/152", 1), ("A/64/152", 3), ("A/72/215", 1), ("A/72/215", 2), ("A/72/215", 5)}


def instrument_of(symbol, number, position=0):
    return Citation.objects.get(
        footnote__document__symbol=symbol, footnote__number=number, position=position
    ).instrument


@pytest.mark.django_db
def test_every_treaty_series_and_ibid_footnote_resolves_to_a_treaty(collection):
    checked = 0
    for f in Footnote.objects.filter(text_missing=False):
        if TREATY_RE.search(f.text):
            checked += 1
            assert f.citations.filter(instrument__kind="treaty").exists(), (f.document.symbol, f.number, f.text)
    assert checked == 68


@pytest.mark.django_db
def test_all_footnotes_that_cite_something_resolve_and_only_remarks_do_not(collection):
    stats = citation_stats()
    unresolved = {(s, n) for s, n, _ in stats["unresolved"]}
    assert unresolved == REMARKS
    total = sum(r["footnotes"] for r in stats["rows"])
    resolved = sum(r["resolved"] for r in stats["rows"])
    assert (total, resolved) == (273, 268)
    assert not stats["wrong_merges"]
    assert not Instrument.objects.filter(kind="other").exists()


def test_every_source_file_counted_as_parsed_without_the_database():
    # the scope of the table-driven tests: the six texts and the four AKN files (74/127 in both)
    stats = source_citation_stats()
    assert len(stats["rows"]) == 10
    total = sum(r["footnotes"] for r in stats["rows"])
    resolved = sum(r["resolved"] for r in stats["rows"])
    assert (total, resolved) == (308, 303)
    files = {"A/64/152": "fixtures/sources/A_64_152.txt", "A/72/215": "fixtures/sources/A_72_215.txt"}
    assert {(s, n) for s, n, _ in stats["unresolved"]} == {(files[s], n) for s, n in REMARKS}
    assert format_source_stats(stats).splitlines()[-1].split() == ["all", "308", "303", "98.4%"]


@pytest.mark.django_db
def test_websites_named_without_an_address_resolve_through_the_authority_file(collection, client):
    # A/64/152 fn 2: "... the multilateral treaties website of the Office of Legal Affairs and
    # the websites of the International Labour Organization and the United Nations Office on Drugs and Crime."
    cites = list(
        Citation.objects.filter(footnote__document__symbol="A/64/152", footnote__number=2).order_by("position")
    )
    assert [(c.instrument.kind, c.instrument.key, c.instrument.url) for c in cites] == [
        ("web", "web:treaties.un.org", "https://treaties.un.org"),
        ("web", "web:ilo.org", "https://www.ilo.org"),
        ("web", "web:unodc.org", "https://www.unodc.org"),
    ]
    assert [c.cited_key for c in cites][1] == "web:site:international-labour-organization"
    # a web page cited by its address alone is known by the address as printed, not by a key
    handbook = instrument_of("A/64/152", 4)
    assert (handbook.title, handbook.title_inferred) == ("http://www.un.org/womenwatch/daw/vaw/v-handbook.htm", False)
    html = client.get("/instruments/web:ilo.org/").content.decode()
    assert 'href="https://www.ilo.org"' in html and "web:site:international-labour-organization" in html  # alias seen
    assert 'href="/documents/A/64/152/' in html  # the citing paragraph


@pytest.mark.django_db
def test_aliases_join_one_instrument_and_2237_2241_stay_apart(collection):
    trafficking_60 = instrument_of("A/RES/60/139", 11)  # Resolution 55/25, annex II.
    trafficking_62 = instrument_of("A/RES/62/132", 9)  # Ibid., vol. 2237, No. 39574.
    smuggling_60 = instrument_of("A/RES/60/139", 12)  # Ibid., annex III.
    smuggling_62 = instrument_of("A/RES/62/132", 10)  # Ibid., vol. 2241, No. 39574.
    assert trafficking_60 == trafficking_62 and smuggling_60 == smuggling_62
    assert trafficking_60 != smuggling_60
    assert trafficking_60.key == "UNTS:2237:39574" and smuggling_60.key == "UNTS:2241:39574"
    assert {"A/RES/55/25/annex-II"} <= set(trafficking_60.aliases.values_list("key", flat=True))
    # the migrant workers convention: one record whatever the citation
    convention = instrument_of("A/RES/60/139", 10)
    assert {instrument_of(s, n) for s, n in [("A/RES/62/132", 8), ("A/RES/74/127", 20)]} == {convention}
    assert Citation.objects.filter(instrument=convention).values("footnote__document").distinct().count() == 7


@pytest.mark.django_db
def test_multi_instrument_footnote_keeps_each_citation_with_its_pinpoint(collection):
    cites = list(
        Citation.objects.filter(footnote__document__symbol="A/RES/74/127", footnote__number=9).order_by("position")
    )
    assert [c.cited_key for c in cites] == [
        "UNTS:2131:20378",
        "UNTS:2171:27531",
        "UNTS:2173:27531",
        "A/RES/66/138/annex",
    ]
    # resolution 66/138, annex is the communications protocol, registered in vol. 2983: one instrument
    assert [c.instrument.key for c in cites][-1] == "UNTS:2983:27531"
    cairo = Citation.objects.get(footnote__document__symbol="A/RES/60/139", footnote__number=3)
    assert cairo.instrument.key == "Sales:E.95.XIII.18" and cairo.pinpoint == "chap. I, resolution 1, annex"


@pytest.mark.django_db
def test_instrument_page_groups_citing_paragraphs_by_session(collection, client):
    html = client.get("/instruments/UNTS:2220:39481/").content.decode()
    assert re.findall(r'<h3 id="s\d+">Session (\d+)</h3>', html) == ["60", "62", "72", "74", "76", "78", "80"]
    summary = re.search(r'<p class="cited-summary">(.*?)</p>', html, re.S).group(1)
    assert (
        re.sub(r"<[^>]+>|\s+", " ", summary).split()
        == (
            "7 documents in 7 sessions: 60 , 62 , 72 , 74 , 76 , 78 , 80 . First cited in A/RES/60/139, footnote 10 ."
        ).split()
    )
    assert 'href="/documents/A/RES/60/139/#fn10"' in summary
    assert (
        '<a href="/documents/A/RES/74/127/#fn20">A/RES/74/127, footnote 20</a>' in html
    )  # each citing footnote, at its place
    # the paragraph in context shows the words just before the marker, where the instrument is named
    page = client.get("/instruments/UNTS:2237:39574/").content.decode()
    contexts = re.findall(r'<blockquote class="context">(.*?)</blockquote>', page, re.S)
    assert len(contexts) >= 6
    for context in contexts:
        before_marker = context.split('<sup class="fn-marker"')[0]
        assert (
            "Trafficking in Persons" in before_marker
            or "Trafficking Protocol" in before_marker
            or "trafficking" in before_marker.lower()
        ), context
    assert 'href="/documents/A/RES/60/139/para/op4/"' in html
    assert "https://treaties.un.org/doc/Publication/UNTS/Volume%202220/v2220.pdf" in html
    assert '<span title="A/RES/45/158/annex">A/RES/45/158, annex</span>' in html  # the alias seen, as cited


@pytest.mark.django_db
def test_instrument_index_filters_by_kind_and_sorts_by_citing_documents(collection, client):
    response = client.get("/instruments/?kind=treaty&sort=documents")
    instruments = list(response.context["instruments"])
    assert instruments and all(i.kind == "treaty" for i in instruments)
    counts = [i.documents for i in instruments]
    assert counts == sorted(counts, reverse=True) and counts[0] == 7
    by_title = [i.title for i in client.get("/instruments/?sort=title").context["instruments"]]
    assert by_title == sorted(by_title, key=str.lower)
    first = client.get("/instruments/?sort=first").context["instruments"]
    assert [i.first_session for i in first][:3] == [60, 60, 60]
    assert client.get("/instruments/?kind=bogus&sort=bogus").status_code == 200


@pytest.mark.django_db
def test_instrument_index_finds_by_name_number_or_alias_and_shows_identifiers(collection, client):
    def titles(q, **params):
        response = client.get("/instruments/", {"q": q, **params})
        assert response.status_code == 200
        return [i.title for i in response.context["instruments"]]

    trafficking = "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime"
    assert trafficking in titles("trafficking in persons")
    assert titles("2237") == [trafficking]  # by Treaty Series volume, in the key
    assert titles("55/25/annex-II") == [trafficking]  # by the alias it was cited under in 60/139
    # or as a footnote or this site writes it
    for written in [
        "A/RES/55/25, annex II",
        "Resolution 55/25, annex II",
        "vol. 2237, No. 39574",
        "United Nations, Treaty Series, vol. 2237, No. 39574",
    ]:
        assert titles(written) == [trafficking], written
    assert titles("Sales No. E.96.IV.13") == ["Beijing Declaration and Platform for Action"]
    narrowed = client.get("/instruments/", {"q": "TRAFFICKING", "kind": "resolution"}).context["instruments"]
    assert narrowed and trafficking not in [i.title for i in narrowed] and {i.kind for i in narrowed} == {"resolution"}
    assert titles("no such instrument anywhere") == []
    for hostile in ["\x00", "%", "_", "' OR 1=1 --", "a" * 5000]:
        assert client.get("/instruments/", {"q": hostile}).status_code == 200
    html = client.get("/instruments/", {"q": "2220"}).content.decode()
    assert "United Nations, Treaty Series, vol. 2220, No. 39481" in html
    assert '<a href="/sessions/60/">60</a>' in html and '<a href="/sessions/80/">80</a>' in html
    # a document the archive does not hold has one page, at its symbol; its instrument address leads there
    response = client.get("/instruments/A/RES/48/104/", follow=True)
    assert response.redirect_chain == [("/documents/A/RES/48/104/", 301)]
    assert "<dd>A/RES/48/104</dd>" in response.content.decode()


def test_identifiers_read_as_citations_write_them():
    from archive.citations.authority import citation_form as identifier_of

    assert identifier_of("UNTS:2241:39574") == "United Nations, Treaty Series, vol. 2241, No. 39574"
    assert identifier_of("LNTS:60:1414") == "League of Nations, Treaty Series, vol. 60, No. 1414"
    assert identifier_of("A/RES/55/25/annex-II") == "A/RES/55/25, annex II"
    assert identifier_of("A/RES/S-23/2/annex") == "A/RES/S-23/2, annex"
    assert identifier_of("Sales:E.95.XIII.18") == "Sales No. E.95.XIII.18"
    assert identifier_of("E/CN.4/2005/85") == "E/CN.4/2005/85"
    assert identifier_of("web:ilo.org") == "ilo.org"
    assert identifier_of("pub:women-in-war") == identifier_of("web:site:ilo") == ""


@pytest.mark.django_db
def test_symbols_in_paragraph_text_link_to_the_archive_or_undocs(collection, client):
    html = client.get("/documents/A/64/152/").content.decode()
    assert '<a class="cited" href="/documents/A/RES/62/132/" title="A/RES/62/132 in the archive">62/132</a>' in html
    assert (
        '<a class="cited" href="https://undocs.org/A/HRC/11/7/Add.2" title="A/HRC/11/7/Add.2 on undocs.org">A/HRC/11/7/Add.2</a>'
        in html
    )


@pytest.mark.django_db
def test_the_paragraph_requesting_the_next_report_links_to_it_and_back(collection, client):
    html = client.get("/documents/A/RES/62/132/").content.decode()
    assert (
        '<a class="cited" href="/documents/A/64/152/" title="The report: A/64/152">at its sixty-fourth session</a>'
        in html
    )
    report = client.get("/documents/A/64/152/").content.decode()
    assert '<dt>Answers</dt><dd><a href="/documents/A/RES/62/132/">A/RES/62/132</a></dd>' in report


@pytest.mark.django_db
def test_cited_document_held_by_the_archive_links_its_instrument_record(collection):
    # A/72/215 cites General Assembly resolution 70/1 (not held) and its series' reports are held
    held = Instrument.objects.exclude(document=None)
    for instrument in held:
        assert instrument.document.symbol == instrument.key


def test_an_absurdly_long_footnote_is_read_in_part_and_reported():
    from archive.citations.resolve import MAX_FOOTNOTE_CHARS, resolve_document
    from archive.parsing.document import FootnoteRef, ParsedDocument, ParsedFootnote, ParsedParagraph

    doc = ParsedDocument(source="t", format="test", kind="resolution")
    doc.paragraphs.append(ParsedParagraph("operative", "Urges States;", number="1", refs=[FootnoteRef(1, 13)]))
    doc.footnotes.append(ParsedFootnote(1, "A/62/177. " + "A/64/152; " * 100_000, line=7))
    cites = resolve_document(doc)[1]
    assert cites[0].key == "A/62/177"
    assert len(cites) <= MAX_FOOTNOTE_CHARS // len("A/64/152; ") + 1
    assert [a.code for a in doc.anomalies] == ["footnote_too_long"] and doc.anomalies[0].line == 7


@pytest.mark.django_db
def test_migration_retitles_web_pages_loaded_under_their_key():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("archive.migrations.0003_web_instrument_titles")
    old = Instrument.objects.create(
        key="web:example.org/a", kind="web", title="web:example.org/a", title_inferred=True, url="http://example.org/a"
    )
    titled = Instrument.objects.create(key="web:example.org/b", kind="web", title="A page", url="http://example.org/b")
    migration.title_by_address(apps, None)
    old.refresh_from_db(), titled.refresh_from_db()
    assert (old.title, old.title_inferred) == ("http://example.org/a", False)
    assert titled.title == "A page"


@pytest.mark.django_db
def test_works_available_online_and_addresses_cut_in_the_source(collection):
    amnesty = instrument_of("A/72/215", 27)
    assert (amnesty.kind, amnesty.title, amnesty.url) == (
        "publication",
        "Invisible victims: migrants on the move in Mexico",
        "http://www.amnestyusa.org/files/amr410142010eng.pdf",
    )
    # no recognisable title: the reference as printed stands in, marked as not the work's own title
    interviews = instrument_of("A/72/215", 28)
    assert interviews.kind == "publication" and interviews.title_inferred
    assert (
        interviews.title
        == "JOM, Key informant interviews on women and children migrants in Libya conducted in Tunis, 26 and 27 September 2016"
    )
    # an address the source cut is shown as printed and not linked: a broken link is worse than none
    iom = instrument_of("A/72/215", 50)
    assert (iom.kind, iom.url) == ("web", "")
    assert iom.title == "https://publications.iom.int/system/files/pdf/labour exploitation_trafficking en.pdf"
    book = instrument_of("A/72/215", 16)
    assert (book.kind, book.title, book.url) == ("publication", "The Criminalization of Migrant Women", "")
    garbled = Citation.objects.get(
        footnote__document__symbol="A/72/215", footnote__number=7, instrument__kind="web"
    ).instrument
    assert garbled.url == "" and garbled.title.endswith("-%?20web.pdf")
    assert any(
        a["code"] == "garbled_url" and a["message"].startswith("footnote 7:")
        for a in Footnote.objects.get(document__symbol="A/72/215", number=7).document.anomalies
    )
    # a resolution no one titles is named by what its key says, and marked so
    hrc = instrument_of("A/72/215", 45)
    assert (hrc.title, hrc.title_inferred) == ("Human Rights Council resolution 29/14", True)
    report = Footnote.objects.get(document__symbol="A/72/215", number=1).document
    cut = [a for a in report.anomalies if a["code"] == "incomplete_url"]
    assert [int(re.match(r"footnote (\d+):", a["message"]).group(1)) for a in cut] == [4, 10, 16, 23, 29, 34, 40, 50]
    assert all(a.get("line") for a in cut)
