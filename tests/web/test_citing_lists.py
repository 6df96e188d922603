"""The citing lists paged in the database, on a small corpus made here: every citing footnote and
every text mention on exactly one page, in reading order; the counts and the session links right
whatever the page; the queries of an instrument's page and of a not-held document's page fixed,
however many documents cite it; and the redirect to a not-held document's page keeps the query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import archive.pages.citing
from archive.models import Citation, Document, Footnote, FootnoteReference, Instrument, Mention, Paragraph

pytestmark = pytest.mark.django_db

TREATY = "TEST:CITED:1"
UNHELD = "A/RES/99/1"  # a resolution the archive does not hold, cited and named
NAME = "Convention on Testing"
TEXT = f"Recalling the {NAME} and resolution {UNHELD}, and all other relevant instruments of the matter,"


def make_citing(first: int, count: int) -> list[Document]:
    """``count`` documents (three to a session, sessions 91 onwards), each citing the treaty and the
    unheld resolution in its first footnote (the treaty twice, at two pinpoints: two entries), the
    resolution's annex in its second, and naming both in its text."""
    treaty, _ = Instrument.objects.get_or_create(key=TREATY, defaults={"kind": "treaty", "title": NAME})
    unheld, _ = Instrument.objects.get_or_create(key=UNHELD, defaults={"kind": "resolution", "title": "Unheld"})
    annex, _ = Instrument.objects.get_or_create(
        key=f"{UNHELD}/annex", defaults={"kind": "resolution", "title": "Its annex"}
    )
    made = []
    for n in range(first, first + count):
        session = 91 + n // 3
        doc = Document.objects.create(
            symbol=f"A/RES/{session}/{n}",
            kind="resolution",
            number=f"{session}/{n}",
            session=session,
            title=f"Resolution {n}",
            source_file="x.xml",
            source_format="akn",
            source_fingerprint=f"test-{n}",
        )
        p = Paragraph.objects.create(
            document=doc, position=0, kind="preambular", number="", ordinal=1, text=TEXT, anchor="pp1"
        )
        one = Footnote.objects.create(document=doc, number=1, text=f"{NAME}; resolution {UNHELD}.")
        two = Footnote.objects.create(document=doc, number=2, text=f"{UNHELD}, annex.")
        FootnoteReference.objects.create(footnote=one, paragraph=p, offset=len(f"Recalling the {NAME}"))
        FootnoteReference.objects.create(footnote=two, paragraph=p, offset=len(TEXT) - 1)
        for position, (instrument, pinpoint) in enumerate([(treaty, "art. 1"), (treaty, "art. 2"), (unheld, "")]):
            Citation.objects.create(
                footnote=one, instrument=instrument, position=position, cited_key=instrument.key, pinpoint=pinpoint
            )
        Citation.objects.create(footnote=two, instrument=annex, position=0, cited_key=annex.key)
        start = TEXT.index(NAME)
        Mention.objects.create(
            paragraph=p,
            document=doc,
            position=0,
            key=TREATY,
            kind="name",
            start=start,
            end=start + len(NAME),
            text=NAME,
        )
        start = TEXT.index(UNHELD)
        Mention.objects.create(
            paragraph=p,
            document=doc,
            position=0,
            key=UNHELD,
            kind="symbol",
            start=start,
            end=start + len(UNHELD),
            text=UNHELD,
        )
        made.append(doc)
    return made


def reading_order(citations) -> list[int]:
    return list(
        citations.order_by(
            "footnote__document__session", "footnote__document__symbol", "footnote__number", "position"
        ).values_list("id", flat=True)
    )


def walk(client, url: str, param: str, key: str):
    """Every page of one list (the page context's ``key``): the responses, first page first."""
    first = client.get(url)
    assert first.status_code == 200
    pages = [first]
    for n in range(2, first.context[key].page.pages + 1):
        response = client.get(url, {param: n, "lang": "en"})
        assert response.status_code == 200
        pages.append(response)
    return pages


