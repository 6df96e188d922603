"""The search page on the default collection: syntax, filters, facets, sorting, redirects, escaping."""

import re
from urllib.parse import parse_qs

import pytest
from django.utils.http import urlencode

from archive.models import Document, Paragraph

SERIES = [
    "A/RES/60/139",
    "A/RES/62/132",
    "A/RES/72/149",
    "A/RES/74/127",
    "A/RES/76/141",
    "A/RES/78/180",
    "A/RES/80/185",
]


def hits(response):
    """(symbol, anchor) of each hit, in order, read from the rendered HTML."""
    return re.findall(r'class="hit-link" href="/documents/(.+?)/#([a-z0-9-]+)"', response.content.decode())


def get(client, **params):
    return client.get("/search/?" + urlencode(params))


@pytest.mark.django_db
def test_known_item_sham_marriages_finds_the_realizing_paragraph_of_each_resolution(collection, client):
    response = get(client, q='"sham marriages"', sort="oldest")
    assert response.status_code == 200
    found = hits(response)
    assert [s for s, _ in found] == SERIES
    for symbol, anchor in found:
        p = Paragraph.objects.get(document__symbol=symbol, anchor=anchor)
        assert p.opening == "Realizing" and p.kind == "preambular"
    assert "<mark>sham</mark> <mark>marriages</mark>" in response.content.decode()


@pytest.mark.django_db
def test_newest_first_reverses_the_order(collection, client):
    assert [s for s, _ in hits(get(client, q='"sham marriages"', sort="newest"))] == SERIES[::-1]


@pytest.mark.django_db
def test_stemming_migrants_finds_migrant(collection, client):
    response = get(client, q="migrants", kind="operative", doc_kind="resolution", session_to="60")
    found = hits(response)
    texts = [Paragraph.objects.get(document__symbol=s, anchor=a).text for s, a in found]
    assert any("migrant" in t and "migrants" not in t for t in texts)


@pytest.mark.django_db
def test_exclusion_and_or_syntax(collection, client):
    with_persons = {h for h in hits(get(client, q="trafficking", session_to="62"))}
    without = hits(get(client, q="trafficking -persons", session_to="62"))
    assert without and set(without) < with_persons or set(without) <= with_persons
    for s, a in without:
        assert "person" not in Paragraph.objects.get(document__symbol=s, anchor=a).text.lower()
    either = set(hits(get(client, q="firewalls OR femicide")))
    firewalls = set(hits(get(client, q="firewalls")))
    femicide = set(hits(get(client, q="femicide")))
    assert firewalls and femicide and either == firewalls | femicide


@pytest.mark.django_db
def test_filters_combine_and_each_narrows(collection, client):
    base = {"q": "women migrant workers"}
    session = hits(get(client, **base, session_from="74", session_to="76"))
    assert session and all(s in ("A/RES/74/127", "A/RES/76/141") for s, _ in session)
    reports = hits(get(client, **base, doc_kind="report"))
    assert reports and all(s in ("A/64/152", "A/72/215") for s, _ in reports)
    opening = hits(get(client, **base, opening="Calls upon", kind="operative"))
    assert opening
    for s, a in opening:
        p = Paragraph.objects.get(document__symbol=s, anchor=a)
        assert p.opening == "Calls upon" and p.kind == "operative"
    combined = hits(get(client, **base, opening="Calls upon", kind="operative", session_from="74", session_to="74"))
    assert combined and all(s == "A/RES/74/127" for s, _ in combined)
    for s, a in combined:  # every hit satisfies every filter (page 1 of the wider search need not hold them)
        p = Paragraph.objects.get(document__symbol=s, anchor=a)
        assert p.opening == "Calls upon" and p.kind == "operative"


@pytest.mark.django_db
def test_cites_and_has_footnotes_filters(collection, client):
    cites = hits(get(client, q="", cites="UNTS:2220:39481", sort="oldest"))
    assert cites[0] == ("A/RES/60/139", "op4")
    for s, a in cites:
        p = Paragraph.objects.get(document__symbol=s, anchor=a)
        assert p.footnote_refs.filter(footnote__citations__instrument__key="UNTS:2220:39481").exists()
    # the alias key of the same instrument finds the same paragraphs
    assert hits(get(client, q="", cites="A/RES/45/158/annex", sort="oldest")) == cites
    with_fn = hits(get(client, q="Convention", has_footnotes="yes", session_to="60"))
    without_fn = hits(get(client, q="Convention", has_footnotes="no", session_to="60"))
    assert with_fn and without_fn and not set(with_fn) & set(without_fn)


@pytest.mark.django_db
def test_facet_counts_match_a_hand_count(collection, client):
    response = get(client, q='"sham marriages"')
    facets = response.context["results"].facets
    assert {f.value: f.count for f in facets["session"]} == {60: 1, 62: 1, 72: 1, 74: 1, 76: 1, 78: 1, 80: 1}
    assert {f.value: f.count for f in facets["kind"]} == {"preambular": 7}
    # a broader query, counted by hand in Python over the texts
    response = get(client, q="remittances", doc_kind="resolution")
    expected: dict[int, int] = {}
    for p in Paragraph.objects.body().filter(document__kind="resolution").select_related("document"):
        if re.search(r"\bremittance", p.text, re.IGNORECASE):
            expected[p.document.session] = expected.get(p.document.session, 0) + 1
    assert {f.value: f.count for f in response.context["results"].facets["session"]} == expected
    assert response.context["results"].total == sum(expected.values())


