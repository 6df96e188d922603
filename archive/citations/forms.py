"""The citation forms a UN footnote uses, as regular expressions and small helpers.

``parse`` walks a footnote and decides what it cites; this module only knows
how each form is written: a Treaty Series reference, a resolution number, a document
symbol with its corrigenda and addenda, an Official Records supplement, a sales
number, a web address, a book or article. Keeping the forms apart keeps the walk
readable and lets each form be tested on its own. Pure stdlib, no Django.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from archive.parsing.text import HYPHENS, SOFT_HYPHEN

# --- text clean-up ---------------------------------------------------------------

# Hyphen-like characters found in the sources (``text.HYPHENS``, and the soft hyphen): the non-breaking
# hyphen of "S‑23/2" (U+2011) would otherwise hide a resolution number, and en dashes appear in ranges
# ("Add.1–3", "5–13 September"). The em dash is kept: it separates title parts. Quotes are kept as
# printed: a citation's words are stored as the footnote prints them.
_DASHES = str.maketrans({c: "-" for c in HYPHENS + SOFT_HYPHEN})


def clean(text: str) -> str:
    """One line of text: dashes unified, Markdown emphasis dropped, spaces collapsed.

    ``*Treaty Series*`` (Markdown italics) must read as ``Treaty Series``; underscores
    are kept because they occur inside web addresses.
    """
    text = (text or "").translate(_DASHES).replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def split_segments(text: str) -> list[str]:
    """Split a footnote at top-level semicolons: each part names its own source.

    ``A/59/287 and Add.1; see also ... Sales No. E.04.IV.4`` is two citations, and the
    parts of ``Ibid., vol. 2131, No. 20378; and vols. 2171 and 2173, No. 27531`` each
    carry one Treaty Series reference. Semicolons inside parentheses do not split.
    """
    parts, depth, buf = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == ";" and depth == 0:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


def slug(text: str, limit: int = 80) -> str:
    """ASCII, lower-case, hyphen-joined words, cut at a word boundary under ``limit``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > limit:
            break
        out = f"{out}-{w}" if out else w[:limit]
    return out


# --- Ibid. and pinpoints -----------------------------------------------------------

IBID_RE = re.compile(r"^(?:see\s+)?ibid\b\.?,?\s*", re.I)

# A pinpoint is a run of locators after the reference: "chap. I, sect. A",
# "part one, annex I, decision 42/I", "chap. I, resolution 1, annexes I and II".
_ROMAN = r"[IVXL]+(?![A-Za-z])"
_LOCATOR = (
    r"(?:part\s+(?:one|two|three|four|five|[IVX]+|\d+)"
    r"|chaps?\.\s*[IVXL\d]+(?:\s*(?:-|and|to)\s*[IVXL\d]+)?"
    r"|sects?\.\s*[A-Z\d]+(?:\.\d+)*"
    r"|paras?\.\s*\d+(?:\s*(?:-|and|to|,)\s*\d+)*"
    r"|annex(?:es)?(?:\s+" + _ROMAN + r"(?:\s*(?:,|and)\s*" + _ROMAN + r")*)?"
    r"|appendix(?:\s+" + _ROMAN + r")?"
    r"|resolution\s+\d+(?!/)"
    r"|decision\s+\d+/[IVXL\d]+"
    r"|pp?\.\s*\d+(?:\s*-\s*\d+)?"
    r"|arts?\.\s*\d+(?:\s*(?:-|and)\s*\d+)?"
    r"|article\s+\d+)"
)
PINPOINT_RE = re.compile(r"^\s*,?\s*(" + _LOCATOR + r"(?:\s*,\s*" + _LOCATOR + r")*)", re.I)


def pinpoint_after(text: str, end: int) -> tuple[str | None, int]:
    """The locator run starting at ``text[end:]`` (after an optional comma), and its end."""
    m = PINPOINT_RE.match(text[end:])
    if not m:
        return None, end
    return m.group(1).strip(), end + m.end()


# --- Treaty Series -----------------------------------------------------------------

