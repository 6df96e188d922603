"""The authority file: canonical instruments, the keys footnotes cite them under, and their names.

``fixtures/authority.json`` lists each instrument once with its title, its address and
its aliases (the Trafficking Protocol is "A/RES/55/25/annex-II" in one footnote and
"UNTS:2237:39574" in another); ``Authority.resolve`` joins a parsed citation to it. What
the file does not know keeps the key, kind and address the citation gives. The forms a
key is written in ("United Nations, Treaty Series, vol. 2237, No. 39574") are derived
here too, for pages to show and for the lookup table stored at ingest. Pure Python.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import forms as f
from .parse import ParsedCitation

DEFAULT_AUTHORITY = Path(__file__).resolve().parents[2] / "fixtures" / "authority.json"


@dataclass
class ResolvedInstrument:
    """What a citation resolves to. ``known`` is False when the authority file has no
    entry: key, kind and url are then derived from the citation itself."""

    key: str
    title: str | None
    kind: str
    url: str | None
    known: bool = True
    note: str | None = None
    shared: bool = False  # an annex of several instruments, the words before the marker naming none of them


def default_url(kind: str, key: str, citation: ParsedCitation | None = None) -> str | None:
    """The public address for a key: UNTS volume PDF, undocs.org, or the web address."""
    if kind == "treaty" and key.startswith("UNTS:"):
        vol = key.split(":")[1]
        return f"https://treaties.un.org/doc/Publication/UNTS/Volume%20{vol}/v{vol}.pdf"
    if kind in ("resolution", "document") and "/" in key and ":" not in key:
        symbol = re.sub(r"/annex(?:-[IVXL]+)?$", "", key)
        symbol = re.sub(r"(\d)[A-Z]\((?=[IVXL]+\)$)", r"\1(", symbol)  # 2200 A (XXI) is in A/RES/2200(XXI)
        return f"https://undocs.org/{symbol}"
    if kind == "publication" and citation is not None and citation.url:  # a work available online
        return citation.url
    if kind == "web":
        if citation is not None and citation.url:
            return citation.url
        if key.startswith("web:site:"):  # a website named without an address: the authority file gives it
            return None
        return f.full_url(key[4:]) if key.startswith("web:") else None
    return None


def citation_form(key: str) -> str:
    """A key as a citation writes it: "United Nations, Treaty Series, vol. 2220, No. 39481",
    "A/RES/55/25, annex II", "Sales No. E.95.XIII.18"; empty for a work known by its title."""
    if m := re.fullmatch(r"(UNTS|LNTS):(\w+):(\w+)", key):
        series = "United Nations" if m.group(1) == "UNTS" else "League of Nations"
        return f"{series}, Treaty Series, vol. {m.group(2)}, No. {m.group(3)}"
    if key.startswith("Sales:"):
        return "Sales No. " + key[len("Sales:") :]
    if key.startswith(("pub:", "other:", "web:site:")):
        return ""
    if key.startswith("web:"):
        return key[len("web:") :]
    if m := re.fullmatch(r"(.+)/annex(?:-([IVXL]+))?", key):
        return f"{m.group(1)}, annex" + (f" {m.group(2)}" if m.group(2) else "")
    return key


_BODIES = {
    "A/RES/": "General Assembly",
    "A/HRC/RES/": "Human Rights Council",
    "E/RES/": "Economic and Social Council",
    "S/RES/": "Security Council",
}


def _printed_number(number: str) -> str:
    """A resolution number as printed: "2200A(XXI)" is "2200 A (XXI)", "1325(2000)" is "1325 (2000)"."""
    return re.sub(r"^(\d+)([A-Z]?)\((\w+)\)", lambda m: f"{m[1]} {m[2] + ' ' if m[2] else ''}({m[3]})", number)


def untitled_name(kind: str, key: str) -> str:
    """What to call an instrument no source or authority entry titles: what its key says
    ("Human Rights Council resolution 29/14"), never more."""
    if kind == "resolution":
        for prefix, body in _BODIES.items():
            if key.startswith(prefix):
                return f"{body} resolution {_printed_number(citation_form(key)[len(prefix) :])}"
    return citation_form(key) or key


def written_forms(key: str) -> list[str]:
    """The ways footnotes and readers write ``key``, the key first: what a name typed in the
    instrument index is looked up in (stored at ingest, so that no query is parsed).

    "UNTS:2237:39574": "United Nations, Treaty Series, vol. 2237, No. 39574", "Treaty Series,
    vol. 2237, No. 39574", "vol. 2237, No. 39574"; "A/RES/55/25/annex-II": "A/RES/55/25, annex II",
    "General Assembly resolution 55/25, annex II", "resolution 55/25, annex II"; "Sales:E.96.IV.13":
    "Sales No. E.96.IV.13"; a web page's address with and without "www." and a scheme. A work
    known by its title, a named website and a remark have no written form but the key.
    """
    written = citation_form(key)
    out = [key, written] if written else [key]
    kind = _kind_of_key(key)
    if m := re.fullmatch(r"(UNTS|LNTS):(\w+):(\w+)", key):
        out += [f"Treaty Series, vol. {m[2]}, No. {m[3]}", f"vol. {m[2]}, No. {m[3]}"]
    elif key.startswith("Sales:"):
        out.append("United Nations publication, " + written)
    elif kind == "web" and written:
        out += [scheme + written for scheme in ("www.", "http://", "https://", "http://www.", "https://www.")]
    elif kind == "resolution":
        for body, prefix in f.RESOLUTION_PREFIX.items():
            if not key.startswith(prefix):
                continue
            number = written[len(prefix) :]
            for n in dict.fromkeys([number, _printed_number(number)]):
                out.append(f"{body} resolution {n}" if body else f"resolution {n}")
        if key.startswith("S/RES/"):  # "resolution 1325 (2000)": a number with a year is the Council's
            out += [f"resolution {n}" for n in dict.fromkeys([written[6:], _printed_number(written[6:])])]
    return list(dict.fromkeys(out))


class Authority:
    """Canonical instruments and the keys (aliases) under which footnotes cite them."""

    def __init__(self, instruments: list[dict]):
        self.instruments = instruments
        self._by_key: dict[str, dict] = {}
        # One annex holding several instruments ("resolution 2200 A (XXI), annex": both
        # Covenants): which one a footnote cites is told by the words before its marker.
        self._shared: dict[str, list[tuple[dict, dict]]] = {}
        for entry in instruments:
            for key in [entry["key"], *entry.get("aliases", [])]:
                if key in self._by_key and self._by_key[key] is not entry:
                    raise ValueError(f"authority: key {key} listed for two instruments")
                self._by_key[key] = entry
            if shared := entry.get("shared_annex"):
                self._shared.setdefault(shared["key"], []).append((shared, entry))

    @classmethod
    def load(cls, path: str | Path = DEFAULT_AUTHORITY) -> Authority:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["instruments"] if isinstance(data, dict) else data)

    def entry(self, key: str) -> dict | None:
        return self._by_key.get(key)

    def resolve(self, citation: ParsedCitation | str) -> ResolvedInstrument:
        """The instrument a citation (or a bare key) identifies, aliases joined."""
        if isinstance(citation, str):
            citation = ParsedCitation(_kind_of_key(citation), citation, None, citation)
        entry = self._by_key.get(citation.key) or self._one_of_shared_annex(citation)
        if entry is not None:
            return ResolvedInstrument(
                key=entry["key"],
                title=entry.get("title"),
                kind=entry["kind"],
                url=entry.get("url") or default_url(entry["kind"], entry["key"], citation),
                note=entry.get("note"),
            )
        shared = citation.key in self._shared
        return ResolvedInstrument(
            key=citation.key,
            title=None if shared else citation.title,  # which of its instruments is not known
            kind=citation.kind,
            url=default_url(citation.kind, citation.key, citation),
            known=False,
            shared=shared,
        )

    def _one_of_shared_annex(self, citation: ParsedCitation) -> dict | None:
        """The instrument of a shared annex that the words before the marker name, if exactly one."""
        words = (citation.title or "").casefold()
        named = [
            entry
            for shared, entry in self._shared.get(citation.key, [])
            if any(w.casefold() in words for w in shared["words"])
            and not any(w.casefold() in words for w in shared.get("unless", []))
        ]
        return named[0] if len(named) == 1 else None

    def same_instrument(self, a: ParsedCitation | str, b: ParsedCitation | str) -> bool:
        return self.resolve(a).key == self.resolve(b).key


def _kind_of_key(key: str) -> str:
    if key.startswith(("UNTS:", "LNTS:")):
        return "treaty"
    if key.startswith(("Sales:", "pub:")):
        return "publication"
    if key.startswith("web:"):
        return "web"
    if key.startswith("other:"):
        return "other"
    return "resolution" if "/RES/" in key else "document"