@pytest.mark.django_db
def test_pagination_keeps_query_and_filters(collection, client):
    response = get(client, q="women", kind="operative")
    results = response.context["results"]
    assert results.pages > 1
    next_link = re.search(r'<a rel="next" href="\?([^"]+)"', response.content.decode()).group(1).replace("&amp;", "&")
    params = parse_qs(next_link)
    assert params["q"] == ["women"] and params["kind"] == ["operative"] and params["page"] == ["2"]
    page2 = client.get("/search/?" + next_link)
    assert set(hits(page2)).isdisjoint(hits(response))


@pytest.mark.parametrize(
    "q, target",
    [
        ("62/132", "/documents/A/RES/62/132/"),
        ("A/RES/74/127", "/documents/A/RES/74/127/"),
        ("a/res/74/127", "/documents/A/RES/74/127/"),
        ("A/64/152", "/documents/A/64/152/"),
    ],
)
@pytest.mark.django_db
def test_symbol_queries_go_straight_to_the_document(collection, client, q, target):
    response = get(client, q=q)
    assert response.status_code == 302 and response["Location"] == target


@pytest.mark.django_db
def test_an_unknown_symbol_is_searched_as_text(collection, client):
    assert get(client, q="99/999").status_code == 200


@pytest.mark.django_db
def test_source_markup_comes_out_escaped_in_highlights(collection, client):
    doc = Document.objects.get(symbol="A/RES/60/139")
    Paragraph.objects.create(
        document=doc,
        position=999,
        kind="operative",
        number="99",
        anchor="op99",
        text='Decides that <script>alert("xss")</script> zorblexian measures apply;',
    )
    response = get(client, q="zorblexian")
    html = response.content.decode()
    assert hits(response) == [("A/RES/60/139", "op99")]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; <mark>zorblexian</mark>" in html


@pytest.mark.django_db
def test_empty_query_lists_paragraphs_by_session(collection, client):
    found = hits(get(client, q=""))
    assert found[0][0] == "A/RES/60/139"
    assert response_total(get(client, q="")) == Paragraph.objects.body().count()


def response_total(response):
    return response.context["results"].total


@pytest.mark.django_db
def test_a_query_naming_an_instrument_shows_it_above_the_hits(collection, client):
    html = get(client, q="Convention on the Rights of the Child").content.decode()
    assert 'class="instrument-hits"' in html
    assert "Convention on the Rights of the Child" in html.split('class="instrument-hits"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a" * 500},
        {"q": "women", "page": "abc"},
        {"q": "women", "page": "99999999999"},
        {"q": "women", "session_from": "x"},
        {"q": "women", "kind": "nonsense"},
        {"q": "women", "sort": "random"},
    ],
)
@pytest.mark.django_db
def test_bad_parameters_get_a_400_with_a_message(collection, client, params):
    response = get(client, **params)
    assert response.status_code == 400
    assert b'role="alert"' in response.content


@pytest.mark.parametrize(
    "q", ["\x00women", "women & | ! (", "'; DROP TABLE archive_paragraph; --", "<>:*", '"unterminated', "-", "OR"]
)
@pytest.mark.django_db
def test_hostile_queries_are_never_a_500(collection, client, q):
    response = get(client, q=q)
    assert response.status_code in (200, 400)
    assert Paragraph.objects.exists()


@pytest.mark.django_db
def test_page_beyond_the_last_shows_the_last_page(collection, client):
    response = get(client, q='"sham marriages"', page="50")
    assert response.status_code == 200 and response.context["results"].page == 1


@pytest.mark.django_db
def test_footnote_text_is_searchable_as_its_own_result_kind(collection, client):
    response = get(client, q="Treaty Series 2220", **{"in": "footnotes"})
    html = response.content.decode()
    found = re.findall(r'class="hit-link" href="/documents/(.+?)/#fn(\d+)"', html)
    assert ("A/RES/60/139", "10") in found and ("A/RES/62/132", "8") in found
    assert [s for s, _ in found] == sorted([s for s, _ in found], key=lambda s: Document.objects.get(symbol=s).session)
    assert 'href="/documents/A/RES/60/139/para/op4/"' in html  # where the marker stands
    narrowed = re.findall(
        r'href="/documents/(.+?)/#fn',
        get(client, q="Treaty Series 2220", session_from="70", **{"in": "footnotes"}).content.decode(),
    )
    assert narrowed and "A/RES/60/139" not in narrowed
    assert get(client, q="x", **{"in": "elsewhere"}).status_code == 400


@pytest.mark.parametrize("name", ["doc_kind", "kind", "has_footnotes"])
def test_a_filters_select_offers_its_form_fields_choices(name):
    """The options written in Python are the form field's: the same values and labels, in the same order."""
    from archive.filters import ParagraphFilter, select_choices

    field = ParagraphFilter(queryset=Paragraph.objects.none()).form.fields[name]
    assert list(select_choices(name)) == [(str(v), str(label)) for v, label in field.choices]


def test_the_form_shows_what_was_asked_selected_and_escaped(collection, client):
    html = get(
        client, q="women", sort="newest", doc_kind="report", kind="operative", has_footnotes="no", opening='<b>"x'
    ).content.decode()
    selects = dict(re.findall(r'<select id="(\w+)" name="\w+">(.*?)</select>', html))
    selected = {name: re.findall(r'<option value="(\w*)"[^>]* selected>', options) for name, options in selects.items()}
    assert selected == {
        "lang": ["en"],
        "id_doc_kind": ["report"],
        "id_kind": ["operative"],
        "id_has_footnotes": ["no"],
        "in": ["paragraphs"],
        "sort": ["newest"],
    }
    assert '<option value="newest" selected>Newest first</option>' in selects["sort"]
    assert 'value="&lt;b&gt;&quot;x"' in html and '<b>"x' not in html
