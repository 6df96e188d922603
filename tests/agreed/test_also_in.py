"""'Also in' on a small corpus made here: stored pairs, pages, API, and the incremental update."""

import pytest
from django.test import Client

from archive.agreed.store import update_agreed_language
from archive.models import Document, Paragraph, ParagraphReach, SharedLanguage

pytestmark = pytest.mark.django_db

SHARED = (
    "Calls upon all States to adopt or strengthen measures to protect the human rights of women migrant "
    "workers, regardless of their immigration status, including in policies that regulate recruitment"
)
OTHER = (
    "Encourages the specialized agencies to continue their cooperation with the regional commissions on the "
    "statistics of international trade in goods and services of the least developed countries"
)


def make(symbol, texts):
    session, number = symbol.split("/")[2:]
    doc = Document.objects.create(
        symbol=symbol,
        kind="resolution",
        number=f"{session}/{number}",
        session=int(session),
        title=f"Resolution {number}",
        source_file="x.xml",
        source_format="akn",
        source_fingerprint=symbol,
    )
    for i, text in enumerate(texts):
        Paragraph.objects.create(
            document=doc, position=i, kind="operative", number=str(i + 1), ordinal=i + 1, text=text, anchor=f"op{i + 1}"
        )
    return doc


def replace(doc, texts):
    """What ingest does with a changed source: the document's paragraphs go, new ones come."""
    doc.paragraphs.all().delete()
    for i, text in enumerate(texts):
        Paragraph.objects.create(
            document=doc, position=i, kind="operative", number=str(i + 1), ordinal=i + 1, text=text, anchor=f"op{i + 1}"
        )


MADE = ["A/RES/76/1", "A/RES/77/2", "A/RES/78/3"]


def pairs():
    """The pairs among the documents made here (the test database also holds the default collection)."""
    return set(
        SharedLanguage.objects.filter(paragraph__document__symbol__in=MADE).values_list(
            "paragraph__document__symbol", "paragraph__anchor", "other__document__symbol", "other__anchor"
        )
    )


def test_pairs_are_stored_both_ways_and_shown_on_paragraph_and_document_pages():
    make("A/RES/76/1", [SHARED, OTHER])
    make("A/RES/77/2", ["Decides to remain seized of the matter;", SHARED])
    make("A/RES/78/3", [SHARED.replace("adopt or strengthen", "adopt and strengthen")])
    assert update_agreed_language() == 6
    assert ("A/RES/76/1", "op1", "A/RES/77/2", "op2") in pairs()
    assert ("A/RES/77/2", "op2", "A/RES/76/1", "op1") in pairs()
    assert ParagraphReach.objects.get(paragraph__document__symbol="A/RES/76/1", paragraph__anchor="op1").documents == 2
    client = Client()
    page = client.get("/documents/A/RES/76/1/para/op1/").content.decode()
    assert "A/RES/77/2, para. 2" in page and "A/RES/78/3, para. 1" in page and "2 other documents" in page
    doc_page = client.get("/documents/A/RES/76/1/").content.decode()
    assert "Also in 2 other documents" in doc_page
    other = Paragraph.objects.get(document__symbol="A/RES/78/3", anchor="op1")
    compare = client.get(f"/documents/A/RES/76/1/para/op1/also-in/{other.id}/")
    assert compare.status_code == 200 and "<del>or</del>" in compare.content.decode()
    unrelated = Paragraph.objects.get(document__symbol="A/RES/76/1", anchor="op2")
    assert client.get(f"/documents/A/RES/76/1/para/op1/also-in/{unrelated.id}/").status_code == 404


def test_an_unchanged_archive_writes_nothing_and_a_replaced_document_is_compared_again():
    a = make("A/RES/76/1", [SHARED, OTHER])
    b = make("A/RES/77/2", [SHARED])
    update_agreed_language()
    assert update_agreed_language() == 0
    replace(b, [OTHER])  # b now shares the other paragraph
    written = update_agreed_language()
    assert written == 2
    assert pairs() == {("A/RES/76/1", "op2", "A/RES/77/2", "op1"), ("A/RES/77/2", "op1", "A/RES/76/1", "op2")}
    reach = dict(ParagraphReach.objects.filter(paragraph__document=a).values_list("paragraph__anchor", "documents"))
    assert reach == {"op1": 0, "op2": 1}
    make("A/RES/78/3", [SHARED])  # an added document pairs with the paragraph left alone
    update_agreed_language()
    assert ("A/RES/76/1", "op1", "A/RES/78/3", "op1") in pairs()


def test_api_lists_a_paragraphs_shared_language():
    make("A/RES/76/1", [SHARED])
    make("A/RES/77/2", [SHARED])
    update_agreed_language()
    data = Client().get("/api/documents/A/RES/76/1/paragraphs/op1/").json()
    assert data["also_in"]["documents"] == 1
    assert data["also_in"]["paragraphs"][0]["symbol"] == "A/RES/77/2"
    assert data["also_in"]["paragraphs"][0]["similarity"] == 1.0


def test_a_first_comparison_of_everything_counts_reach_as_the_stored_pairs_do():
    make("A/RES/76/1", [SHARED, OTHER])
    make("A/RES/77/2", [SHARED])
    make("A/RES/78/3", [SHARED, OTHER])
    ParagraphReach.objects.all().delete()  # nothing compared yet: the whole archive at once, as a first load
    SharedLanguage.objects.all().delete()
    assert update_agreed_language() > 0
    from django.db.models import Count

    stored = dict(
        SharedLanguage.objects.values("paragraph_id")
        .annotate(n=Count("other_document_id", distinct=True))
        .values_list("paragraph_id", "n")
    )
    reach = dict(ParagraphReach.objects.values_list("paragraph_id", "documents"))
    assert reach == {pid: stored.get(pid, 0) for pid in reach}
    assert reach[Paragraph.objects.get(document__symbol="A/RES/76/1", anchor="op1").id] == 2
    assert reach[Paragraph.objects.get(document__symbol="A/RES/78/3", anchor="op2").id] == 1
