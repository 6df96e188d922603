"""Document metadata from every source, and the one rule by which the sources meet.

A document's metadata comes from its text (each parser reads what the source prints; an AKN
file states some facts in several places), from its manifest entry, and from the corpus'
metadata records (``corpus/metadata/NN.jsonl``). They meet by one rule, ``merge``: fill what
the document lacks, and where it already holds another value keep it and report a
``metadata_conflict`` anomaly; nothing overwrites what the text says. The AKN reader applies
it between the places of one file, ``apply_manifest`` to the manifest, ``apply_metadata`` to
the records.

A record holds what a resolution's text does not: adoption type, votes by Member State,
sponsors, subjects. The records were assembled by hand from several systems, so their
formats vary ("2019-12-18 00:00:00" or "16 December 2021", "N.A." for a missing count,
counts of "0" for a resolution adopted without a vote); ``normalize_record`` types them.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .document import ParsedDocument, ParseError
from .member_states import NameTable, name_table
from .ordinals import session_from_heading
from .symbols import SYMBOL_RE
from .text import text_date


def iso_date(value: str | None) -> dt.date | None:
    """``2019-12-18`` (AKN attributes, the records); the placeholder ``0001-01-01`` means no date."""
    try:
        d = dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return d if d.year > 1900 else None


def agenda_item(value: str) -> str | None:
    """ "Agenda item 28" or "Agenda items 28 and 29" as the item alone ("28", "28 and 29")."""
    return re.sub(r"^Agenda items?\s*", "", value).strip() or None


def merge(
    doc: ParsedDocument, field: str, value, conflict: str | None, line: int | None = None, *, differs=operator.ne
) -> None:
    """The one rule: set ``field`` where ``doc`` lacks it; where it holds a value that ``differs``,
    keep it and report ``conflict`` (formatted with ``field``, ``current`` and ``value``; None
    when that source's disagreement is not worth reporting)."""
    if value is None or value == "":
        return
    current = getattr(doc, field)
    if current is None or current == "":
        setattr(doc, field, value)
    elif conflict is not None and differs(current, value):
        doc.anomaly("metadata_conflict", conflict.format(field=field, current=current, value=value), line)


MANIFEST_FIELDS = ("symbol", "kind", "number", "session", "title", "agenda_item", "committee_report", "meeting")


def apply_manifest(doc: ParsedDocument, entry: dict) -> None:
    """Fill what the text lacks from its manifest entry; report where the two disagree (dates only fill)."""
    for field in MANIFEST_FIELDS:
        merge(
            doc, field, entry.get(field), "{field}: the text has {current!r}, the manifest {value!r}; the text is kept"
        )
    for field in ("adopted", "distributed"):
        given = entry.get(field)
        merge(doc, field, dt.date.fromisoformat(given) if given else None, None)
    if entry.get("answers"):
        doc.extra.setdefault("answers", entry["answers"])


_VOTE_FIELDS = {"in_favour": "MS_in_favour", "against": "MS_against", "abstaining": "MS_abstaining"}


def load_metadata_records(path) -> dict[str, dict]:
    """Records of one ``NN.jsonl`` file, or of every ``*.jsonl`` in a folder, by symbol.

    Each value is the normalized record (see ``normalize_record``); the original is
    kept under ``"raw"``. A line that is not a JSON object raises ParseError.
    """
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    records: dict[str, dict] = {}
    for file in files:
        with open(file, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ParseError(str(file), number, f"not a JSON object: {exc.msg}") from None
                if not isinstance(raw, dict) or not raw.get("symbol"):
                    raise ParseError(str(file), number, "record without a symbol")
                record = normalize_record(raw)
                records[record["symbol"]] = record
    return records


def _count(value) -> int | None:
    if isinstance(value, int):
        return value
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None  # "N.A.", "" → unknown


def _date(value) -> dt.date | None:
    value = str(value or "")
    return iso_date(value) or text_date(value)


def normalize_record(raw: dict) -> dict:
    """One record with typed values: dates as dates, counts as ints, lists as lists."""
    symbol = re.sub(r"\s+", " ", raw["symbol"]).strip()
    number = re.match(r"((?:[A-Z]+-)?\d+/\d+)", str(raw.get("resolution_number") or ""))
    originating = str(raw.get("originating_document") or "").strip()
    committee = str(raw.get("committee") or "").strip() or None
    main_committee = bool(committee and re.fullmatch(r"(?:[A-Z][a-z]+ )+Committee", committee))
    adoption_type = str(raw.get("adoption_type") or "").strip().lower() or None
    if adoption_type == "by a recorded vote":
        adoption_type = "recorded vote"
    recorded = adoption_type == "recorded vote"
    votes = {"outcome": raw.get("voting_type") or raw.get("adoption_type") or None}
    for key, field in _VOTE_FIELDS.items():
        votes[key] = _count(raw.get(f"{field}_count")) if recorded else None
        votes[f"{key}_states"] = list(raw.get(field) or [])
    report_paragraph = str(raw.get("report_paragraph") or "").strip()
    return {
        "symbol": symbol,
        "number": number.group(1) if number else None,
        "title": (raw.get("title") or "").strip() or None,
        "session": session_from_heading(str(raw.get("session") or "")),
        "meeting": (raw.get("adoption_meeting") or "").strip() or None,
        "adopted": _date(raw.get("adoption_date")),
        "committee": committee if main_committee else None,
        "committee_report": originating.split(",")[0].strip() if main_committee and originating else None,
        "originating_document": originating or None,
        "report_paragraph": report_paragraph if report_paragraph not in ("", "N.A.") else None,
        "agenda_item": agenda_item(str(raw.get("agenda_item") or "")),
        "agenda_item_name": (raw.get("agenda_item_name") or "").strip() or None,
        "meeting_record": (raw.get("pv") or "").strip() or None,
        "adoption_type": adoption_type,
        "votes": votes,
        "sponsors": list(raw.get("sponsors") or []),
        "additional_sponsors": list(raw.get("additional_sponsors") or []),
        "sdgs": [str(s) for s in raw.get("SDGs") or []],
        "subjects": [list(s) if isinstance(s, (list, tuple)) else [str(s), ""] for s in raw.get("subjects") or []],
        "raw": raw,
    }


_ALIASES = {
    "united kingdom of great britain and northern ireland": "united kingdom",
    "united states of america": "united states",
    "turkey": "turkiye",
    "the bahamas": "bahamas",
    "the gambia": "gambia",
    "swaziland": "eswatini",
    "czech republic": "czechia",
    "the former yugoslav republic of macedonia": "north macedonia",
    "netherlands (kingdom of the)": "netherlands",
}


@lru_cache(maxsize=8192)  # the same few hundred names in every record
def _name_key(name: str) -> str:
    """Member State names as the records and the XML spell them differently: case, accents,
    quotes, short and long forms ("United States" / "United States of America"), renamings."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    key = _LEADING_THE_RE.sub("", _SPACES_RE.sub(" ", name).strip().casefold())
    return _ALIASES.get(key, key)


_SPACES_RE = re.compile(r"\s+")
_LEADING_THE_RE = re.compile(r"^the ")


# A record is in English. A version in another language states these in its own words ("第50次全体会议",
# "A/78/472，第24段"): only their language-independent part, the numbers or the document symbols, is a fact
# to compare; what is nothing but words (title, committee, agenda item name) is a translation, not a conflict.
_NUMBERS_ONLY = {"agenda_item", "meeting", "report_paragraph"}
_SYMBOLS_ONLY = {"committee_report", "meeting_record", "originating_document"}
_WORDS_ONLY = {"title", "committee", "agenda_item_name", "adoption_type"}
_DIGITS_RE = re.compile(r"\d+")


def _facts(field: str, value):
    """What of a translated value can be compared with the English record: its numbers, its symbols, or
    (None) nothing; values of other fields (symbol, number, session, dates) are the facts themselves."""
    if field in _WORDS_ONLY:
        return None
    if field in _NUMBERS_ONLY:
        return tuple(int(d) for d in _DIGITS_RE.findall(unicodedata.normalize("NFKC", str(value))))
    if field in _SYMBOLS_ONLY:
        return tuple(SYMBOL_RE.findall(unicodedata.normalize("NFKC", str(value))))
    return value


def _translation_differs(field: str):
    def differs(current, value) -> bool:
        mine, theirs = _facts(field, current), _facts(field, value)
        return mine is not None and _differs(mine, theirs)

    return differs


def apply_metadata(doc: ParsedDocument, record: dict) -> None:
    """Fill ``doc``'s missing fields and ``extra`` from a normalized record; report conflicts.

    For a version in another language than English only language-independent facts are compared,
    and a field in words only is neither compared nor filled: the English record does not translate it."""
    english = doc.language == "en"
    for field in ("symbol", "number", "session", "title", "adopted", "agenda_item", "committee_report", "meeting"):
        if not english and field in _WORDS_ONLY:
            continue
        merge(
            doc,
            field,
            record.get(field),
            "{field}: text has {current!r}, metadata record {value!r}",
            differs=_differs if english else _translation_differs(field),
        )
    # the same rule for what the text states beyond its header fields, except that where the two
    # agree the record's spelling is kept (the records spell names as the Organization does)
    extra = doc.extra
    for key in (
        "adoption_type",
        "committee",
        "agenda_item_name",
        "meeting_record",
        "report_paragraph",
        "originating_document",
    ):
        value = record.get(key)
        if value is None or (not english and key in _WORDS_ONLY):
            continue
        differs = _differs if english else _translation_differs(key)
        if key in extra and extra[key] is not None and differs(extra[key], value):
            doc.anomaly("metadata_conflict", f"{key}: text has {extra[key]!r}, metadata record {value!r}")
        else:
            extra[key] = value
    extra["metadata_record"] = True  # the page says whether votes, sponsors and subjects come from a record
    extra["sdgs"] = record.get("sdgs", [])
    extra["subjects"] = record.get("subjects", [])
    for key in ("sponsors", "additional_sponsors"):
        _merge_names(doc, key, record.get(key) or [])
    _merge_votes(doc, record.get("votes") or {})


def _differs(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _name_key(a) != _name_key(b)
    return a != b


def _merge_names(doc: ParsedDocument, key: str, names: list[str]) -> None:
    current = doc.extra.get(key)
    if not current:
        doc.extra[key] = list(names)
        return
    ours, theirs = {_name_key(n) for n in current}, {_name_key(n) for n in names}
    if names and ours != theirs:
        doc.anomaly(
            "metadata_conflict",
            f"{key}: only in the text {sorted(ours - theirs)}, only in the metadata record {sorted(theirs - ours)}",
        )


def _merge_votes(doc: ParsedDocument, votes: dict) -> None:
    current = doc.extra.get("votes")
    if not current:
        doc.extra["votes"] = dict(votes)
        return
    for key in _VOTE_FIELDS:
        mine, theirs = current.get(key), votes.get(key)
        if theirs is not None and mine is not None and mine != theirs:
            doc.anomaly("metadata_conflict", f"votes {key}: text has {mine}, metadata record {theirs}")
        elif mine is None and theirs is not None:
            current[key] = theirs
        states_mine, states_theirs = current.get(f"{key}_states"), votes.get(f"{key}_states") or []
        if not states_mine:
            current[f"{key}_states"] = list(states_theirs)
        elif states_theirs and {_name_key(s) for s in states_mine} != {_name_key(s) for s in states_theirs}:
            doc.anomaly("metadata_conflict", f"votes {key}: the lists of Member States differ")


MEMBER_STATE_LISTS = {
    "in_favour": ("votes", "in_favour_states"),
    "against": ("votes", "against_states"),
    "abstaining": ("votes", "abstaining_states"),
    "sponsors": ("sponsors",),
    "additional_sponsors": ("additional_sponsors",),
}


def read_member_states(doc: ParsedDocument, table: NameTable | None = None) -> None:
    """The votes and sponsor lists in the Organization's names (``extra["member_states"]``).

    The lists as printed stay where they are; each name is read through the name table,
    statements ("Submitted by the Chair") are kept apart, and a name that matches no State
    is reported as an ``unknown_member_state`` anomaly and shown as printed.
    """
    table = table or name_table()
    out: dict[str, list] = {}
    for name, path in MEMBER_STATE_LISTS.items():
        value = doc.extra
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        if not value:
            continue
        read = table.read([str(v) for v in value])
        out[name] = [{"name": s.name, "role": s.role} for s in read.states]
        out[name].extend({"name": u, "role": "", "unknown": True} for u in read.unknown)
        if read.statements:
            out[f"{name}_statements"] = read.statements
        for u in read.unknown:
            doc.anomaly(
                "unknown_member_state", f"{name.replace('_', ' ')}: {u!r} names no Member State; shown as printed"
            )
    if out:
        doc.extra["member_states"] = out
