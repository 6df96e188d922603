"""Ingest reads each footnote text once per run (the same footnotes recur across a corpus): what it
reads through the memo is what it reads without, and an "Ibid." is still read against the footnote
before it."""

from django.conf import settings

from archive.citations.parse import parse_footnote, parse_footnotes
from archive.citations.resolve import resolve_document
from archive.parsing import parse_path

FIXTURES = settings.BASE_DIR / "fixtures"


def test_the_memo_reads_what_a_fresh_read_does():
    memo: dict = {}
    docs = [parse_path(p) for p in [*sorted((FIXTURES / "akn").glob("*.xml")), FIXTURES / "sources" / "A_72_215.txt"]]
    for doc in docs + docs:  # the second time round, every footnote comes from the memo
        assert resolve_document(doc, memo) == resolve_document(doc)
    assert len(memo) > 100


def test_an_ibid_is_read_against_the_footnote_before_it_and_a_copy_is_given():
    memo: dict = {}
    texts = ["United Nations, Treaty Series, vol. 2220, No. 39481.", "Ibid., art. 2."]
    first = parse_footnotes(texts, memo=memo)
    other = parse_footnotes(["United Nations, Treaty Series, vol. 1249, No. 20378.", "Ibid., art. 2."], memo=memo)
    assert first[1][0].key == "UNTS:2220:39481" and other[1][0].key == "UNTS:1249:20378"
    given = parse_footnote(texts[0], memo=memo)
    given[0].pinpoint = "changed by the caller"
    assert parse_footnote(texts[0], memo=memo) == parse_footnote(texts[0])
