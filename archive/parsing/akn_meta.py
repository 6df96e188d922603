"""Document metadata of an AKN4UN file: FRBR dates, cover page, workflow, voting.

Kept apart from ``akn.py`` (the body parser) because it reads a different part of
the file and fills ``ParsedDocument``'s header fields and ``extra`` (votes, sponsors).
Where the file states a fact twice (the adoption date on the cover, in the FRBR dates and
in the closing lines) the places meet by the rule of ``metadata.merge``, as the manifest
and the metadata records later do.
"""

from __future__ import annotations

import re

from .document import ParsedDocument
from .metadata import agenda_item, iso_date, merge
from .text import collapse_spaces, text_date

_VOTE_KEYS = {"inFavour": "in_favour", "against": "against", "abstaining": "abstaining"}


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_COMPOUND_NAMES = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
    "Group of 77 and China",
    "Heard Island and McDonald Islands",
    "Turks and Caicos Islands",
    "Wallis and Futuna",
)
_NOT_A_LIST_RE = re.compile(r"^(?:Submitted by|On the basis|On behalf|Draft )", re.IGNORECASE)


def split_names(names: str) -> list[str]:
    """ "A, B, C and D" → [A, B, C, D] (the workflow's sponsor lists).

    Commas and "and" inside parentheses or inside names such as "Trinidad and Tobago"
    do not split; a text that is not a list ("Submitted by the Chair ...") stays whole;
    a trailing remark ("Togo. - Philippines was removed ...") is dropped.
    """
    names = collapse_spaces(names or "")
    if not names:
        return []
    if _NOT_A_LIST_RE.match(names):
        return [names]
    names = re.split(r"\.\s+[-–]\s+", names)[0].rstrip(".")
    for compound in _COMPOUND_NAMES:
        names = re.sub(re.escape(compound), lambda m: m.group(0).replace(" and ", " \x00 "), names, flags=re.IGNORECASE)
    parts, depth, current = [], 0, ""
    tokens = re.split(r"(, | and |[()])", names)
    for tok in tokens:
        if tok in ("(", ")"):
            depth += 1 if tok == "(" else -1
        if tok in (", ", " and ") and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += tok
    parts.append(current)
    return [p.replace(" \x00 ", " and ").strip() for p in parts if p.strip()]


def _text(el) -> str:
    return collapse_spaces("".join(el.itertext())) if el is not None else ""


def _first(root, tag: str, **attrs):
    for el in root.iter():
        if local(el.tag) == tag and all(el.get(k) == v for k, v in attrs.items()):
            return el
    return None


# FRBRlanguage (ISO 639-2/B, as AKN4UN writes it) to the archive's codes (ISO 639-1, as URLs use them)
LANGUAGE_CODES = {
    "ara": "ar",
    "zho": "zh",
    "chi": "zh",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "rus": "ru",
    "spa": "es",
}


def read_metadata(main, doc: ParsedDocument, line_of) -> None:
    """Fill ``doc``'s header fields and ``extra`` from the document element ``main``."""
    children = {local(c.tag): c for c in main}
    meta = children.get("meta")
    cover = children.get("coverPage")
    preface = children.get("preface")
    conclusions = children.get("conclusions")

    # printed text first (cover page, closing lines), then the markup's FRBR dates
    if cover is not None:
        _cover(cover, doc, line_of)
    if preface is not None:
        num = _first(preface, "docNumber")
        title = _first(preface, "docTitle")
        if num is not None and (m := re.match(r"((?:[A-Z]+-)?\d+/\d+)", _text(num))):
            doc.number = m.group(1)
        if title is not None and _text(title):
            doc.title = _text(title).lstrip("-\u2013\u2014 ") or _text(title)  # "- العنف ..." after the number
    preamble = children.get("preamble")
    formula = _first(preamble, "formula", name="enactingFormula") if preamble is not None else None
    if formula is not None and _text(formula):
        doc.extra["formula"] = _text(formula).strip()  # "L’Assemblée générale,": as this language prints it
    if conclusions is not None:
        read_conclusions(conclusions, doc, line_of)
    if meta is not None:
        parts = {local(c.tag): c for c in meta}
        if "identification" in parts:
            _identification(parts["identification"], doc, line_of)
        if "workflow" in parts:
            _workflow(parts["workflow"], doc)
        if "analysis" in parts:
            _voting(parts["analysis"], doc)
        _classification(meta, doc)
        docket = _first(parts.get("presentation", meta), "docketNumber")
        if docket is not None and (m := re.search(r"\d{2}-\d{5}", _text(docket))):
            doc.extra["job_number"] = m.group(0)
    if doc.symbol is None and doc.number:
        doc.symbol = f"A/RES/{doc.number}"
    if doc.session is None and doc.number and doc.number.split("/")[0].isdigit():
        doc.session = int(doc.number.split("/")[0])
    missing = [f for f in ("symbol", "number", "title", "adopted") if getattr(doc, f) is None]
    if missing:
        doc.anomaly("missing_metadata", f"not in the XML: {', '.join(missing)}", line_of(main))


def read_conclusions(conclusions, doc: ParsedDocument, line_of) -> None:
    """The closing lines: "50th plenary meeting" and the adoption date."""
    meeting = _first(conclusions, "inline", name="adoptionMeeting")
    if meeting is None:
        meeting = _first(conclusions, "location", refersTo="#adoptionMeeting")
    if meeting is not None and _text(meeting) and doc.meeting is None:
        doc.meeting = _text(meeting)
    printed = doc.extra.setdefault("printed_lines", {})
    if doc.meeting:
        printed["meeting"] = doc.meeting
    closing = _first(conclusions, "docDate")
    if closing is not None:
        if _text(closing):
            printed["adopted"] = _text(closing)
        merge(
            doc,
            "adopted",
            iso_date(closing.get("date")) or text_date(_text(closing)),
            "closing date {value} differs from {field} {current}",
            line_of(closing),
        )