_VOLS = r"(\d+(?:\s*(?:,\s*and|,|and)\s*\d+)*)"
TREATY_RE = re.compile(
    r"(?:(United Nations|League of Nations),\s*)?Treaty Series,\s*vols?\.\s*" + _VOLS + r",\s*No\.\s*(\d+)",
    re.I,
)
# The same reference without the series name: only meaningful once the series is
# known from the footnote itself or from the footnote that "Ibid." repeats.
BARE_TREATY_RE = re.compile(r"\bvols?\.\s*" + _VOLS + r"(?:,\s*No\.\s*(\d+))?", re.I)
BARE_NUMBER_RE = re.compile(r"^\s*No\.\s*(\d+)", re.I)


def volumes(spec: str) -> list[str]:
    return re.findall(r"\d+", spec)


def treaty_key(series: str, volume: str, number: str) -> str:
    return f"{series}:{int(volume)}:{int(number)}"


# --- resolutions -------------------------------------------------------------------

# "55/25", "S-23/2"; before the fortieth session "2200 A (XXI)", "1386 (XIV)"; the Security
# Council's "1325 (2000)"
_RESNUM = r"(?:(?:ES-|S-)?\d+/\d+|\d+\s?(?:[A-Z]\s?)?\((?:[IVXL]+|(?:19|20)\d{2})\))"
RESOLUTION_RE = re.compile(
    r"(?:(General Assembly|Human Rights Council|Economic and Social Council"
    r"|Commission on Human Rights|Security Council)\s+)?\b[Rr]esolutions?\s+"
    r"(" + _RESNUM + r"(?:\s*(?:,\s*and|,|and)\s*" + _RESNUM + r")*)"
    r"(?:\s*,\s*(annex(?:es)?(?:\s+" + _ROMAN + r"(?:\s*(?:,|and)\s*" + _ROMAN + r")*)?))?"
)
RESOLUTION_PREFIX = {
    None: "A/RES/",
    "General Assembly": "A/RES/",
    "Human Rights Council": "A/HRC/RES/",
    "Economic and Social Council": "E/RES/",
    "Commission on Human Rights": "E/CN.4/RES/",
    "Security Council": "S/RES/",
}
_SC_NUMBER = re.compile(r"^\d+\((?:19|20)\d{2}\)$")
_NAMED_BODY_BEFORE = re.compile(r"(?:^|\s)(?!See\b|Also\b|And\b|In\b|Cf\b)[A-Z][\w'’)-]*\s*$")


def parenthesized_number_is_ours(body: str | None, before: str) -> bool:
    """ "2200 A (XXI)" and "1325 (2000)" are the General Assembly's and the Security Council's
    numbering only when no other body is named: "Trade and Development Board resolution 597
    (LXVIII)", "Parliamentary Assembly ... resolution 1997 (2014)" or "Human Rights Council
    resolution 7 (2008)" are some other body's, and are left alone rather than misfiled."""
    if body not in (None, "General Assembly", "Security Council"):
        return False
    return body is not None or not _NAMED_BODY_BEFORE.search(before)


ANNEX_RE = re.compile(r"^annex(?:es)?(?:\s+(" + _ROMAN + r"(?:\s*(?:,|and)\s*" + _ROMAN + r")*))?$", re.I)


def resolution_numbers(spec: str) -> list[str]:
    return re.findall(_RESNUM, spec)


def annex_suffixes(annex: str | None) -> list[str]:
    """ "annex" -> ["annex"]; "annex II" -> ["annex-II"]; "annexes I and II" -> both."""
    if not annex:
        return [""]
    m = ANNEX_RE.match(annex.strip())
    if not m:
        return [""]
    if not m.group(1):
        return ["annex"]
    return [f"annex-{r}" for r in re.findall(r"[IVXL]+", m.group(1))]


def resolution_key(prefix: str, number: str, annex_suffix: str = "") -> str:
    """ "A/RES/55/25/annex-II"; "A/RES/2200A(XXI)/annex"; "S/RES/1325(2000)" (a number with a
    year is the Security Council's, whoever the footnote names)."""
    number = re.sub(r"\s+", "", number)
    if _SC_NUMBER.match(number):
        prefix = "S/RES/"
    key = prefix + number
    return f"{key}/{annex_suffix}" if annex_suffix else key


