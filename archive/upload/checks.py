"""What an uploaded file must be before anything reads it: pure Python, no Django.

A file is refused, with a reason a person can act on, when its name holds a path or is
not a plain file name, when it is larger than allowed, when its bytes are not of the type
its name says (or of no accepted type), when it is cut short, or when it is built to
exhaust the reader: a PDF whose Flate streams inflate beyond a bound, an XML file with a
document type declaration (where entities that expand enormously are declared; AKN files
have none). The parsers are the second line: the AKN parser forbids a DTD as well.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError as XMLParseError
from defusedxml.ElementTree import fromstring as parse_xml

# suffix -> the kind of content it must hold
ACCEPTED = {".pdf": "pdf", ".txt": "text", ".text": "text", ".md": "text", ".xml": "xml"}
NAME_RE = re.compile(r"[^\W_][\w .()+,\-]{0,179}")  # letters and digits of any script
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # all of a PDF's Flate streams together
_CHUNK = 1024 * 1024
NUL = b"\x00"

# leading bytes of types that are never a source, for a clear "wrong type"
MAGIC = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program (ELF)",
    b"MZ": "a Windows program",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}


class UploadRefused(Exception):
    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str  # pdf | text | xml


def check_name(raw_name: str) -> str:
    """The file name as sent, refused when it holds a path or is not a plain name."""
    shown = raw_name[:120]
    if "/" in raw_name or "\\" in raw_name or raw_name in (".", ".."):
        raise UploadRefused(shown, "the file name holds a path; send the file under its own name only")
    if not NAME_RE.fullmatch(raw_name):
        raise UploadRefused(
            shown,
            "not a plain file name: use letters, digits, spaces and . _ - ( ) + , "
            "(at most 180 characters, not starting with a dot)",
        )
    suffix = raw_name[raw_name.rfind(".") :].lower() if "." in raw_name else ""
    if suffix not in ACCEPTED:
        raise UploadRefused(shown, f"files of this type are not accepted: use {', '.join(sorted(ACCEPTED))}")
    return raw_name


def check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UploadRefused(name, f"{size:,} bytes is larger than the limit of {max_bytes:,} bytes")
    if size == 0:
        raise UploadRefused(name, "the file is empty")


def check_content(name: str, data: bytes) -> CheckedFile:
    """The bytes must be what the name says; refused otherwise."""
    kind = ACCEPTED[name[name.rfind(".") :].lower()]
    found = _magic(data)
    if kind == "pdf":
        if found != "a PDF":
            raise UploadRefused(name, f"not a PDF: it does not begin with %PDF-{f' (it is {found})' if found else ''}")
        _check_pdf(name, data)
    else:
        if found:
            raise UploadRefused(name, f"not a {'text' if kind == 'text' else 'XML'} file: it is {found}")
        text = _utf8(name, data)
        if kind == "xml" or text.lstrip("\ufeff \t\r\n").startswith("<?xml"):
            _check_xml(name, text)
    return CheckedFile(name, kind)


def _magic(data: bytes) -> str | None:
    head = data[:1024]
    if b"%PDF-" in head:
        return "a PDF"
    return next((what for magic, what in MAGIC.items() if head.startswith(magic)), None)


def _utf8(name: str, data: bytes) -> str:
    if NUL in data:
        raise UploadRefused(name, f"binary content (a NUL byte at offset {data.index(NUL)}); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        where = (
            "cut short inside a character"
            if e.start >= len(data) - 3 and e.reason == "unexpected end of data"
            else f"byte 0x{data[e.start]:02x} at offset {e.start}"
        )
        raise UploadRefused(name, f"not UTF-8 text ({where})") from None


def _check_xml(name: str, text: str) -> None:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise UploadRefused(
            name,
            "an XML document type declaration (<!DOCTYPE>) is refused: it can declare "
            "entities that expand enormously, and AKN files have none",
        )
    try:
        parse_xml(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:  # a DTD or entity the text check above did not see
        raise UploadRefused(name, f"refused XML construct: {e}") from None
    except XMLParseError as e:
        raise UploadRefused(name, f"truncated or malformed XML: {e.msg}") from None


_STREAM_RE = re.compile(rb"(?<!end)stream\r?\n")


def _check_pdf(name: str, data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise UploadRefused(name, "truncated PDF: it does not end with the %%EOF marker")
    inflated = pdf_inflated_size(data, MAX_INFLATED_BYTES)
    if inflated > MAX_INFLATED_BYTES:
        raise UploadRefused(
            name,
            f"a compression bomb: its streams inflate to more than {MAX_INFLATED_BYTES:,} bytes "
            f"from a {len(data):,}-byte file",
        )


def pdf_inflated_size(data: bytes, budget: int) -> int:
    """Bytes a PDF's Flate streams inflate to, counted without keeping them, up to ``budget`` + 1."""
    total = 0
    for m in _STREAM_RE.finditer(data):
        header = data[max(0, m.start() - 4096) : m.start()]
        header = header[header.rfind(b"obj") + 1 :]
        levels = header.count(b"/FlateDecode") + len(re.findall(rb"/Fl(?![A-Za-z])", header))
        if not levels:
            continue
        end = data.find(b"endstream", m.end())
        total += _inflated(data[m.end() : end if end >= 0 else len(data)], levels, budget - total)
        if total > budget:
            break
    return total


def _inflated(stream: bytes, levels: int, budget: int) -> int:
    """Through ``levels`` Flate filters in a row, chunk by chunk; bad Flate data stops the count
    (the PDF reader reports it)."""
    chunks = iter([stream])
    for _ in range(levels):
        chunks = _inflate_layer(chunks)
    total = 0
    try:
        for out in chunks:
            total += len(out)
            if total > budget:
                break
    except zlib.error:
        pass
    return total


def _inflate_layer(chunks):
    d = zlib.decompressobj()
    for chunk in chunks:
        buf = chunk
        while True:
            out = d.decompress(buf, _CHUNK)
            buf = d.unconsumed_tail
            if out:
                yield out
            elif not buf:
                break
            if d.eof:
                return