@pytest.mark.parametrize("url", [f"/instruments/{TREATY}/", f"/documents/{UNHELD}/"])
def test_each_citing_footnote_is_on_exactly_one_page_in_reading_order(client, monkeypatch, url):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 4)
    docs = make_citing(0, 8)  # sessions 91, 92, 93
    instrument = Instrument.objects.get(key=TREATY if "instruments" in url else UNHELD)
    expected = reading_order(Citation.objects.filter(instrument=instrument))
    pages = walk(client, url, "page", "cited")
    shown = [e["citation"].id for r in pages for s in r.context["cited"].sessions for e in s["entries"]]
    assert shown == expected  # each once, none left out, in order
    assert len(pages) == -(-len(expected) // 4) > 1
    for n, r in enumerate(pages, 1):
        cited = r.context["cited"]
        assert cited.page.count == len(expected) and cited.documents == len(docs)
        assert cited.first["citation"].id == expected[0]  # "first cited in", whatever the page
        assert f"of {len(expected)} citing footnotes · page {n} of {len(pages)}" in r.content.decode()
        # every entry of the page under its session's heading, the page's sessions in order
        sessions = [s["session"] for s in cited.sessions]
        assert sessions == sorted(set(sessions))
        assert all(e["document"].session == s["session"] for s in cited.sessions for e in s["entries"])
        assert all(x["paragraph"].anchor == "pp1" for s in cited.sessions for e in s["entries"] for x in e["contexts"])


def test_session_links_lead_to_the_page_holding_each_sessions_first_citation(client, monkeypatch):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 4)
    make_citing(0, 8)  # two entries a document: sessions 91 (6 entries), 92 (6), 93 (4)
    url = f"/instruments/{TREATY}/"
    pages = walk(client, url, "page", "cited")
    on_page = [{s["session"] for s in r.context["cited"].sessions} for r in pages]
    for r in pages:
        links = r.context["cited"].session_pages
        assert [s for s, _ in links] == [91, 92, 93]
        kept = "" if r is pages[0] else "lang=en&amp;"  # the link keeps the rest of the query
        for session, n in links:
            assert session in on_page[n - 1] and all(session not in on_page[i] for i in range(n - 1))
            assert f'href="?{kept}page={n}#s{session}"' in r.content.decode()
            assert f'id="s{session}"' in pages[n - 1].content.decode()
        assert "8 documents in 3 sessions" in r.content.decode()


@pytest.mark.parametrize("url", [f"/instruments/{TREATY}/", f"/documents/{UNHELD}/"])
def test_each_text_mention_is_on_exactly_one_page(client, monkeypatch, url):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 3)
    docs = make_citing(0, 7)
    key = TREATY if "instruments" in url else UNHELD
    expected = list(
        Mention.objects.filter(key=key)
        .order_by("paragraph__document__session", "paragraph__document__symbol", "paragraph__position", "start")
        .values_list("id", flat=True)
    )
    pages = walk(client, url, "mentions_page", "mentions")
    shown = [m["mention"].id for r in pages for m in r.context["mentions"].page.items]
    assert shown == expected and len(pages) == 3
    for r in pages:
        assert r.context["mentions"].documents == len(docs)
        assert f"of {len(expected)} text mentions" in r.content.decode()
    # paging the mentions leaves the citations on their first page
    assert all(r.context["cited"].page.page == 1 for r in pages)


def test_an_annex_is_paged_under_its_own_parameter(client, monkeypatch):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 2)
    make_citing(0, 5)
    annex = Instrument.objects.get(key=f"{UNHELD}/annex")
    param = f"annex{annex.pk}_page"
    second = client.get(f"/documents/{UNHELD}/", {param: 2})
    ((_, annex_cited),) = second.context["annexes"]
    assert annex_cited.page.page == 2 and annex_cited.page.count == 5
    assert [e["citation"].id for s in annex_cited.sessions for e in s["entries"]] == reading_order(
        Citation.objects.filter(instrument=annex)
    )[2:4]
    assert second.context["cited"].page.page == 1  # the resolution's own list is not moved


def shown(html: str) -> str:
    return " ".join(html.split())


@pytest.mark.parametrize("url", [f"/instruments/{TREATY}/", f"/documents/{UNHELD}/"])
def test_each_entry_shows_its_footnote_and_citing_paragraph_with_their_links(client, url):
    """What an entry shows, built here from its rows: a link to the footnote, the pinpoint, the
    footnote's text, and each citing paragraph linked and labelled, with the words around the marker;
    and each text mention linked, labelled and with its session."""
    from django.utils.html import escape

    from archive.citations.queries import marker_context

    make_citing(0, 4)
    key = TREATY if "instruments" in url else UNHELD
    html = shown(client.get(url).content.decode())
    cited = html.split('id="cited"', 1)[1].split('id="mentions"', 1)[0]
    citations = Citation.objects.filter(instrument__key=key).select_related("footnote__document")
    assert cited.count('<div class="citing">') == citations.count() == len(reading_order(citations))
    at = 0
    for c in citations.filter(id__in=reading_order(citations)).order_by(
        "footnote__document__session", "footnote__document__symbol", "footnote__number", "position"
    ):
        d, n = c.footnote.document, c.footnote.number
        pinpoint = f" ({escape(c.pinpoint)})" if c.pinpoint else ""
        entry = (
            f'<a href="/documents/{d.symbol}/#fn{n}">{d.symbol}, footnote {n}</a>{pinpoint}: '
            f'<q lang="en" dir="ltr">{escape(c.footnote.text)}</q>'
        )
        at = cited.index(entry, at)  # in reading order
        for ref in FootnoteReference.objects.filter(footnote=c.footnote).select_related("paragraph"):
            p = ref.paragraph
            before, after = marker_context(p.text, ref.offset)
            context = (
                f'<a class="citing-paragraph" href="/documents/{d.symbol}/para/{p.anchor}/">{d.symbol}, {p.label}</a>'
                f' — <span lang="en" dir="ltr">{escape(before)}<sup class="fn-marker" aria-label="footnote {n}">{n}</sup>'
                f" {escape(after)}</span>"
            )
            assert context in cited[at:].split('<div class="citing">', 1)[0]  # in its own entry
    named = html.split('id="mentions"', 1)[1]
    for m in Mention.objects.filter(key=key).select_related("paragraph__document"):
        p, d = m.paragraph, m.paragraph.document
        link = f'<a class="citing-paragraph" href="/documents/{d.symbol}/para/{p.anchor}/">{d.symbol}, {p.label}</a>'
        assert f'{link} <span class="session">(session {d.session})</span>' in named
        assert f"<mark>{escape(m.text)}</mark>" in named
    assert "Held in English only" not in html


