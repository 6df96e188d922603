"""Text mentions: instruments named in a paragraph's words without a footnote (pure finder, then the archive)."""

import json

import pytest

from archive.parsing.mentions import MentionFinder, NamePattern, name_patterns

CONVENTION = (
    "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families"
)
ENTRIES = [
    {"key": "UNTS:2220:39481", "kind": "treaty", "title": CONVENTION},
    {
        "key": "UNTS:2237:39574",
        "kind": "treaty",
        "title": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
        "Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime",
    },
    {
        "key": "UNTS:2225:39574",
        "kind": "treaty",
        "title": "United Nations Convention against Transnational Organized Crime",
    },
    {"key": "A/RES/S-23/2/annex", "kind": "resolution", "title": "Political declaration"},
    {
        "key": "A/RES/70/1",
        "kind": "resolution",
        "title": "Transforming our world: the 2030 Agenda for Sustainable Development",
        "names": ["2030 Agenda for Sustainable Development"],
    },
    {
        "key": "A/62/177",
        "kind": "document",
        "title": "Violence against women migrant workers: report of the Secretary-General",
    },
]


def finder():
    return MentionFinder(name_patterns(ENTRIES))


def test_a_name_without_a_marker_is_a_mention_and_with_one_it_is_the_footnote_s():
    text = f"to consider acceding to the {CONVENTION}, as well as"
    found = finder().find(text, markers=[])
    assert [(f.key, f.kind, text[f.start : f.end]) for f in found] == [("UNTS:2220:39481", "name", CONVENTION)]
    end = text.index(CONVENTION) + len(CONVENTION)
    assert finder().find(text, markers=[end]) == []  # "Families¹⁰": the footnote cites it
    assert finder().find(text, markers=[end + 1]) == []  # "Families,¹⁰"


def test_the_longest_name_wins_and_the_supplementing_clause_may_be_left_out():
    text = (
        "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
        "supplementing the United Nations Convention against Transnational Organized Crime, and the "
        "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children."
    )
    keys = [f.key for f in finder().find(text, markers=[])]
    assert keys == ["UNTS:2237:39574", "UNTS:2237:39574"]  # the convention inside the first title is not counted


def test_spacing_and_quotes_vary_and_short_or_shared_titles_are_not_names():
    text = "the 2030  Agenda\nfor Sustainable Development and the Political declaration"
    assert [f.key for f in finder().find(text, markers=[])] == ["A/RES/70/1"]
    assert not any(p.name == "Political declaration" for p in name_patterns(ENTRIES))
    assert not any(p.key == "A/62/177" for p in name_patterns(ENTRIES))  # reports share titles: found by symbol


def test_symbols_in_the_text_are_mentions_of_those_documents_but_not_of_the_document_itself():
    text = "submitted pursuant to General Assembly resolution 70/130 and A/74/235 (see A/RES/72/149)"
    found = finder().find(text, markers=[], own_symbol="A/RES/72/149")
    assert [(f.key, f.kind) for f in found] == [("A/RES/70/130", "symbol"), ("A/74/235", "symbol")]


def test_the_authority_file_gives_the_names():
    from archive.citations.resolve import AUTHORITY

    patterns = name_patterns(json.loads(AUTHORITY.read_text(encoding="utf-8"))["instruments"])
    assert NamePattern("UNTS:2220:39481", CONVENTION) in patterns
    assert all(len(set(p.key for p in patterns if p.name == name)) == 1 for name in {p.name for p in patterns})


@pytest.mark.django_db
def test_the_migrant_workers_convention_is_found_where_the_text_names_it_without_a_footnote(collection):
    from archive.models import Instrument, Mention

    convention = Instrument.objects.prefetch_related("aliases").get(key="UNTS:2220:39481")
    where = {
        (m.paragraph.document.symbol, m.paragraph.anchor)
        for m in Mention.objects.of_instrument(convention).in_reading_order()
    }
    assert {
        ("A/RES/60/139", "op15"),
        ("A/RES/76/141", "op3"),
        ("A/RES/78/180", "op3"),
        ("A/RES/80/185", "op3"),
        ("A/64/152", "p4"),
        ("A/72/215", "p37"),
    } <= where
    # where a footnote marker follows the name, the paragraph is a footnote citation, not a text mention
    p = Mention.objects.of_instrument(convention).filter(paragraph__document__symbol="A/RES/76/141").first().paragraph
    markers = set(p.footnote_refs.values_list("offset", flat=True))
    assert all(not any(m.end <= o <= m.end + 2 for o in markers) for m in p.mentions.all())


@pytest.mark.django_db
def test_mentions_of_a_symbol_the_archive_does_not_hold(collection):
    from archive.models import Document, Mention

    assert not Document.objects.filter(symbol="A/RES/70/130").exists()
    mentions = list(Mention.objects.of_symbol("A/RES/70/130").in_reading_order())
    assert mentions and {m.paragraph.document.symbol for m in mentions} == {"A/72/215"}
    assert all(m.paragraph.text[m.start : m.end] == m.text == "70/130" for m in mentions)


@pytest.mark.django_db
def test_each_mention_carries_its_paragraphs_document_and_position_for_the_reading_order(collection):
    from django.db.models import F, Q

    from archive.models import Mention

    mentions = Mention.objects.all()
    assert mentions.count() > 50
    copied = Q(document=F("paragraph__document")) & Q(position=F("paragraph__position"))
    assert not mentions.exclude(copied).exists()
    # the reading order on the copies is the one on the paragraphs
    by_paragraph = mentions.order_by(
        "paragraph__document__session", "paragraph__document__symbol", "paragraph__position", "start", "id"
    )
    assert list(mentions.in_reading_order().values_list("id", flat=True)) == list(
        by_paragraph.values_list("id", flat=True)
    )


@pytest.mark.django_db
def test_instrument_page_lists_text_mentions_apart_from_footnote_citations(collection, client):
    html = client.get("/instruments/UNTS:2220:39481/").content.decode()
    cited, mentions = html.index('id="cited"'), html.index('id="mentions"')
    assert "Cited in footnotes" in html and "Named in the text, without a footnote" in html and cited < mentions
    section = html[mentions:]
    assert section.count('class="mention-label">Text mention<') == 6
    assert "/documents/A/RES/60/139/para/op15/" in section and "/documents/A/72/215/para/p37/" in section
    assert f"<mark>{CONVENTION}</mark>" in section
    data = client.get("/api/instruments/UNTS:2220:39481/").json()
    assert {(m["document"]["symbol"], m["paragraph"]["anchor"]) for m in data["text_mentions"]} >= {("A/64/152", "p4")}
    assert all(m["named_as"] == CONVENTION and m["found_by"] == "name" for m in data["text_mentions"])
