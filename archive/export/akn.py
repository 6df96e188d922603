"""A document of the archive as AKN4UN XML, in the profile of ``fixtures/akn/``.

Why this shape: the export is meant to be read by the same tools that read the UN's
own files, and by ``archive.parsing.akn.parse``: exporting a document and importing
the export gives back the same paragraphs, footnotes and references (the round-trip
test). So:

- preambular paragraphs are ``<container>``s in ``<preamble>`` after the enacting
  formula; numbered paragraphs are ``<paragraph><num>``; sub-items are ``<point>``s
  in a ``<list>`` whose ``<intro>`` is the paragraph's own text;
- a report's headings open flat ``<section>``s (``<num>`` + ``<heading>``) holding
  the paragraphs under them (the archive keeps no heading levels, so none are made up);
- each footnote is an ``<authorialNote marker="N">`` where its first marker stands;
  later markers of the same footnote are ``<sup>N</sup>``, as in the UN's files;
  a marker whose footnote text the source lacks is a ``<sup>`` too;
- a footnote whose marker the source lost (OCR) has no place in the text: it goes in
  a ``<container name="footnotesWithoutMarker">`` at the end of ``<mainBody>``;
- in footnotes, document symbols are ``<a href="https://undocs.org/...">`` links and
  Treaty Series citations are ``<ref href="…/instruments/UNTS:…/">`` to the archive's
  instrument page;
- ``eId``s are the archive's paragraph anchors (``pp3``, ``op5``, ``op49a``), so an
  element of the export and a fragment of the HTML page share one identifier;
- in another official language (``language="fr"``) the texts, footnotes and title are that
  language's, on the English structure (numbers, anchors, citations), numbers and labels printed
  as that language prints them (Arabic ``<num>1 -</num>``), and ``FRBRlanguage`` names it; an
  element the version lacks is exported in English.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.urls import reverse

from archive.documents.assembly import AssembledFootnote, assemble
from archive.documents.languages import formula_parts
from archive.models import Document, DocumentVersion, Paragraph

from .inline import AKN_NS, Span, citation_spans, fill, q

CONTENT_TYPE = "application/akn+xml; charset=utf-8"
ISO_639_2 = {
    "ar": "ara",
    "zh": "zho",
    "en": "eng",
    "fr": "fra",
    "ru": "rus",
    "es": "spa",
}  # as FRBRlanguage writes them
_UNITS = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = ["", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def english_lines(doc: Document) -> dict[str, str]:
    """The English cover and closing lines, written from the document's record (the names
    ``DocumentVersion.printed_lines`` gives another language's)."""
    lines = {"session": f"{session_words(doc.session)} session"}
    if doc.distributed:
        lines["date"] = long_date(doc.distributed)
    if doc.agenda_item:
        lines["agenda_item"] = f"Agenda item {doc.agenda_item}"
    if doc.committee_report:
        committee = (doc.metadata or {}).get("committee") or ""
        lines["proponent"] = (
            f"[on the report of the {committee} ({doc.committee_report})]"
            if committee
            else (f"[on the report ({doc.committee_report})]")
        )
    if doc.meeting:
        lines["meeting"] = doc.meeting
    if doc.adopted:
        lines["adopted"] = long_date(doc.adopted)
    return lines


def session_words(n: int) -> str:
    """74 → 'Seventy-fourth' (how the cover page prints a session)."""
    if n < 20:
        word = _UNITS[n] if n > 0 else str(n)
    elif n < 100:
        tens, unit = divmod(n, 10)
        word = f"{_TENS[tens]}ieth" if unit == 0 else f"{_TENS[tens]}y-{_UNITS[unit]}"
    else:
        word = f"{n}th"
    return word[:1].upper() + word[1:]


