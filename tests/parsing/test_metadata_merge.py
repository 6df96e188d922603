"""The one rule by which a document's sources of metadata meet: fill what it lacks, report what differs."""

import datetime as dt

from archive.parsing.document import ParsedDocument
from archive.parsing.metadata import apply_manifest, apply_metadata, merge, normalize_record


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


def _record(**fields) -> dict:
    base = {
        "symbol": "A/RES/78/180",
        "title": "Violence against women migrant workers",
        "session": "Seventy-eighth session",
        "adoption_meeting": "50th plenary meeting",
        "adoption_date": "19 December 2023",
        "originating_document": "A/78/473, para. 24",
        "committee": "Third Committee",
        "agenda_item": "Agenda item 25 (a)",
        "agenda_item_name": "Advancement of women: advancement of women",
        "pv": "A/78/PV.50",
    }
    return normalize_record(base | fields)


def test_a_translation_is_compared_with_the_english_record_by_its_facts_not_its_words():
    d = doc(
        language="fr",
        symbol="A/RES/78/180",
        session=78,
        title="Violence à l’égard des travailleuses migrantes",
        agenda_item="Point 25 a) de l’ordre du jour",
        committee_report="A/78/473, par. 24",
        meeting="50e séance plénière",
    )
    d.extra.update(committee="Troisième Commission", agenda_item_name="Promotion des femmes")
    apply_metadata(d, _record())
    assert conflicts(d) == []
    assert d.title == "Violence à l’égard des travailleuses migrantes"  # the text's, never the English


def test_a_translation_naming_another_report_or_meeting_is_a_conflict():
    d = doc(language="zh", symbol="A/RES/78/180", committee_report="A/78/472，第24段", meeting="第51次全体会议")
    apply_metadata(d, _record())
    assert conflicts(d) == [
        "committee_report: text has 'A/78/472，第24段', metadata record 'A/78/473'",
        "meeting: text has '第51次全体会议', metadata record '50th plenary meeting'",
    ]


def test_in_the_collection_only_the_chinese_78_180_report_symbol_conflicts_with_its_record():
    from django.conf import settings

    from archive.parsing.akn import parse
    from archive.parsing.metadata import load_metadata_records

    fixtures = settings.BASE_DIR / "fixtures"
    records = load_metadata_records(fixtures / "metadata")
    found = {}
    for path in sorted((fixtures / "languages").rglob("*.xml")):
        d = parse(path.read_text(encoding="utf-8"), path.name)
        apply_metadata(d, records[d.symbol])
        if conflicts(d):
            found[(d.symbol, d.language)] = conflicts(d)
    assert list(found) == [("A/RES/78/180", "zh")]
    [message] = found[("A/RES/78/180", "zh")]
    assert "A/78/472" in message and "'A/78/473'" in message