# --- document symbols --------------------------------------------------------------

# Bodies whose symbols occur in footnotes. An allow-list keeps "U.S./Canada" or a
# date "2016/06" from passing for a document symbol.
_BODY = r"(?:A|E|S|ST|CMW|CEDAW|CRC|CCPR|CERD|CAT|CRPD|CED|UNW|DP|TD|UNEP|FCCC|ICCD|SPLOS|ISBA)"
_SEG = r"(?:[A-Z][A-Za-z]*\.?\d+(?:\.\d+)*|[A-Z]+\.[A-Z]+|E?S-\d+|[A-Z]+|\d+[A-Z]?)"
_PART = r"(?:Corr|Add)\.\d+(?:-\d+)?"
SYMBOL_RE = re.compile(
    r"(?<![\w/.])(" + _BODY + r"(?:/" + _SEG + r")+?)"
    r"((?:/" + _PART + r")*)"
    r"(?![\w/])"
)
# Parts written out after the symbol: "and Corr.1 and Add.1 and Add.1/Corr.1 and Add.2-5".
PARTS_RE = re.compile(r"^((?:\s*(?:,|and|,\s*and)\s*" + _PART + r"(?:/" + _PART + r")*)+)")
PAREN_PART_RE = re.compile(r"^\s*\((Part\s+[IVX\d]+|Vol\.\s*[IVX\d]+|Supp\w*)\)", re.I)


def symbol_parts(text: str, end: int) -> tuple[list[str], int]:
    """Corrigenda/addenda and a "(Part I)" written after a symbol; they belong to it."""
    parts: list[str] = []
    m = PAREN_PART_RE.match(text[end:])
    if m:
        parts.append(m.group(1))
        end += m.end()
    m = PARTS_RE.match(text[end:])
    if m:
        parts += re.findall(_PART + r"(?:/" + _PART + r")*", m.group(1))
        end += m.end()
    return parts, end


def is_resolution_symbol(symbol: str) -> bool:
    return "/RES/" in symbol


# --- Official Records and sales publications ---------------------------------------

SUPPLEMENT_RE = re.compile(
    r"(?:Official Records of the [A-Z][^,]*?,[^()]*?)?Supplement No\.\s*\d+[A-Z]?"
    r"(?:\s*and corrigend\w*)?\s*\(([^()]+)\)",
)
SALES_RE = re.compile(
    r"(?:\(?\s*United Nations publication,\s*)?Sales No\.\s*"
    r"([A-Z]{1,2})\.(\d{2})\.([IVXLl1]+)\.(?:([A-Z])\.)?(\d+)\)?"
)


def sales_key(m: re.Match) -> str:
    """ "Sales:E.16.IV.6" from the match; the category is a roman numeral, so an OCR
    "1V" or "lV" can only be "IV" (the one repair that is obvious)."""
    lang, year, cat, sub, num = m.groups()
    cat = cat.replace("1", "I").replace("l", "I")
    middle = f"{cat}.{sub}" if sub else cat
    return f"Sales:{lang}.{year}.{middle}.{int(num)}"


# --- web addresses -----------------------------------------------------------------

URL_START_RE = re.compile(r"(?:https?://|www\.)", re.I)
_URL_CHARS = re.compile(r"[^\s\"“”‘’<>]+")
_TRAIL = ".,;:'\"”’)»"
BARE_DOMAIN_RE = re.compile(
    r"(?:\bfrom|\bat:?|\b[Ss]ee)\s+([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:org|com|net|int|edu|gov|info)(?:/[^\s\"”]*)?)"
)


_FILE_NAME_RE = re.compile(r"^[\w.%-]+\.(?:pdf|html?|aspx?|php|docx?|xlsx?)$", re.I)