@pytest.mark.parametrize("key", [TREATY, UNHELD])
def test_an_entry_held_in_english_only_says_so_on_a_page_in_another_language(client, key):
    """On an instrument's page and on a not-held document's page alike, which also name their other
    languages (hreflang alternates)."""
    make_citing(0, 2)
    url = f"/instruments/{key}/" if key == TREATY else f"/documents/{key}/"
    raw = client.get(url, {"lang": "fr"}).content.decode()
    html = shown(raw)
    cited = html.split('id="cited"', 1)[1].split('id="mentions"', 1)[0]
    entries = Citation.objects.filter(instrument__key=key).count()
    assert entries
    note = '<span class="fallback-note">Held in English only: shown in English.</span>'
    # each footnote and each citing paragraph (one an entry here) held in English only
    assert cited.count(note) == 2 * entries
    assert cited.count(f"</q> {note}</p>") == entries
    assert raw.count('<link rel="alternate" hreflang=') == 6


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


# instrument, aliases; citations counted by session, the page's citations, their citing paragraphs;
# mentions counted, the page's mentions
INSTRUMENT_QUERIES = 7
# the document (not held), series members, instrument, aliases, annexes; the resolution's citations (3),
# its mentions (2), and its annex's citations (3)
NOT_HELD_QUERIES = 13


def test_the_citing_pages_queries_do_not_grow_with_the_citing_documents(client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 2)
    make_citing(0, 3)  # more than a page of each list
    with django_assert_num_queries(INSTRUMENT_QUERIES):
        assert client.get(f"/instruments/{TREATY}/").status_code == 200
    with django_assert_num_queries(NOT_HELD_QUERIES):
        assert client.get(f"/documents/{UNHELD}/").status_code == 200
    few = [queries(client, f"/instruments/{TREATY}/?page=2"), queries(client, f"/documents/{UNHELD}/?page=2")]
    make_citing(3, 120)
    assert queries(client, f"/instruments/{TREATY}/") == INSTRUMENT_QUERIES
    assert queries(client, f"/documents/{UNHELD}/") == NOT_HELD_QUERIES
    # a later page reads the first citation too ("first cited in"): one query more, the same however many
    many = [queries(client, f"/instruments/{TREATY}/?page=2"), queries(client, f"/documents/{UNHELD}/?page=2")]
    assert many == few == [INSTRUMENT_QUERIES + 1, NOT_HELD_QUERIES + 1]


def test_the_redirect_to_a_not_held_documents_page_keeps_the_query(client):
    make_citing(0, 1)
    response = client.get(f"/instruments/{UNHELD}/", {"lang": "fr", "page": "2", "mentions_page": "3"})
    assert response.status_code == 301
    assert response["Location"] == f"/documents/{UNHELD}/?lang=fr&page=2&mentions_page=3"
    assert client.get(f"/instruments/{UNHELD}/")["Location"] == f"/documents/{UNHELD}/"
    # a value needing escapes comes back escaped, not as the raw bytes it came in
    odd = client.get(f"/instruments/{UNHELD}/", {"q": "é&x"})["Location"]
    assert odd == f"/documents/{UNHELD}/?q=%C3%A9%26x"


@pytest.mark.django_db
def test_a_not_held_documents_page_shows_its_citing_footnotes_in_the_language_asked_for(client, collection):
    from archive.models import FootnoteText

    # a not-held document cited by a footnote that has a French text (A/64/38, cited by 80/185)
    candidates = Instrument.objects.filter(document__isnull=True, citations__footnote__texts__language="fr")
    cited = next((i for i in candidates.distinct().order_by("key") if i.is_unheld_document), None)
    assert cited is not None
    french = FootnoteText.objects.filter(footnote__citations__instrument=cited, language="fr").first().text
    page = client.get(f"/documents/{cited.key}/", {"lang": "fr"}).content.decode()
    assert 'lang="fr"' in page and french[:40] in " ".join(page.split())
    english = client.get(f"/documents/{cited.key}/").content.decode()
    assert french[:40] not in " ".join(english.split())
