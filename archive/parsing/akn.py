"""AKN4UN XML (the UN's Akoma Ntoso profile) to a ParsedDocument.

The XML is the most exact source there is: paragraphs, numbers and footnotes are
marked up, so this parser reads structure instead of guessing it. What it still
has to handle is the profile's variants: sub-items as ``<point>`` or as un-numbered
``<paragraph>``s starting with "(a)", repeated markers as ``<sup>18</sup>``,
sections, multi-part resolutions (``documentCollection``) and annexes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from .akn_meta import read_conclusions, read_metadata
from .document import FootnoteRef, ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError
from .text import collapse_spaces, extract_markers, marker, opening_phrase

FORMAT = "akn"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

_XML_DECL_RE = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<([^\s>/]+)", re.DOTALL)
# "(a)", and as the French, Spanish and Russian texts write it "a)"; Arabic letters "(أ)"
_LABEL_RE = re.compile(r"^\s*(?:\(([a-z]{1,3}|[ivxlc]+|[\u0621-\u064a])\)|([a-z]{1,2}|[ivxlc]{1,5})\))\s*")
# "6. Reaffirms", and as the Arabic texts print it "6 - تؤكد" (the number in the text, no <num>)
_NUMBER_IN_TEXT_RE = re.compile(r"^(\d{1,3})\s*([.\-\u2013\u2014]?)\s*(?=[^\W\d_])")
_EMPTY_NOTE_LABEL_RE = re.compile(r"^\(\s*\)\s*")  # the Arabic footnote text opens with "()" for its number
_MISREAD_DIGITS = str.maketrans("lIO", "110")
# a repeated marker: "18", "18, 20"; the Arabic text writes "(18)" and brackets a note "(" note ")"
_SUP_NUMBERS_RE = re.compile(r"^\s*\(?\s*\d{1,3}(?:\s*[,\u060c]\s*\d{1,3})*\s*\)?\s*$")
_SUP_BRACKET_RE = re.compile(r"^\s*[()]\s*$")
# brackets only, in a superscript run that touches a footnote: how Arabic prints the marker, "(" note ")"
_SUP_BRACKETS_RE = re.compile(r"^[\s()]*[()][\s()]*$")
_PRINTED_MARKER = ("(", ")")
_BLOCKS = {
    "p",
    "td",
    "th",
    "tr",
    "table",
    "blockList",
    "item",
    "list",
    "intro",
    "point",
    "listIntroduction",
    "content",
    "eol",
    "br",
    "heading",
    "subheading",
    "num",
}
_SKIP = {"img", "authorialNote", "meta", "noteRef"}


def sniff(text: str) -> bool:
    m = _XML_DECL_RE.match(text[:4096].lstrip("\ufeff"))
    return bool(m) and "akomaNtoso" in m.group(1)


def parse(text: str, source: str) -> ParsedDocument:
    root, lines = _load(text, source)
    return _Parser(root, lines, source).run()


def _load(text: str, source: str) -> tuple[ET.Element, dict[int, int]]:
    """The element tree, and each element's 1-based start line (ElementTree has none)."""
    if not text.strip():
        raise ParseError(source, 1, "empty file")
    try:
        if "<!DOCTYPE" in text:
            # refused: AKN files declare no DTD, and a DTD's entities can expand enormously
            root = safe_fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        else:
            # without a DTD there is no entity to expand and no external reference: the C parser is safe
            root = ET.fromstring(text)
    except DefusedXmlException as exc:
        raise ParseError(source, 1, f"refused XML: {exc} (AKN files declare no document type or entities)") from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        raise ParseError(source, line or 1, f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    except (ValueError, LookupError) as exc:
        raise ParseError(source, 1, f"unreadable XML: {exc}") from None
    starts = start_lines(text)
    return root, {id(el): n for el, n in zip(root.iter(), starts)}


# what may hold a "<" that starts no element, and an element's start tag
_MARKUP_RE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(?=[^/?!])", re.DOTALL)


def start_lines(text: str) -> list[int]:
    """The 1-based line of each element's start tag, in document order (``root.iter()``'s), as
    expat numbers lines: read from the text of a well-formed document without parsing it again."""
    if "<!DOCTYPE" in text or text.count("\r") != text.count("\r\n"):
        return _expat_start_lines(text)  # a DTD, or lines ended by a lone CR: expat's own count
    lines: list[int] = []
    line, at = 1, 0
    count = text.count
    for m in _MARKUP_RE.finditer(text):
        start = m.start()
        if m.end() - start == 1:  # a start tag, not a comment, CDATA section or processing instruction
            line += count("\n", at, start)
            at = start
            lines.append(line)
    return lines


def _expat_start_lines(text: str) -> list[int]:
    starts: list[int] = []
    p = expat.ParserCreate()
    p.StartElementHandler = lambda name, attrs: starts.append(p.CurrentLineNumber)
    try:
        p.Parse(text, True)
    except (expat.ExpatError, ValueError):
        pass  # ElementTree accepted it; lines are a convenience
    return starts


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# a link into the UN's document system, in any language: https://undocs.org/ch/A/RES/48/104,
# https://docs.un.org/fr/A/CONF.157/24(PartI); the language segment (ar, ch or zh, en, es or sp, fr, ru) is dropped
_DOCUMENT_LINK_RE = re.compile(
    r"^https?://(?:www\.)?(?:undocs\.org|docs\.un\.org|documents\.un\.org)/(?:(?:ar|ch|zh|en|es|sp|fr|ru)/)?(?P<symbol>[^?#]+)",
    re.IGNORECASE,
)


def linked_symbol(href: str) -> str | None:
    """The document symbol a footnote link points to, whatever the language of the link; None for other links."""
    m = _DOCUMENT_LINK_RE.match((href or "").strip())
    if not m:
        return None
    symbol = unquote(m.group("symbol")).strip("/ ")
    return symbol if "/" in symbol else None


class _Parser:
    def __init__(self, root: ET.Element, lines: dict[int, int], source: str):
        self.root = root
        self.lines = lines
        self.source = source
        self.doc = ParsedDocument(source=source, format=FORMAT, kind="resolution")
        self.notes: dict[int, tuple[str, int | None]] = {}
        self.links: dict[int, list[str]] = {}
        self.last_numbered: str | None = None
        self.expected = 1
        self.part: str | None = None
        # bracket-only <sup> runs touching a footnote: id(sup) -> (note, side); what each note had printed
        self.marker_sups, self.text_before = _marker_sups(root)
        self.marker_brackets: dict[int, tuple[ET.Element, dict[str, str]]] = {}

    def line(self, el) -> int | None:
        return self.lines.get(id(el))

    def run(self) -> ParsedDocument:
        root, doc = self.root, self.doc
        if local(root.tag) != "akomaNtoso":
            raise ParseError(
                self.source,
                self.line(root) or 1,
                f"not AKN: root element is <{local(root.tag)}>, expected <akomaNtoso>",
            )
        docs = [c for c in root if local(c.tag) not in ("components",)]
        if not docs:
            raise ParseError(self.source, self.line(root) or 1, "AKN without a document element")
        main = docs[0]
        if local(main.tag) == "documentCollection":
            bodies = [
                s
                for comp in root.iter()
                if local(comp.tag) == "component"
                for s in comp
                if local(s.tag) in ("statement", "resolution", "doc")
            ]
        else:
            bodies = [main]
        if not any(local(c.tag) == "mainBody" for b in bodies for c in b):
            raise ParseError(
                self.source, self.line(main) or 1, f"AKN <{local(main.tag)}> without <mainBody>: no resolution text"
            )
        self.body_line = next((self.line(c) for b in bodies for c in b if local(c.tag) == "mainBody"), None)
        read_metadata(main, doc, self.line)
        for body in bodies:
            if body is not main:
                self.start_part(body)
                for c in body:
                    if local(c.tag) == "conclusions":
                        read_conclusions(c, doc, self.line)
            for child in body:
                tag = local(child.tag)
                if tag == "preamble":
                    self.preamble(child)
                elif tag == "mainBody":
                    self.main_body(child)
                elif tag == "attachments":
                    titles = [
                        collapse_spaces(" ".join(t.itertext())) for t in child.iter() if local(t.tag) == "docTitle"
                    ]
                    doc.extra.setdefault("annexes", []).extend(titles)
                    doc.anomaly(
                        "annex_not_parsed", f"{len(list(child))} annex(es) not parsed as paragraphs", self.line(child)
                    )
        self.finish()
        return doc

    def start_part(self, body) -> None:
        """A part of a multi-part resolution ("Resolution A"): numbering restarts."""
        label = title = ""
        for el in body.iter():
            if local(el.tag) == "preface":
                num = next((e for e in el.iter() if local(e.tag) == "docNumber"), None)
                ttl = next((e for e in el.iter() if local(e.tag) == "docTitle"), None)
                label = collapse_spaces("".join(num.itertext())) if num is not None else ""
                title = collapse_spaces("".join(ttl.itertext())) if ttl is not None else ""
                break
        self.part = label or None
        self.doc.paragraphs.append(
            ParsedParagraph("heading", title or label, number=label or None, line=self.line(body))
        )
        self.expected = 1
        self.last_numbered = None

    # --- text ------------------------------------------------------------------

    def raw(self, el, out: list[str], top: bool = True) -> None:
        """Inline text with ``marker(n)`` where footnote markers stand."""
        if not top:
            tag = local(el.tag)
            if tag == "authorialNote":
                self.note(el, out)
                out.append(el.tail or "")
                return
            if tag == "sup":
                content = "".join(el.itertext())
                touching = self.marker_sups.get(id(el))
                if touching is not None and _SUP_BRACKETS_RE.match(content):
                    # the marker's printing, not the text's: kept aside, and said in finish() when irregular
                    note, side = touching
                    self.marker_brackets.setdefault(id(note), (note, {}))[1][side] = content.strip()
                    out.append(el.tail or "")
                    return
                if _SUP_NUMBERS_RE.match(content):
                    out.extend(marker(int(n)) for n in re.findall(r"\d+", content))
                elif _SUP_BRACKET_RE.match(content):
                    pass  # the bracket printed around a note's number is the marker's, not the text's
                else:
                    out.append(content if content.strip() else " ")
                out.append(el.tail or "")
                return
            if tag in _SKIP:
                out.append(el.tail or "")
                return
            if tag in _BLOCKS:
                out.append(" ")
        out.append(el.text or "")
        for child in el:
            self.raw(child, out, top=False)
        if not top:
            out.append(" " if local(el.tag) in _BLOCKS else "")
            out.append(el.tail or "")

    def note(self, el, out: list[str]) -> None:
        try:
            number = int(el.get("marker", "").strip())
        except ValueError:
            self.doc.anomaly(
                "footnote_number_inferred",
                f"footnote marker {el.get('marker')!r} is not a number; numbered in order",
                self.line(el),
            )
            number = max(self.notes, default=0) + 1
        parts: list[str] = []
        self.raw(el, parts)
        text, _ = extract_markers(_typography("".join(parts)))
        text = _EMPTY_NOTE_LABEL_RE.sub("", text)
        if number in self.notes and self.notes[number][0] != text:
            self.doc.anomaly(
                "duplicate_footnote_number",
                f"footnote {number} defined twice with different texts; first kept",
                self.line(el),
            )
        else:
            self.notes.setdefault(number, (text, self.line(el)))
            self.links.setdefault(
                number,
                list(
                    dict.fromkeys(
                        s for a in el.iter() if local(a.tag) == "a" and (s := linked_symbol(a.get("href", "")))
                    )
                ),
            )
        out.append(marker(number))

    def clean(self, el, skip: tuple[str, ...] = ()) -> tuple[str, list]:
        out: list[str] = []
        out.append(el.text or "")
        for child in el:
            if local(child.tag) in skip:
                out.append(child.tail or "")
            else:
                self.raw(child, out, top=False)
        return extract_markers(_typography("".join(out)))

    # --- structure ---------------------------------------------------------------

    def add(self, kind: str, el, skip=(), number: str | None = None, line_el=None) -> ParsedParagraph | None:
        text, refs = self.clean(el, skip)
        if not text and not refs:
            return None
        opening = opening_phrase(text, kind) if self.doc.language == "en" else _printed_opening(el, text)
        para = ParsedParagraph(
            kind,
            text,
            number=number,
            opening=opening,
            refs=refs,
            line=self.line(el if line_el is None else line_el),
            section=self.part,
        )
        self.doc.paragraphs.append(para)
        return para

    def preamble(self, el) -> None:
        for child in el:
            tag = local(child.tag)
            if tag == "formula":
                continue
            if tag == "p" and re.fullmatch(r"The General Assembly,?", collapse_spaces("".join(child.itertext()))):
                continue
            self.add("preambular", child)

    def main_body(self, el) -> None:
        for child in el:
            tag = local(child.tag)
            if tag == "paragraph":
                self.paragraph(child)
            elif tag in ("section", "subsection", "part", "chapter", "division"):
                self.section(child)
            elif tag == "crossHeading":
                kind = "preambular" if child.get("refersTo") == "#preamble" else "heading"
                self.add(kind, child)
            elif tag in ("subheading", "heading"):
                self.heading(child, None)
            elif tag in ("container", "blockList", "table", "p"):
                self.attach(child)
            else:
                self.attach(child)

    def section(self, el) -> None:
        num = next((c for c in el if local(c.tag) in ("num", "p")), None)
        label = collapse_spaces("".join(num.itertext())).rstrip(".") if num is not None else None
        heads = [c for c in el if local(c.tag) in ("heading", "subheading")]
        title, refs = "", []
        for h in heads:  # a heading can hold a footnote marker (A/64/152, "A. International instruments")
            text, head_refs = self.clean(h)
            if not text and not head_refs:
                continue
            shift = len(title) + 1 if title else 0
            refs += [FootnoteRef(r.number, r.offset + shift) for r in head_refs]
            title = f"{title} {text}" if title else text
        if label or title:
            self.doc.paragraphs.append(
                ParsedParagraph(
                    "heading", title, number=label or None, refs=refs, line=self.line(el), section=self.part
                )
            )
        self.main_body([c for c in el if c is not num and all(c is not h for h in heads)])

    def heading(self, el, label: str | None) -> None:
        text, refs = self.clean(el)
        if text or label:
            self.doc.paragraphs.append(
                ParsedParagraph("heading", text, number=label, refs=refs, line=self.line(el), section=self.part)
            )

    def paragraph(self, el) -> None:
        children = {local(c.tag): c for c in el}
        num_el = children.get("num")
        number = _number(num_el)
        if "content" not in children and "list" not in children:
            head = children.get("subheading", children.get("heading"))
            if head is not None or (number and not number.isdigit()):
                self.heading(head if head is not None else num_el, number)
                return
        for tag in ("subheading", "heading"):
            if tag in children:
                self.heading(children[tag], None)
        if number is None:
            text, _ = self.clean(el, skip=("subheading", "heading"))
            m = _LABEL_RE.match(text)
            if m and (m.group(1) or self.last_numbered is not None):  # a bare "a)" only after a paragraph
                self.subparagraph(el, m.group(1) or m.group(2))
                return
            m = _NUMBER_IN_TEXT_RE.match(text)
            if m and int(m.group(1)) == self.expected and (self.expected > 1 or m.group(2)):
                self.recovered(el, m)
                return
            if self.add("operative", el, skip=("subheading", "heading")) is not None:
                self.last_numbered = ""  # an unnumbered paragraph's sub-items are "(a)", "(b)"
            return
        misread = number.translate(_MISREAD_DIGITS)
        if not number.isdigit() and misread == str(self.expected):
            self.doc.anomaly("misread_number", f"paragraph number {number!r} read as {misread}", self.line(num_el))
            number = misread
        if number.isdigit():
            self.check_sequence(int(number), el)
        self.last_numbered = number
        lst = children.get("list")
        if lst is not None:
            self.add("operative", _Wrapper([c for c in lst if local(c.tag) != "point"]), number=number, line_el=lst)
            self.points(lst, number)
        else:
            self.add("operative", el, skip=("num", "subheading", "heading"), number=number)

    def points(self, lst, prefix: str) -> None:
        for point in lst:
            if local(point.tag) != "point":
                continue
            label = _number(next((c for c in point if local(c.tag) == "num"), None), strip_parens=False)
            number = f"{prefix}{label}" if label else prefix
            self.add(
                "subparagraph",
                _Wrapper([c for c in point if local(c.tag) not in ("num", "list") and local(c.tag) != "sublist"]),
                number=number,
                line_el=point,
            )
            for sub in point:
                if local(sub.tag) in ("list", "sublist"):
                    self.points(sub, number)
            for content in point:
                for sub in content:
                    if local(sub.tag) in ("list", "sublist", "blockList"):
                        self.points(sub, number)

    def recovered(self, el, m) -> None:
        """An un-numbered paragraph whose number stands in its text ("6. Reaffirms")."""
        text, refs = self.clean(el, skip=("subheading", "heading"))
        number, cut = m.group(1), m.end()
        self.doc.anomaly(
            "recovered_paragraph", f"paragraph {number}: number found inside the text, not in <num>", self.line(el)
        )
        self.check_sequence(int(number), el)
        self.last_numbered = number
        text = text[cut:]
        self.doc.paragraphs.append(
            ParsedParagraph(
                "operative",
                text,
                number=number,
                opening=opening_phrase(text, "operative") if self.doc.language == "en" else _printed_opening(el, text),
                refs=[type(r)(r.number, max(0, r.offset - cut)) for r in refs],
                line=self.line(el),
                section=self.part,
            )
        )

    def subparagraph(self, el, label: str) -> None:
        text, refs = self.clean(el, skip=("subheading", "heading"))
        if self.last_numbered is None:
            self.doc.anomaly(
                "orphan_subparagraph", f"sub-item ({label}) with no numbered paragraph before it", self.line(el)
            )
        cut = _LABEL_RE.match(text).end()
        refs = [type(r)(r.number, max(0, r.offset - cut)) for r in refs]
        # another language keeps its label as printed ("a)", "(أ)"), as its <num> labels are kept
        printed = f"({label})" if self.doc.language == "en" else text[:cut].strip()
        self.doc.paragraphs.append(
            ParsedParagraph(
                "subparagraph",
                text[cut:],
                number=f"{self.last_numbered or ''}{printed}",
                refs=refs,
                line=self.line(el),
                section=self.part,
            )
        )

    def attach(self, el) -> None:
        """A table or block list in the body belongs to the paragraph that introduces it."""
        text, refs = self.clean(_Wrapper([el]))
        if not text:
            return
        paras = self.doc.paragraphs
        if paras and paras[-1].kind != "heading":
            prev = paras[-1]
            shift = len(prev.text) + 1
            prev.text = f"{prev.text} {text}"
            prev.refs.extend(type(r)(r.number, r.offset + shift) for r in refs)
        else:
            paras.append(ParsedParagraph("operative", text, refs=refs, line=self.line(el), section=self.part))

    def check_sequence(self, n: int, el) -> None:
        if n != self.expected and n != 1:  # numbering may restart at 1 in a new section
            self.doc.anomaly(
                "number_out_of_sequence", f"paragraph {n} where {self.expected} was expected", self.line(el)
            )
        self.expected = n + 1

    def finish(self) -> None:
        doc = self.doc
        self.report_marker_brackets()
        doc.footnotes = [
            ParsedFootnote(n, t, line, self.links.get(n, [])) for n, (t, line) in sorted(self.notes.items())
        ]
        referenced = {r.number for p in doc.paragraphs for r in p.refs}
        for n in sorted(referenced - set(self.notes)):
            doc.anomaly("missing_footnote_text", f"marker {n} has no footnote text in the XML")
        if not any(p.kind == "operative" for p in doc.paragraphs):
            raise ParseError(self.source, self.body_line or 1, "no operative paragraphs in <mainBody>")

    def report_marker_brackets(self) -> None:
        """A marker printed with other superscript brackets than one "(" before and one ")" after
        (80/185's Arabic has ")(" … "))"): all were read as the marker's printing, which is said."""
        for note, printed in self.marker_brackets.values():
            before, after = printed.get("before", ""), printed.get("after", "")
            if (before, after) == _PRINTED_MARKER:
                continue
            doc_number = note.get("marker", "").strip()
            preceding = self.text_before.get(id(note), "").rstrip()
            kept = (
                f"; the text before them ends with {preceding[-1]!r}, kept as printed"
                if preceding and preceding[-1] in "()"
                else ""
            )
            self.doc.anomaly(
                "footnote_marker_brackets",
                f"footnote {doc_number}: its marker is printed with the superscript brackets "
                f"{before or 'none'!r} before and {after or 'none'!r} after, where a marker is printed "
                f"'(' and ')'; all were read as the marker's printing, not as text{kept}",
                self.line(note),
            )


def _marker_sups(root: ET.Element) -> tuple[dict[int, tuple[ET.Element, str]], dict[int, str]]:
    """Each ``<sup>`` directly before or after an ``<authorialNote>`` (nothing but spaces between
    them), with that note and its side: a bracket printed there belongs to the marker. And, by note,
    the text printed before such a ``<sup>`` (what an irregular marker's report quotes)."""
    found: dict[int, tuple[ET.Element, str]] = {}
    before: dict[int, str] = {}
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if local(child.tag) != "authorialNote":
                continue
            if i > 0 and local(children[i - 1].tag) == "sup" and not (children[i - 1].tail or "").strip():
                found.setdefault(id(children[i - 1]), (child, "before"))
                before[id(child)] = (children[i - 2].tail if i > 1 else parent.text) or ""
            if i + 1 < len(children) and local(children[i + 1].tag) == "sup" and not (child.tail or "").strip():
                found.setdefault(id(children[i + 1]), (child, "after"))
    return found, before


class _Wrapper(list):
    """A list of elements that ``_Parser.clean`` can read as if it were one element."""

    text = ""
    tag = "wrapper"

    def __iter__(self):
        return list.__iter__(self)


def _printed_opening(el, text: str) -> str | None:
    """In another language than English, the opening words are those the text prints in bold or
    italics at its start ("<span class="bold italic">Prend note</span>", Chinese "<span class="bold">")."""
    roots = list(el) if isinstance(el, _Wrapper) else [el]
    for root in roots:
        for span in root.iter():
            if local(span.tag) != "span" or not re.search(r"\b(?:bold|italic)\b", span.get("class", "")):
                continue
            words = collapse_spaces(_typography("".join(span.itertext()))).strip(" ,;:")
            return words[:100] if words and text.startswith(words) else None
    return None


def _number(el, strip_parens: bool = True) -> str | None:
    if el is None:
        return None
    text = collapse_spaces("".join(el.itertext())).rstrip(".-\u2013\u2014 ").strip()  # "5.", Arabic "5 -"
    return text or None


def _typography(raw: str) -> str:
    """Layout characters that are not text: non-breaking hyphen, soft hyphen, zero widths."""
    return (
        raw.replace("\u2011", "-")
        .replace("\u00ad", "")
        .replace("\u200b", "")
        .replace("\u200e", "")
        .replace("\u200f", "")
        .replace("\ufeff", "")
    )