def _continues(url: str, token: str) -> bool:
    """Is ``token`` the rest of ``url``, split by a line break or OCR?

    Only when obvious: the address stops on a character an address never ends with
    ("-", "_", "%", "=", "?", or a "." before a lower-case path piece) or on "/" with a
    path-looking piece next. A split on a lost underscore ("women_facing war.pdf") is
    not obvious and stays unrepaired.
    """
    if not token or token[0] in "([{" or URL_START_RE.match(token) or not re.fullmatch(r"[\w\-./?=&%#~+:,;!]+", token):
        return False
    last = url[-1]
    pathy = any(c in token for c in "/._-?=%")
    if last in "-_%=&?" or url.endswith("%20"):  # an encoded space ends no address either
        return pathy or token.rstrip(_TRAIL).isalnum()
    if last == "/":  # a path piece, or the file name itself ("publicationstexts/ DepositGuidelinesEnglish.pdf")
        return ((token[0].islower() or token[0].isdigit()) and pathy) or bool(
            _FILE_NAME_RE.search(token.rstrip(_TRAIL))
        )
    if last == ".":
        return token[0].islower() and any(c in token for c in "/?=_%")
    return False


def _strip_trailing(url: str) -> str:
    """Drop sentence punctuation after an address; a ")" only when unbalanced."""
    while url and url[-1] in _TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """(start, end, repaired address) for each web address in ``text``.

    ``fromwww.irinnews.org`` (OCR lost the space) still yields the address because the
    start is searched without a word boundary.
    """
    found = []
    pos = 0
    while True:
        m = URL_START_RE.search(text, pos)
        if not m:
            break
        start = m.start()
        tok = _URL_CHARS.match(text, start)
        url, end = tok.group(0), tok.end()
        while end < len(text) and text[end] == " ":
            nxt = _URL_CHARS.match(text, end + 1)
            if not nxt or not _continues(url, nxt.group(0)):
                break
            url, end = url + nxt.group(0), nxt.end()
        stripped = _strip_trailing(url)
        found.append((start, end - (len(url) - len(stripped)), stripped))
        pos = end
    for m in BARE_DOMAIN_RE.finditer(text):
        if not any(s <= m.start(1) < e for s, e, _ in found):
            url = _strip_trailing(m.group(1))
            found.append((m.start(1), m.start(1) + len(url), url))
    return sorted(found)


def normalize_url(url: str) -> str:
    """Key form: no scheme, no "www.", lower-case host, no fragment, no trailing "/"."""
    url = re.sub(r"^https?://", "", url.strip(), flags=re.I)
    url = url.split("#", 1)[0]
    host, _, rest = url.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    out = host + ("/" + rest if rest else "")
    return out.rstrip("/")


def full_url(url: str) -> str:
    """An address a browser can open: the scheme as printed, else plain http."""
    return url if re.match(r"https?://", url, re.I) else "http://" + url


_ADDRESS_TAIL_RE = re.compile(r"[\w\-./?=&%#~+ ]+")
# words that continue a sentence after an address, not the address: "www.a.org/x and www.b.org",
# "www.un.org/womenwatch accessed 12/05/2016", "... and in document A/72/215"
_SENTENCE_WORDS = {
    "and",
    "or",
    "in",
    "at",
    "on",
    "accessed",
    "see",
    "document",
    "documents",
    "resolution",
    "resolutions",
    "para",
    "paras",
    "visited",
    "retrieved",
    "last",
}
_DATE_RE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_ADDRESS_PIECE_RE = re.compile(r"\.(?:pdf|html?|aspx?|php|docx?)\b|[_/]|%[0-9A-F]{2}", re.I)


def cut_addresses(text: str) -> list[tuple[str, str]]:
    """Addresses the source cut at a space that could not be rejoined safely.

    (address as read, the words after it) when what follows, up to the end of the
    sentence, is nothing but address characters with a file name or path piece in it:
    "www.icrc.org/eng/assets/files/other/icrc_002 0798 women_facing war.pdf." Ingest
    reports it and does not link it, since guessing the missing characters (an
    underscore? nothing?) would invent an address.
    """
    out = []
    for _, end, url in find_urls(text):
        tail = re.split(r"\.(?:\s|$)|[;,(]", text[end:], maxsplit=1)[0]
        words = tail.split()
        if (
            tail[:1] == " "
            and words
            and _ADDRESS_TAIL_RE.fullmatch(tail)
            and _ADDRESS_PIECE_RE.search(tail)
            and not URL_START_RE.search(tail)
            and not _SENTENCE_WORDS.intersection(w.lower() for w in words)
            and not _DATE_RE.search(tail)
        ):
            out.append((url, tail.strip()))
    return out


