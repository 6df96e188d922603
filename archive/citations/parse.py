"""What a footnote cites: parse footnote text into citations.

A footnote of a General Assembly resolution or report cites one or more sources
(treaties, resolutions, documents, sales publications, web pages), separated by
semicolons. ``parse_footnotes`` reads the footnotes of one document in order, because
"Ibid." means "the source of the footnote before" and may change only its volume,
annex or supplement. Each citation gets a canonical key per kind, so that the same
instrument cited in different words over the years ("Resolution 55/25, annex II" in
2005, "Treaty Series, vol. 2237, No. 39574" in 2007) can be joined by the authority file
(``authority.Authority``) through the aliases it lists.

Pure Python, no Django. Any text is read: what names no known form becomes an
"other" citation, and an empty footnote yields no citation. An exception is therefore
a bug in this module, never a verdict on the footnote, and is left to propagate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import forms as f

KINDS = ("treaty", "resolution", "document", "publication", "web", "other")


@dataclass
class ParsedCitation:
    """One cited source, as the footnote writes it (the stored record is ``models.Citation``).

    key: "UNTS:2220:39481", "A/RES/55/25/annex-II", "A/HRC/4/24", "Sales:E.95.XIII.18",
    "web:un.org/womenwatch/daw/vaw/v-handbook.htm", "web:site:<owner slug>" (a website
    named by its owner, "the websites of the International Labour Organization"),
    "pub:<title slug>", "other:<slug>".
    pinpoint: where in the source ("chap. I, sect. A", "annex II", "vols. 2171 and 2173").
    parts: corrigenda/addenda/parts cited with a document ("Corr.1, Add.1-4", "Part I").
    title: from the footnote itself, or inferred (inferred=True) from the words before
    the marker. url: the address of a web citation.
    """

    kind: str
    key: str
    pinpoint: str | None
    raw: str
    title: str | None = None
    inferred: bool = False
    parts: str | None = None
    url: str | None = None


def parse_footnote(text: str, previous: ParsedCitation | None = None, memo: dict | None = None) -> list[ParsedCitation]:
    """The citations of one footnote; ``previous`` is what an "Ibid." repeats. ``memo`` keeps what
    footnotes read, for a caller that reads many documents (the same footnotes recur across a corpus)."""
    text = f.clean(text)
    if memo is None or "ibid" in text.casefold():  # only an "Ibid." reads the footnote before
        return _parse(text, previous)
    if text not in memo:
        memo[text] = _parse(text, None)
    return [replace(c) for c in memo[text]]  # copies: a caller may change what it is given


def parse_footnotes(
    texts: list[str], context: list[str | None] | None = None, memo: dict | None = None
) -> list[list[ParsedCitation]]:
    """Parse the footnotes of ONE document, in order.

    "Ibid." repeats the last source of the footnote before it (whatever page break
    lies between: the list is simply in footnote order). ``context[i]``, the text
    before the first marker of footnote i, supplies an inferred title for citations
    whose footnote gives none. ``memo``: see ``parse_footnote``.
    """
    out: list[list[ParsedCitation]] = []
    previous: ParsedCitation | None = None
    for i, text in enumerate(texts or []):
        cites = parse_footnote(text if isinstance(text, str) else "", previous, memo)
        ctx = context[i] if context and i < len(context) else None
        if ctx and cites:
            cites = _with_context(cites, ctx, memo)
        out.append(cites)
        if cites:
            previous = cites[-1]
    return out


# --- the walk ----------------------------------------------------------------------


def _parse(text: str, previous: ParsedCitation | None) -> list[ParsedCitation]:
    if not text:
        return []
    cites: list[ParsedCitation] = []
    series = None  # the treaty series a bare "vol. X, No. Y" belongs to, once known
    for i, segment in enumerate(f.split_segments(text)):
        ibid = f.IBID_RE.match(segment)
        if ibid and previous is not None and previous.kind == "treaty":
            series = previous.key.split(":")[0]
        rest = segment[ibid.end() :] if ibid else segment
        found = _identifiers(rest, series)
        if ibid and not any(c.kind != "web" for c in found):
            found = _from_ibid(rest, previous, series) + found
        if not found:
            found = _descriptive(segment, first=i == 0)
        for c in found:
            if c.kind == "treaty":
                series = c.key.split(":")[0]
        cites += found
    return cites


_WINDOW = 300  # characters read after an identifier: its locators ("paras. 3-5, annex II, sect. A")
_TITLE_WINDOW = 1000  # characters read before a sales number: the publication's title


def _identifiers(text: str, series: str | None) -> list[ParsedCitation]:
    """Every explicit identifier in a segment, in text order.

    Forms are tried from the most specific (web address, Official Records supplement,
    sales number, Treaty Series) to the most general (document symbol); each match is
    masked so that "resolution 1" inside a sales pinpoint or "2016/06" inside an
    address is not read again.
    """
    found: list[tuple[int, ParsedCitation]] = []
    # the masked text as a list of characters: masking in place is cheap, where rebuilding the
    # string at every match was quadratic in a footnote of thousands of identifiers
    chars = list(text)

    def mask(start: int, end: int) -> None:
        chars[start:end] = "\0" * (end - start)

    def masked() -> str:
        return "".join(chars)

    def after(read, end: int):
        """``read`` (pinpoint_after, symbol_parts) on a bounded window of the masked text from ``end``."""
        value, stop = read("".join(chars[end : end + _WINDOW]), 0)
        return value, end + stop

    urls = f.find_urls(text)
    for start, end, url in urls:
        found.append((start, ParsedCitation("web", "web:" + f.normalize_url(url), None, text, url=f.full_url(url))))
        mask(start, end)
    # "Author, “Title”, date. Available from <address>": a book, article or report that the
    # address makes available; decided below, once it is known that nothing else is cited
    work_title = f.available_work_title(masked()[: urls[0][0]].replace("\0", " ")) if urls else None

    for m in f.SUPPLEMENT_RE.finditer(masked()):
        sym = f.SYMBOL_RE.search(m.group(1))
        if not sym:
            continue
        pin, end = after(f.pinpoint_after, m.end())
        found.append((m.start(), ParsedCitation("document", sym.group(1), pin, text[m.start() : end])))
        mask(m.start(), end)

    for m in f.SALES_RE.finditer(masked()):
        pin, end = after(f.pinpoint_after, m.end())
        head = "".join(chars[max(0, m.start() - _TITLE_WINDOW) : m.start()]).replace("\0", " ").strip(" ,(")
        head = re.sub(r"^(?:see(?: also)?)\s+", "", head, flags=re.I)
        title = head if head and len(head.split()) > 2 else None
        found.append(
            (m.start(), ParsedCitation("publication", f.sales_key(m), pin, text[m.start() : end], title=title))
        )
        mask(m.start(), end)

    for m in f.TREATY_RE.finditer(masked()):
        kind = "LNTS" if (m.group(1) or "").startswith("League") else "UNTS"
        found += [(m.start(), c) for c in _treaties(kind, m.group(2), m.group(3), text[m.start() : m.end()])]
        mask(m.start(), m.end())
        series = kind
    if series:
        for m in f.BARE_TREATY_RE.finditer(masked()):
            if m.group(2):
                found += [(m.start(), c) for c in _treaties(series, m.group(1), m.group(2), text[m.start() : m.end()])]
                mask(m.start(), m.end())

    for m in f.RESOLUTION_RE.finditer(masked()):
        prefix = f.RESOLUTION_PREFIX.get(m.group(1), "A/RES/")
        pin, end = after(f.pinpoint_after, m.end())
        if m.group(3):
            pin = m.group(3) + (", " + pin if pin else "")
        numbers = f.resolution_numbers(m.group(2))
        if any("(" in n for n in numbers) and not f.parenthesized_number_is_ours(m.group(1), masked()[: m.start()]):
            numbers = [n for n in numbers if "(" not in n]
        if not numbers:
            continue
        for number in numbers:
            for suffix in f.annex_suffixes(m.group(3)):
                key = f.resolution_key(prefix, number, suffix)
                found.append((m.start(), ParsedCitation("resolution", key, pin, text[m.start() : end])))
        mask(m.start(), end)

    for m in f.SYMBOL_RE.finditer(masked()):
        # "A/HRC/11/7/Add.2" is the symbol of the addendum, a document of its own (a mission
        # report); "A/59/287 and Add.1" cites the document with its addendum as a part
        symbol, parts, symbol_end = m.group(1) + m.group(2), [], m.end()
        year = re.match(r"\s*(\((?:19|20)\d{2}\))", masked()[m.end() : m.end() + 12])
        if symbol.startswith("S/RES/") and year:  # "S/RES/1325 (2000)" is the key "S/RES/1325(2000)"
            symbol, symbol_end = symbol + year.group(1), m.end() + year.end()
        more, end = after(f.symbol_parts, symbol_end)
        pin, end = after(f.pinpoint_after, end)
        raw, part_note = text[m.start() : end], ", ".join(parts + more) or None
        if f.is_resolution_symbol(symbol):
            # "A/RES/55/25, annex II" names the annexed instrument, as "Resolution 55/25, annex II" does
            annex = re.match(r"annex(?:es)?(?:\s+[IVXL]+(?:\s*(?:,|and)\s*[IVXL]+)*)?", pin or "")
            for suffix in f.annex_suffixes(annex.group(0) if annex else None):
                found.append(
                    (
                        m.start(),
                        ParsedCitation("resolution", f.resolution_key(symbol, "", suffix), pin, raw, parts=part_note),
                    )
                )
        else:
            found.append((m.start(), ParsedCitation("document", symbol, pin, raw, parts=part_note)))
        mask(m.start(), end)

    cites = [c for _, c in sorted(found, key=lambda pair: pair[0])]
    if work_title and all(c.kind == "web" for c in cites):
        first = next(i for i, c in enumerate(cites) if c.url == f.full_url(urls[0][2]))
        c = cites[first]
        cites[first] = ParsedCitation(
            "publication", f.work_key(work_title, c.url), None, c.raw, title=work_title, url=c.url
        )
    return cites


def _treaties(series: str, vols: str, number: str, raw: str) -> list[ParsedCitation]:
    """One citation per volume: the same registration number in two volumes is two
    instruments (vol. 2237 and vol. 2241, No. 39574 are the two protocols; likewise
    vols. 2171 and 2173, No. 27531 are two optional protocols to the CRC)."""
    return [ParsedCitation("treaty", f.treaty_key(series, v, number), None, raw) for v in f.volumes(vols)]


def _from_ibid(rest: str, previous: ParsedCitation | None, series: str | None) -> list[ParsedCitation]:
    """An "Ibid." that names no new identifier: the previous source, possibly with a
    new volume/number, annex or pinpoint."""
    raw = ("Ibid., " + rest).strip(" ,") if rest else "Ibid."
    if previous is None:
        return [ParsedCitation("other", "other:ibid-without-antecedent", None, raw)]
    body = rest.strip(" .,")
    if previous.kind == "treaty":
        s, vol, num = previous.key.split(":")
        m = f.BARE_TREATY_RE.search(body)
        n = f.BARE_NUMBER_RE.search(body)
        if m:
            return _treaties(s, m.group(1), m.group(2) or num, raw)
        if n:
            return [ParsedCitation("treaty", f.treaty_key(s, vol, n.group(1)), None, raw)]
    if previous.kind == "resolution":
        annex = re.match(r"^(annex(?:es)?(?:\s+[IVXL]+(?:\s*(?:,|and)\s*[IVXL]+)*)?)", body)
        if annex:
            base = re.sub(r"/annex(?:-[IVXL]+)?$", "", previous.key)
            pin, _ = f.pinpoint_after(body, annex.end())
            pin = annex.group(1) + (", " + pin if pin else "")
            return [
                ParsedCitation("resolution", f.resolution_key(base, "", suffix), pin, raw)
                for suffix in f.annex_suffixes(annex.group(1))
            ]
    pin, _ = f.pinpoint_after(body, 0)
    return [replace(previous, raw=raw, pinpoint=pin if pin else (previous.pinpoint if not body else None))]


def _descriptive(segment: str, first: bool) -> list[ParsedCitation]:
    """A segment without identifiers: a book, article or report, a website named by its
    owner, else a remark."""
    text = segment.strip()
    if not re.search(r"[A-Za-z]{2}", text) or (not first and len(text.split()) < 3):
        return []
    if f.looks_bibliographic(text):
        title = f.bibliographic_title(text)
        key_text = title or re.sub(r"^(?:See(?: also)?)\s+", "", text)
        return [ParsedCitation("publication", f.work_key(key_text), None, text, title=title)]
    sites = f.named_websites(text)
    if sites:  # "taken from ... the websites of the International Labour Organization and ..."
        return [
            ParsedCitation("web", f.website_key(d, owner), None, text, title=f.website_title(d, owner, the))
            for d, owner, the in sites
        ]
    return [_other(text)]


def _other(text: str) -> ParsedCitation:
    return ParsedCitation("other", "other:" + (f.slug(text, 60) or "unreadable"), None, text)


_HRC_CONTEXT = re.compile(r"Human Rights Council\b[^.;]*\bresolutions?\b|\bCouncil resolutions?\b")


def _with_context(cites: list[ParsedCitation], context: str, memo: dict | None = None) -> list[ParsedCitation]:
    """Use the words before the marker: which body's resolutions, and a title.

    A report's "the Human Rights Council has adopted several resolutions¹" with the
    footnote "For example, resolutions 29/14, 32/14 and 35/10" cites Council
    resolutions, not General Assembly ones. A title is given only to citations that
    have none, and only when the footnote cites at most two sources: with more, the
    words name the group ("the Optional Protocols thereto"), not each one.
    """
    last = re.split(r"(?<=[.;])\s", f.clean(context))[-1]
    if _HRC_CONTEXT.search(last) and "General Assembly" not in last:
        cites = [
            replace(c, key="A/HRC/RES/" + c.key[len("A/RES/") :])
            if c.kind == "resolution" and c.key.startswith("A/RES/") and "General Assembly" not in c.raw
            else c
            for c in cites
        ]
    if len(cites) > 2:
        return cites
    if memo is None:
        title = f.title_from_context(context)
    else:
        if (context, None) not in memo:  # a tuple: never a footnote's text
            memo[context, None] = f.title_from_context(context)
        title = memo[context, None]
    if not title:
        return cites
    return [c if c.title else replace(c, title=title, inferred=True) for c in cites]