def long_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, q(tag), {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


class _Export:
    """One document's export, written from its assembly (a fixed number of queries)."""

    def __init__(self, document: Document, site: str = "", language: str = "en"):
        self.doc = document
        assembled = assemble(document, language)
        self.language = assembled.language.code
        self.title = assembled.title
        self.site = site.rstrip("/")
        self.paragraphs = [p.paragraph for p in assembled.paragraphs]
        self.by_id = {p.id: p for p in self.paragraphs}
        self.shown = {p.paragraph.id: p.shown for p in assembled.paragraphs}
        self.footnotes: dict[int, AssembledFootnote] = {f.number: f for f in assembled.footnotes}
        self.placed: set[int] = set()
        # the formula and cover title as this language prints them; English ones only in the English expression
        self.formula, self.cover_title = ("The General Assembly,", "") if self.language == "en" else ("", "")
        # the cover's and closing lines: the English written from the record, another language's as
        # its source prints them (a line it lacks is left out, never put in English)
        self.printed_lines = english_lines(document)
        if self.language != "en":
            held = DocumentVersion.objects.filter(document=document, language=self.language)
            self.formula, self.cover_title, self.printed_lines = held.values_list(
                "formula", "cover_title", "printed_lines"
            ).first() or ("", "", {})

    def instrument_href(self, key: str) -> str:
        return self.site + reverse("archive:instrument", args=[key])

    # --- inline content ----------------------------------------------------------

    def note(self, number: int) -> ET.Element:
        """The footnote at its first marker; later markers (and markers without text) are <sup>."""
        fn = self.footnotes.get(number)
        if fn is None or fn.footnote.text_missing or number in self.placed:
            sup = ET.Element(q("sup"))
            sup.text = str(number)
            return sup
        self.placed.add(number)
        el = ET.Element(
            q("authorialNote"), {"marker": str(number), "placement": "bottom", "eId": f"authorialNote_{number}"}
        )
        fill(_sub(el, "p"), fn.text, citation_spans(fn.text, fn.citations, self.instrument_href))
        return el

    def text_into(self, parent: ET.Element, para: Paragraph, prefix: str = "") -> None:
        """The paragraph's text with its markers; the opening phrase in italics, as printed."""
        points: dict[int, list[ET.Element]] = {}
        shown = self.shown[para.id]
        body, opening = shown.text, shown.opening
        for offset, number in sorted((m.offset, m.number) for m in shown.markers):
            points.setdefault(len(prefix) + offset, []).append(self.note(number))
        text = prefix + body
        spans = []
        cut = len(prefix) + len(opening) if opening and body.startswith(opening) else 0
        if cut and not any(len(prefix) < k < cut for k in points):
            spans.append(Span(len(prefix), cut, "span", {"class": "italic"}))
        fill(parent, text, spans, points)

    # --- structure -----------------------------------------------------------------

    def build(self) -> ET.Element:
        doc = self.doc
        root = ET.Element(q("akomaNtoso"), {"xmlns": AKN_NS})
        if doc.is_resolution:
            main = _sub(root, "statement", name="resolution")
        else:
            main = _sub(root, "doc", name="report")
        self.meta(main)
        self.cover(main)
        self.preface(main)
        preambular = [p for p in self.paragraphs if p.kind == Paragraph.Kind.PREAMBULAR]
        if doc.is_resolution or preambular:
            preamble = _sub(main, "preamble")
            if self.formula:  # another language's formula where the archive holds it; none rather than the English
                words, punctuation = formula_parts(self.formula)
                formula = _sub(_sub(preamble, "formula", name="enactingFormula", eId="formula_1"), "p")
                _sub(formula, "span", words, class_="italic").tail = punctuation
            for p in preambular:
                container = _sub(preamble, "container", name=p.opening or "preambular", eId=p.anchor)
                self.text_into(_sub(container, "p"), p)
        self.main_body(_sub(main, "mainBody"), [p for p in self.paragraphs if p.kind != Paragraph.Kind.PREAMBULAR])
        meeting, adopted = self.printed_lines.get("meeting"), self.printed_lines.get("adopted")
        if doc.is_resolution and (meeting or (doc.adopted and adopted)):
            p = _sub(_sub(main, "conclusions", eId="conclusions"), "p")
            if meeting:
                _sub(p, "inline", meeting, name="adoptionMeeting")
                _sub(p, "eol")
            if doc.adopted and adopted:
                _sub(p, "docDate", adopted, date=doc.adopted.isoformat(), refersTo="#adoptionDate")
        return root

    def main_body(self, body: ET.Element, paragraphs: list[Paragraph]) -> None:
        container = body
        for para, subitems in self.groups(paragraphs):
            if para.kind == Paragraph.Kind.HEADING:
                container = _sub(body, "section", eId=para.anchor)
                if para.number:
                    _sub(container, "num", self.printed_number(para))
                self.text_into(_sub(container, "heading"), para)
            elif para.kind == Paragraph.Kind.SUBPARAGRAPH:
                self.loose_subitem(container, para)
            else:
                self.paragraph(container, para, subitems)
        unplaced = [
            n for n, fn in sorted(self.footnotes.items()) if n not in self.placed and not fn.footnote.text_missing
        ]
        if unplaced:
            p = _sub(_sub(body, "container", name="footnotesWithoutMarker", eId="footnotesWithoutMarker"), "p")
            for n in unplaced:
                p.append(self.note(n))

    def groups(self, paragraphs: list[Paragraph]) -> list[tuple[Paragraph, list[Paragraph]]]:
        """Each numbered paragraph with the sub-items that follow it and descend from it."""
        groups: list[tuple[Paragraph, list[Paragraph]]] = []
        for p in paragraphs:
            head = groups[-1][0] if groups else None
            if (
                p.kind == Paragraph.Kind.SUBPARAGRAPH
                and head is not None
                and head.number
                and head.kind != Paragraph.Kind.HEADING
                and self.descends(p, head)
            ):
                groups[-1][1].append(p)
            else:
                groups.append((p, []))
        return groups

    def descends(self, p: Paragraph, ancestor: Paragraph) -> bool:
        seen = 0
        while p.parent_id is not None and seen < 10:
            if p.parent_id == ancestor.id:
                return True
            p = self.by_id.get(p.parent_id, ancestor)
            seen += 1
        return False

    def paragraph(self, parent: ET.Element, para: Paragraph, subitems: list[Paragraph]) -> None:
        el = _sub(parent, "paragraph", eId=para.anchor)
        if para.number:
            _sub(el, "num", self.printed_number(para))
        if not subitems:
            self.text_into(_sub(_sub(el, "content"), "p"), para)
            return
        lst = _sub(el, "list", eId=f"{para.anchor}__list")
        self.text_into(_sub(_sub(lst, "intro"), "p"), para)
        for sub in subitems:
            point = _sub(lst, "point", eId=sub.anchor)
            label = self.sub_label(sub, para)
            if label:
                _sub(point, "num", label)
            self.text_into(_sub(_sub(point, "content"), "p"), sub)

    def printed_number(self, para: Paragraph) -> str:
        """A paragraph's (or heading's) number as the exported language prints it and its page shows it
        (Arabic "5 -", as the UN's Arabic files write their ``<num>``); the English one ("5.") where the text
        is English. The digits are the English number's, which the parser reads back from either."""
        shown = self.shown.get(para.id)
        if shown is not None and shown.language != "en" and not shown.fallback and shown.number:
            return shown.number
        return f"{para.number}."

    def sub_label(self, sub: Paragraph, para: Paragraph) -> str:
        """The sub-item's label as the exported language prints it ("a)", "(أ)"); the English one
        ("(a)") where the text is English."""
        shown = self.shown.get(sub.id)
        if shown is not None and shown.language != "en" and not shown.fallback and shown.number:
            return shown.number
        return sub.number[len(para.number) :] if sub.number.startswith(para.number) else ""

    def loose_subitem(self, parent: ET.Element, para: Paragraph) -> None:
        """A sub-item with no numbered paragraph before it: an un-numbered paragraph opening '(a)'."""
        label = "(" + para.number.partition("(")[2] if "(" in para.number else ""
        el = _sub(parent, "paragraph", eId=para.anchor)
        self.text_into(_sub(_sub(el, "content"), "p"), para, prefix=f"{label} " if label else "")

    # --- header ------------------------------------------------------------------------

    def work_uri(self) -> str:
        doc = self.doc
        date = (doc.adopted or doc.distributed or dt.date(1, 1, 1)).isoformat()
        if doc.is_resolution and doc.number:
            return f"/akn/un/statement/deliberation/unga/{date}/{doc.number.replace('/', '-')}"
        return f"/akn/un/doc/report/unga/{date}/{doc.symbol.lower().replace('/', '-')}"

    def meta(self, main: ET.Element) -> None:
        doc = self.doc
        meta = _sub(main, "meta")
        ident = _sub(meta, "identification", source="#archive")
        work = self.work_uri()
        none = "0001-01-01"
        levels = [
            (
                "FRBRWork",
                work,
                (doc.adopted or doc.distributed),
                "adoption" if doc.adopted else "publication",
                "#author",
            ),
            ("FRBRExpression", f"{work}/{ISO_639_2[self.language]}@", doc.distributed, "publication", "#issuer"),
            (
                "FRBRManifestation",
                f"{work}/{ISO_639_2[self.language]}@",
                doc.loaded_at.date() if doc.loaded_at else None,
                "markup",
                "#editor",
            ),
        ]
        for level, uri, date, name, role in levels:
            frbr = _sub(ident, level)
            suffix = ".xml" if level == "FRBRManifestation" else "/"
            _sub(frbr, "FRBRthis", value=f"{uri}/!main{'.xml' if suffix == '.xml' else '/'}")
            _sub(frbr, "FRBRuri", value=f"{uri}{suffix}")
            _sub(frbr, "FRBRdate", date=date.isoformat() if date else none, name=name)
            _sub(frbr, "FRBRauthor", href="#archive" if level == "FRBRManifestation" else "#ga", as_=role)
            if level == "FRBRWork":
                _sub(frbr, "FRBRcountry", value="un")
            elif level == "FRBRExpression":
                _sub(frbr, "FRBRlanguage", language=ISO_639_2[self.language])
        refs = _sub(meta, "references", source="#archive")
        _sub(
            refs,
            "TLCOrganization",
            eId="ga",
            href="/akn/ontology/organization/un/generalAssembly",
            showAs="General Assembly",
        )
        _sub(
            refs,
            "TLCOrganization",
            eId="archive",
            href="/akn/ontology/organization/un/resolutionArchive",
            showAs="Resolution Archive (export of its text; source: United Nations)",
        )
        _sub(refs, "TLCConcept", eId="symbol", href="/akn/ontology/reference/un/symbol", showAs="Symbol")

    def cover(self, main: ET.Element) -> None:
        """The cover page, its lines as ``printed_lines`` gives them."""
        doc, lines = self.doc, self.printed_lines
        cover = _sub(main, "coverPage", eId="coverPage_1")
        _sub(_sub(cover, "p"), "docNumber", doc.symbol, refersTo="#symbol")
        if doc.distributed and lines.get("date"):
            _sub(
                _sub(cover, "p"),
                "docDate",
                lines["date"],
                date=doc.distributed.isoformat(),
                refersTo="#dateOfIssuance",
            )
        if lines.get("session"):
            _sub(_sub(cover, "p"), "session", lines["session"], refersTo="#generalAssembly", value=doc.session)
        if doc.agenda_item and lines.get("agenda_item"):
            _sub(_sub(cover, "p"), "inline", lines["agenda_item"], name="agenda item")
        # the cover's titles: another language's own where held; never the English one in its expression
        if self.cover_title:
            _sub(_sub(cover, "p"), "docTitle", self.cover_title)
        elif self.language == "en" and doc.is_resolution and doc.adopted:
            _sub(
                _sub(cover, "p"), "docTitle", f"Resolution adopted by the General Assembly on {long_date(doc.adopted)}"
            )
        elif self.language == "en" and not doc.is_resolution:
            _sub(_sub(cover, "p"), "docTitle", "Report of the Secretary-General")
        if doc.committee_report and lines.get("proponent"):
            proponent = _sub(_sub(cover, "p"), "docProponent")
            before, found, after = lines["proponent"].partition(doc.committee_report)
            proponent.text = before if found else lines["proponent"]
            if found:  # the report as the originating document, as the UN's files mark it
                _sub(proponent, "inline", doc.committee_report, name="originating document").tail = after

    def preface(self, main: ET.Element) -> None:
        doc = self.doc
        p = _sub(_sub(main, "preface"), "p")
        if doc.is_resolution and doc.number:
            _sub(p, "docNumber", f"{doc.number}.").tail = " "
        _sub(p, "docTitle", self.title, refersTo="#resolutionTitle" if doc.is_resolution else "#reportTitle")


_STRUCTURAL = {
    "akomaNtoso",
    "statement",
    "doc",
    "meta",
    "identification",
    "FRBRWork",
    "FRBRExpression",
    "FRBRManifestation",
    "references",
    "coverPage",
    "preface",
    "preamble",
    "formula",
    "container",
    "mainBody",
    "section",
    "paragraph",
    "list",
    "intro",
    "point",
    "content",
    "conclusions",
}


def _indent(el: ET.Element, level: int = 0) -> None:
    """Indent element-only content; never touch mixed content (ET.indent would add spaces to text)."""
    if el.tag.rsplit("}", 1)[-1] not in _STRUCTURAL or not len(el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def document_akn(document: Document, site: str = "", language: str = "en") -> str:
    """The document as an AKN4UN XML string; ``site`` ('https://host') makes instrument links absolute;
    ``language``: an official language the document is held in (else English)."""
    root = _Export(document, site, language).build()
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
