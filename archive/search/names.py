"""Names of instruments in a query: ``CEDAW``, ``Palermo Protocol``, ``ILO Convention No. 189``.

A run of plain words that is a short or common name stored at ingest (``InstrumentName``)
is sought as the instrument's names and title (each as a phrase) and as the paragraphs whose
footnotes cite it; the instruments are listed above the results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.models import Instrument
from archive.search.query import ParsedQuery

if TYPE_CHECKING:
    from archive.search.compiler import CompiledQuery


@dataclass
class NamedRun:
    """Clauses ``start``..``end`` of a query spell a name of instruments (``CEDAW``, ``Palermo Protocol``)."""

    start: int
    end: int
    instruments: list[int]
    texts: list[str]  # the words as typed, the instruments' names and titles: each sought as a phrase
    citing: list[int]  # paragraphs whose footnotes cite the instruments


def title_forms(title: str) -> list[str]:
    """A title as texts write it: whole, and cut before a trailing clause ("Protocol to Prevent, Suppress
    and Punish Trafficking in Persons, Especially Women and Children, supplementing the …" is often cited
    without what follows its second comma): the cut is at the first comma after six words or more."""
    forms = [title]
    words = 0
    for part in title.split(",")[:-1]:
        words += len(part.split())
        if words >= 6:
            forms.append(title[: title.index(part) + len(part)])
            break
    return forms


def name_candidates(parsed: ParsedQuery) -> dict[tuple[int, int], str]:
    """Runs of plain clauses (one word or phrase each, not excluded), normalised as names are."""
    from archive.parsing.text import normalized_name

    plain = [len(c) == 1 and not c[0].negated for c in parsed.clauses]
    spans = {}
    for i in range(len(parsed.clauses)):
        for j in range(i + 1, min(len(parsed.clauses), i + 8) + 1):
            if not all(plain[i:j]):
                break
            spans[(i, j)] = normalized_name(" ".join(c[0].text for c in parsed.clauses[i:j]))
    return spans


def named_runs(
    parsed: ParsedQuery, spans: dict[tuple[int, int], str], rows: list[tuple[str, str, str, int]]
) -> list[NamedRun]:
    """The runs a short or common name stands for (the longest first), from (normalized, title, a name,
    instrument id) rows; one statement for the paragraphs citing them."""
    from archive.models import Citation, FootnoteReference

    names: dict[str, dict[int, list[str]]] = {}
    for norm, title, name, iid in rows:
        names.setdefault(norm, {}).setdefault(iid, [title]).append(name)
    runs, taken = [], set()
    for (i, j), norm in sorted(spans.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if norm not in names or taken & set(range(i, j)):
            continue
        taken |= set(range(i, j))
        ids = sorted(names[norm])
        texts = [
            " ".join(c[0].text for c in parsed.clauses[i:j]),
            *(t for iid in ids for name in names[norm][iid] for t in title_forms(name)),
        ]
        citing = list(
            FootnoteReference.objects.filter(
                footnote__in=Citation.objects.filter(instrument_id__in=ids).values("footnote_id")
            )
            .order_by()
            .values_list("paragraph_id", flat=True)
            .distinct()
        )
        runs.append(NamedRun(i, j, ids, list(dict.fromkeys(texts)), citing))
    return sorted(runs, key=lambda r: r.start)


NAMED_LIMIT = 5  # instruments listed above a search's results


def instrument_words(parsed: ParsedQuery) -> list[str]:
    """The words of a short query (up to 8, not excluded, of three letters or more) that the instruments index
    would be asked for: an instrument whose title holds them all is listed above the results."""
    words = [w for c in parsed.positive for t in c for w in re.findall(r"\w+", t.text) if len(w) > 2]
    return words if len(words) <= 8 else []


def instruments_named(q: str | CompiledQuery, limit: int = NAMED_LIMIT) -> list[Instrument]:
    """Instruments a short or common name in the query stands for, then those the (not excluded) words
    of a short query name, as the instruments index finds them (``Instrument.objects.named``): read with the
    compiled query when it was compiled ``with_instruments`` (the search page's first page), else asked here."""
    from archive.search.compiler import compile_query  # the compiler reads names: imported when called

    compiled = compile_query(q, with_instruments=True) if isinstance(q, str) else q
    found = (
        list(Instrument.objects.filter(id__in=compiled.instruments).order_by("title")) if compiled.instruments else []
    )
    if len(found) >= limit:
        return found
    if compiled.word_instruments is not None:
        taken = {i.id for i in found}
        return found + [i for i in compiled.word_instruments if i.id not in taken][: limit - len(found)]
    words = instrument_words(compiled.parsed)
    if words:
        qs = Instrument.objects.named(" ".join(words)).exclude(id__in=[i.id for i in found])
        found += list(qs.order_by("title", "id")[: limit - len(found)])
    return found
