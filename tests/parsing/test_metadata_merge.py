"""The one rule by which a document's sources of metadata meet: fill what it lacks, report what differs."""

import datetime as dt

from archive.parsing.document import ParsedDocument
from archive.parsing.metadata import apply_manifest, apply_metadata, merge


def doc(**fields) -> ParsedDocument:
    return ParsedDocument(source="x.xml", format="akn", kind="resolution", **fields)


def conflicts(d: ParsedDocument) -> list[str]:
    return [a.message for a in d.anomalies if a.code == "metadata_conflict"]


def test_merge_fills_what_is_missing_and_keeps_what_is_there():
    d = doc(title="")
    merge(d, "title", "Violence against women migrant workers", "{field}: {current!r} / {value!r}")
    merge(d, "session", 74, "{field}: {current!r} / {value!r}")
    assert (d.title, d.session) == ("Violence against women migrant workers", 74)
    merge(d, "session", 76, "{field}: {current!r} / {value!r}", line=3)
    assert d.session == 74
    assert [(a.message, a.line) for a in d.anomalies] == [("session: 74 / 76", 3)]


def test_merge_ignores_an_empty_value_and_a_difference_it_is_told_not_to_report():
    d = doc(session=74)
    merge(d, "session", None, "{field}")
    merge(d, "title", "", "{field}")
    merge(d, "session", 75, None)
    assert (d.session, d.title, d.anomalies) == (74, None, [])


def test_manifest_fills_the_text_and_reports_a_disagreement_but_dates_only_fill():
    d = doc(symbol="A/RES/74/127", adopted=dt.date(2019, 12, 18))
    apply_manifest(
        d,
        {
            "symbol": "A/RES/74/128",
            "session": 74,
            "title": "",
            "adopted": "2019-12-17",
            "distributed": "2020-01-10",
            "answers": "A/RES/72/149",
        },
    )
    assert (d.symbol, d.session, d.title) == ("A/RES/74/127", 74, None)
    assert (d.adopted, d.distributed) == (dt.date(2019, 12, 18), dt.date(2020, 1, 10))
    assert d.extra["answers"] == "A/RES/72/149"
    assert conflicts(d) == ["symbol: the text has 'A/RES/74/127', the manifest 'A/RES/74/128'; the text is kept"]


def test_a_record_agreeing_up_to_spelling_is_no_conflict():
    d = doc(title="Violence against women migrant workers", extra={"committee": "Third committee"})
    apply_metadata(
        d, {"title": "violence against women  migrant workers", "committee": "Third Committee", "session": 74}
    )
    assert conflicts(d) == []
    assert d.title == "Violence against women migrant workers"  # the text's spelling of a header field
    assert d.extra["committee"] == "Third Committee"  # the record's spelling beyond the header
    assert d.session == 74
