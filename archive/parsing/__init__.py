"""Source parsers: one module per format, each pure Python returning a ParsedDocument.

Each text format module exposes ``FORMAT`` (its name in the ingest report), ``sniff(text)``
(does this text look like my format?) and ``parse(text, source)``. ``parse_text`` tries
them in ``FORMATS`` order: the most specific signatures first, the generic
PDF-extraction format last. A PDF file is told by its first bytes and read as bytes by
``pdf_layout``; ``parse_bytes`` is the entry point for a file of either kind.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .document import ParsedDocument, ParseError

FORMATS = ["akn", "ods_export", "word_pdf", "markdown", "ocr", "pdf_text"]

MAX_BYTES = 20_000_000


def _module(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM); anything binary is refused."""
    if not data.strip():
        raise ParseError(source, 1, "empty file")
    if len(data) > MAX_BYTES:
        raise ParseError(source, None, f"file larger than {MAX_BYTES} bytes")
    if b"\x00" in data:  # anywhere: the database holds no NUL in a text
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(source, line, "binary file (NUL byte); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ParseError(source, line, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None


def detect(text: str) -> str | None:
    for name in FORMATS:
        if _module(name).sniff(text):
            return name
    return None


def parse_text(text: str, source: str, fmt: str | None = None) -> ParsedDocument:
    name = fmt or detect(text)
    if name is None:
        raise ParseError(source, 1, "no recognisable structure: not a GA resolution or report in a known format")
    return _module(name).parse(text, source)


def load_parsers() -> None:
    """Import every parser now (they load on first use): before forking workers that would each load them."""
    for name in [*FORMATS, "pdf_layout"]:
        _module(name)


PDF_MAGIC = b"%PDF-"


def is_pdf(data: bytes) -> bool:
    """A PDF's header may follow up to 1 KB of other bytes (readers allow it); told without loading the PDF reader."""
    return PDF_MAGIC in data[:1024]


def parse_bytes(data: bytes, source: str) -> ParsedDocument:
    """A source file's bytes: a PDF to the PDF layout parser, anything else decoded as text."""
    if is_pdf(data):
        if len(data) > MAX_BYTES:
            raise ParseError(source, None, f"file larger than {MAX_BYTES} bytes")
        return _module("pdf_layout").parse(data, source)
    return parse_text(decode(data, source), source)


def parse_path(path: str | Path, source: str | None = None) -> ParsedDocument:
    path = Path(path)
    source = source or str(path)
    return parse_bytes(path.read_bytes(), source)