# --- websites named without an address ---------------------------------------------

# "the multilateral treaties website of the Office of Legal Affairs and the websites of
# the International Labour Organization and the United Nations Office on Drugs and Crime":
# "the", up to three lower-case words naming the site, "website(s) of", then proper names.
_WEBSITE_RE = re.compile(r"\b[Tt]he\s+((?:[a-z][\w-]*\s+){0,3}?)websites?\s+of\s+")
_NAME_CONNECTORS = {"of", "the", "on", "for", "and", "to", "against", "in"}


def _owner_names(text: str) -> list[tuple[str, bool]]:
    """The proper names at the start of ``text``: ("International Labour Organization", True)
    for "the International Labour Organization and ...", ending at the first word that is
    neither capitalised nor a connector inside a name ("of", "on", "and" ...), or at any
    punctuation. "and the"/"and" + capital starts the next name."""
    names: list[tuple[str, bool]] = []
    current: list[str] = []
    the = False
    for raw in text.split():
        word = raw.rstrip(".,;:")
        ends = raw != word  # punctuation after the word ends the list of names
        if not current and word == "the" and not ends:
            the = True
        elif word[:1].isupper() and re.fullmatch(r"[A-Z][\w'’-]*", word):
            current.append(word)
        elif word in _NAME_CONNECTORS and current and not ends:
            current.append(word)
        else:
            break
        if ends:
            break
    # split at "and" (+ "the") before a new capitalised name; trim connectors at the ends
    out, part = [], []
    k = 0
    while k < len(current):
        w = current[k]
        nxt = current[k + 1] if k + 1 < len(current) else ""
        after = current[k + 2] if k + 2 < len(current) else ""
        if w == "and" and (
            nxt == "the" and after[:1].isupper() or nxt[:1].isupper() and nxt.isupper() and len(nxt) > 1
        ):
            out.append(part)
            part = []
            k += 2 if nxt == "the" else 1
            continue
        part.append(w)
        k += 1
    out.append(part)
    for n, part in enumerate(out):
        while part and part[-1] in _NAME_CONNECTORS:
            part.pop()
        if part:
            names.append((" ".join(part), the if n == 0 else True))
    return names


def named_websites(text: str) -> list[tuple[str, str, bool]]:
    """Websites a footnote names by their owner, without giving an address.

    Returns (descriptor, owner, "the" written before the owner) for each owner:
    ("multilateral treaties", "Office of Legal Affairs", True), ("", "ILO", False). Only
    proper names count as owners: "the website of each agency" names no source one can
    follow, and the name stops at the first word that is not part of a name.
    """
    out = []
    for m in _WEBSITE_RE.finditer(text):
        descriptor = " ".join(m.group(1).split())
        out += [(descriptor, owner, the) for owner, the in _owner_names(text[m.end() :])]
    return out


def website_key(descriptor: str, owner: str) -> str:
    """Key of a named website: ``web:site:<owner>`` plus ``:<descriptor>`` when the
    footnote names a particular site of that owner (its "multilateral treaties website")."""
    return "web:site:" + slug(owner) + (":" + slug(descriptor) if descriptor else "")


def website_title(descriptor: str, owner: str, the: bool = True) -> str:
    what = f"{descriptor} website" if descriptor else "website"
    return f"{what[0].upper()}{what[1:]} of {'the ' if the else ''}{owner}"


# --- books, articles and other sources ---------------------------------------------

_QUOTED_RE = re.compile(r"[“\"]([^”\"]{4,}?)[,.]?[”\"]")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|and|others|eds?\.|de|van|von|da|le|la)$")
_GENRE_TAIL = re.compile(r",\s*(?:Research Paper|IOM factsheet|background paper.*|working paper.*)$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


_BODY_CONNECTORS = _NAME_CONNECTORS | {"de", "du", "des", "la", "le"}


def _body_like(piece: str) -> bool:
    """An organization as author: "Office of the United Nations High Commissioner for
    Refugees (UNHCR)", "United Nations Support Mission in Libya and OHCHR"."""
    words = piece.split()
    return (
        0 < len(words) <= 16
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in _BODY_CONNECTORS or re.fullmatch(r"\([A-Z][\w-]*\)", w) for w in words)
    )


