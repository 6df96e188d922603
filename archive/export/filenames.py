"""Download file names: what a file holds, readable in any script, and safe in a ``Content-Disposition``.

A name is made of parts (what the rows are, the filters, the words searched, the language of the
texts), joined by ``-``. Each part keeps its letters, marks and digits, whatever their script (a
Russian query stays Russian, a French opening keeps its accents), and a lone ``.`` or ``-`` between
them; any other run (spaces, slashes, colons, quotes, controls, bidi marks) becomes ``_``. The
header gives that name as RFC 6266's ``filename*`` (UTF-8, percent-encoded), which browsers use,
after an ASCII ``filename`` for clients that read only that: accents dropped, and a query with no
Latin letter named ``query``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import quote

from archive.parsing.languages import REFERENCE

MAX_STEM = 150  # characters of a name before its language and extension


def name_part(text: str) -> str:
    """``text`` as one part of a file name: its letters, marks and digits of any script; between them a lone
    ``.`` or ``-`` kept ("74.2", "from-session"), any other run (spaces, slashes, "..", quotes) one ``_``;
    nothing but letters, marks and digits at either end (no hidden file, no empty part)."""
    runs = [
        "".join(chars) if word or "".join(chars) in (".", "-") else "_"
        for word, chars in groupby(unicodedata.normalize("NFC", text), lambda c: unicodedata.category(c)[0] in "LMN")
        for chars in [list(chars)]
    ]
    return "".join(runs).strip("_.-")


def ascii_part(text: str) -> str:
    """``name_part`` in ASCII: accents dropped ("Réaffirme" → "Reaffirme"), other scripts left out."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return name_part(plain)


@dataclass(frozen=True)
class FileName:
    """A download's name: ``parts`` (what its rows are, as ASCII text or not), the words searched, the
    language of its texts (named unless English) and its extension."""

    parts: tuple[str, ...]
    extension: str
    query: str = ""
    language: str = REFERENCE

    def _name(self, part, query: str) -> str:
        stem = "-".join(p for p in [*map(part, self.parts), query] if p)[:MAX_STEM].strip("-")
        return stem + ("" if self.language == REFERENCE else f"-{self.language}") + f".{self.extension}"

    @property
    def readable(self) -> str:
        """The name in the scripts of its parts."""
        return self._name(name_part, name_part(self.query))

    @property
    def ascii(self) -> str:
        query = (ascii_part(self.query) or "query") if name_part(self.query) else ""
        return self._name(ascii_part, query)

    def header(self, disposition: str = "attachment") -> str:
        """The ``Content-Disposition`` value: ``filename`` in ASCII, and ``filename*`` when the name is not."""
        value = f'{disposition}; filename="{self.ascii}"'
        if self.readable != self.ascii:
            value += f"; filename*=UTF-8''{quote(self.readable, safe='')}"
        return value