def _identification(meta, doc: ParsedDocument, line_of) -> None:
    for frbr in meta:
        if local(frbr.tag) == "FRBRWork":
            date = _first(frbr, "FRBRdate", name="adoption")
            if date is not None:
                merge(
                    doc,
                    "adopted",
                    iso_date(date.get("date")),
                    "FRBR adoption date {value} differs from {field} {current}",
                    line_of(date),
                )
        elif local(frbr.tag) == "FRBRExpression":
            lang = _first(frbr, "FRBRlanguage")
            if lang is not None and lang.get("language"):
                code = LANGUAGE_CODES.get(lang.get("language", "").strip().lower())
                if code is None:
                    doc.anomaly(
                        "unknown_language",
                        f"FRBRlanguage {lang.get('language')!r} is not an official "
                        f"language of the United Nations; read as English",
                        line_of(lang),
                    )
                else:
                    doc.language = code
            date = _first(frbr, "FRBRdate", name="publication")
            if date is not None:
                doc.extra["published"] = date.get("date")


def _cover(cover, doc: ParsedDocument, line_of) -> None:
    symbol = _first(cover, "docNumber")
    if symbol is not None and _text(symbol):
        doc.symbol = _text(symbol)
    # the cover's lines as printed, in the source's own language: the export of another
    # language's version writes these, never English words in a French expression
    lines: dict[str, str] = {}
    issued = _first(cover, "docDate")
    if issued is not None:
        doc.distributed = iso_date(issued.get("date")) or text_date(_text(issued))
        lines["date"] = _text(issued)
    session = _first(cover, "session")
    if session is not None:
        value = session.get("value") or ""
        doc.session = int(value) if value.isdigit() else None
        lines["session"] = _text(session)
    for inline in cover.iter():
        if local(inline.tag) != "inline":
            continue
        name = inline.get("name")
        if name == "agenda item":
            doc.agenda_item = agenda_item(_text(inline))
            lines["agenda_item"] = _text(inline)
        elif name == "agenda item name":
            doc.extra["agenda_item_name"] = _text(inline)
        elif name == "originating document":
            report = _text(inline)
            if m := re.search(r"para(?:s)?\.\s*(\S+)", report):
                doc.extra.setdefault("report_paragraph", m.group(1))
            doc.committee_report = report.split(",")[0].strip() or doc.committee_report
    title = _first(cover, "docTitle")
    if title is not None and _text(title):
        doc.extra["cover_title"] = _text(title)  # "Résolution adoptée par l’Assemblée générale le …"
    if title is not None:
        merge(
            doc,
            "adopted",
            text_date(_text(title)),
            "cover page adoption date {value} differs from {field} {current}",
            line_of(title),
        )
    proponent = _first(cover, "docProponent")
    if proponent is not None and _text(proponent):
        lines["proponent"] = _text(proponent)
    doc.extra.setdefault("printed_lines", {}).update({k: v for k, v in lines.items() if v})
    if proponent is not None and (m := re.search(r"report of the ((?:[A-Z][a-z]+ )+Committee)", _text(proponent))):
        doc.extra["committee"] = m.group(1)


def _workflow(meta, doc: ParsedDocument) -> None:
    for step in meta.iter():
        if local(step.tag) != "step":
            continue
        outcome, symbol, by = step.get("outcome"), step.get("as") or None, step.get("by") or ""
        if outcome == "draftResolution":
            doc.extra["draft"] = symbol
            doc.extra["sponsors"] = split_names(by)
        elif outcome == "draftResolutionAdditionalSponsors":
            doc.extra["additional_sponsors"] = split_names(by)
        elif outcome == "recommendedForAdoption":
            if symbol and doc.committee_report is None:
                doc.committee_report = symbol
            if step.get("refersTo"):
                doc.extra["report_paragraph"] = step.get("refersTo")
        elif outcome == "adopted":
            doc.extra["meeting_record"] = symbol
            merge(doc, "adopted", iso_date(step.get("date")), None)


def _voting(meta, doc: ParsedDocument) -> None:
    voting = _first(meta, "voting")
    if voting is None:
        return
    outcome = voting.get("outcome") or ""
    votes: dict = {"outcome": outcome}
    if outcome == "adoptedWithoutVote" or "without vote" in outcome.lower():
        doc.extra["adoption_type"] = "without a vote"
    elif outcome:
        doc.extra["adoption_type"] = "recorded vote"
    if m := re.match(r"Adopted (\d+)-(\d+)-(\d+)", outcome):
        votes.update(in_favour=int(m.group(1)), against=int(m.group(2)), abstaining=int(m.group(3)))
    for count in voting:
        key = _VOTE_KEYS.get((count.get("refersTo") or "").lstrip("#"))
        if local(count.tag) != "count" or key is None:
            continue
        value = count.get("value") or ""
        votes[key] = int(value) if value.isdigit() else None
        votes[f"{key}_states"] = [_text(o) for o in count.iter() if local(o.tag) == "organization"]
    doc.extra["votes"] = votes


def _classification(meta, doc: ParsedDocument) -> None:
    keywords = []
    for kw in (k for c in meta if local(c.tag) == "classification" for k in c):
        if local(kw.tag) == "keyword":
            pair = [kw.get("showAs") or kw.get("value") or "", kw.get("dictionary") or ""]
            if pair not in keywords:
                keywords.append(pair)
    if keywords:
        doc.extra["keywords"] = keywords