def _name_like(piece: str) -> bool:
    words = piece.split()
    return 0 < len(words) <= 8 and all(_NAME_WORD.match(w) for w in words)


def bibliographic_title(text: str) -> str | None:
    """The title of a book or article, when the footnote shows one.

    A quoted title wins (articles, reports: ``“Behind closed doors ...”``). Otherwise a
    book is ``Authors, Title (Place, Publisher, Year)``: the authors are the leading
    name-like pieces up to the one holding "and"/"eds." (or just the first piece),
    the title is what follows up to the parenthesis.
    """
    m = _QUOTED_RE.search(text)
    if m:
        return m.group(1).strip(" ,.")
    paren = re.search(r"\(([^()]*)\)", text)
    if not paren or not _YEAR.search(paren.group(1)):
        return None
    before = re.sub(r"^(?:See(?: also)?|Also)\s+", "", text[: paren.start()].strip())
    pieces = [p.strip() for p in before.split(",") if p.strip()]
    if not pieces:
        return None
    authors = 0
    for i, piece in enumerate(pieces[:4]):
        if not _name_like(piece):
            break
        if re.search(r"(?:^|\s)and\s|eds?\.|others", piece + " "):
            authors = i + 1
            while authors < len(pieces) and re.fullmatch(r"eds?\.", pieces[authors]):
                authors += 1
            break
    else:
        authors = 0
    if authors == 0 and len(pieces) > 1 and _name_like(pieces[0]):
        authors = 1
    title = ", ".join(pieces[authors:]) or ", ".join(pieces)
    title = _GENRE_TAIL.sub("", title)
    # OCR reads an italic "A" as "4" at the start of a title ("4 Gendered Approach").
    title = re.sub(r"(^|[.:]\s)4 (?=[A-Z][a-z])", r"\1A ", title)
    return title.strip(" ,.") or None


def available_work_title(text: str) -> str | None:
    """The title of a book, article or report cited with the address it is available from.

    Stricter than ``bibliographic_title``: a quoted title must follow an author or body
    ("Amnesty International, “Invisible victims ...”"); a book's parenthesis must hold a
    place or publisher and a year ("(Cambridge, ..., 2012)"). "The term “migrant worker”
    is defined at <address>" is no work.
    """
    m = _QUOTED_RE.search(text)
    if m:
        before = text[: m.start()].strip()
        author = before.rstrip(",").split(",")[-1].strip()
        return (
            bibliographic_title(text) if before.endswith(",") and (_name_like(author) or _body_like(author)) else None
        )
    if not _YEAR.search(text):
        return None
    paren = re.search(r"\(([^()]*)\)", text)
    if paren and "," in paren.group(1) and _YEAR.search(paren.group(1)):
        return bibliographic_title(text)
    return None


def work_key(title: str, address: str | None = None) -> str:
    """``pub:<title slug>``; a long title cut in the slug keeps a digest of the whole, so that
    two revisions differing after 80 characters stay two; a work known by an address
    carries the address's host, so two bodies' "Annual report 2016" stay two."""
    key = slug(title)
    if len(slug(title, 10_000)) > len(key):
        key += "-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    if address:
        host = normalize_url(address).split("/", 1)[0]
        key += "@" + host
    return "pub:" + key


def looks_bibliographic(text: str) -> bool:
    """A book/article/report rather than a remark: a quoted title, a dated
    parenthetical, a journal volume, or at least a year."""
    return bool(_QUOTED_RE.search(text) or _YEAR.search(text))


# --- titles from the words before the marker ---------------------------------------

_HEADS = {
    "convention",
    "protocol",
    "protocols",
    "declaration",
    "covenant",
    "compact",
    "agenda",
    "platform",
    "programme",
    "plan",
    "charter",
    "statute",
    "survey",
    "report",
    "reports",
    "conclusions",
    "recommendation",
    "comment",
    "document",
    "documents",
    "strategy",
}
_SMALL = {
    "of",
    "on",
    "the",
    "and",
    "to",
    "for",
    "in",
    "against",
    "by",
    "all",
    "its",
    "their",
    "relating",
    "supplementing",
    "thereto",
    "at",
    "a",
    "an",
    "with",
    "from",
    "report",
    "reports",
    "agreed",
    "conclusions",
    "outcome",
    "outcomes",
    "document",
    "documents",
    "general",
    "recommendation",
    "comment",
    "strategic",
    "plan",
    "session",
    "special",
    "human",
    "rights",
    "migrants",
    "women",
    "girls",
    "migrant",
    "workers",
    "review",
    "appraisal",
    "implementation",
    "high-level",
    "dialogue",
}
_ORDINAL = re.compile(
    r"^[a-z]+-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)$|^(?:\w+tieth|tenth|eleventh|twelfth)$"
)


def _title_word(word: str) -> bool:
    w = word.strip(",:;")
    if not w:
        return False
    if w[0].isupper() or w[0].isdigit() or w.startswith("(") or w.endswith(")"):
        return True
    return w.lower() in _SMALL or bool(_ORDINAL.match(w))


_OPENING_VERB_RE = re.compile(
    r"^(?:Recalling|Reaffirming|Noting|Welcoming|Acknowledging|Recogni[sz]ing|Reiterating|Emphasi[sz]ing|"
    r"Stressing|Bearing in mind|Taking note of|Considering|Expressing|Underlining|Highlighting|Guided by|"
    r"Mindful of|Commending|Urging|Encouraging|Inviting|Requesting|Calling upon)"
    r"(?:\s+(?:also|further|again|once more|in particular))?\s+(?:(?:of|that)\s+)?(?:the\s+)?"
)


def title_from_context(context: str | None) -> str | None:
    """The instrument the words before a footnote marker name, or None.

    Takes the trailing noun phrase: a quoted title ("entitled “...”") as is; else the
    longest run of title-like words at the end that starts at "the"/a capitalized word,
    does not cross a list boundary (", the", "and the"), and has an instrument word
    (Convention, Protocol, Declaration, report ...) before any "of the" — so that
    "the International Labour Conference of the Domestic Workers Convention" yields
    "Domestic Workers Convention, 2011 (No. 189)".
    """
    if not context:
        return None
    text = clean(context)
    # Markers left in the words: superscripts, or digits glued on ("Families,20").
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", text)
    text = re.sub(r"(?<=[a-z,;”)])\d{1,2}(?=[\s,;.]|$)", "", text).rstrip(" ,;:.")
    m = re.search(r"[“\"]([^”\"]+)[”\"]$", text)
    if m:
        return m.group(1).strip()
    text = re.split(r";|(?<=[a-z]{3})\.\s(?=[A-Z0-9])", text)[-1]  # last clause; "No. 189" is no sentence end
    words = text.split()
    best = None
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if not _title_word(w):
            break
        if i + 1 < len(words) and w.endswith(",") and words[i + 1].lower() == "the":
            break
        if w.lower() == "and" and i + 1 < len(words) and words[i + 1].lower() == "the":
            break
        if w.lower() == "the" or w[0].isupper() or w[0].isdigit():
            phrase = words[i + 1 :] if w.lower() == "the" else words[i:]
            if phrase and _good_phrase(phrase):
                best = " ".join(phrase)
    if best:  # "Recalling the Universal Declaration": the paragraph's opening word is no part of a title
        best = _OPENING_VERB_RE.sub("", best)
    return best.strip(" ,") if best else None


def _good_phrase(words: list[str]) -> bool:
    if not (
        words[0][0].isupper()
        or words[0][0].isdigit()
        or words[0].lower() in _HEADS
        or words[0].lower() in ("agreed", "outcome", "general")
    ):
        return False
    for j, w in enumerate(words):
        if w.strip(",").lower() in _HEADS:
            return True
        if w.lower() in ("of", "at", "by", "to", "in") and j > 0:
            return False
    return False
