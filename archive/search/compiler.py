"""A parsed query compiled into one tsquery, with its ranked units and the statistics BM25 needs.

User queries are read by the one parser (``archive.search.query``) and compiled here with the
English configuration, the one that built the vectors: hyphenated and solid compounds find
each other (``health-care``, ``healthcare``); a short or common name of an instrument
(``CEDAW``) also stands for its names, its title and the paragraphs citing it
(``archive.search.names``). One statement reads the lexemes, document frequencies and corpus
figures (two when the query names an instrument) and, for a search's first page, the instruments
whose titles hold its words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection

from archive.citations.querysets import named_condition
from archive.db import prepared
from archive.models import Instrument
from archive.models.querysets import SEARCH_CONFIG as CONFIG
from archive.search.indexing import indexed_sql
from archive.search.names import NAMED_LIMIT, instrument_words, name_candidates, named_runs
from archive.search.query import ParsedQuery, Term, parse_query


@dataclass
class Unit:
    """One ranked alternative of a query: its tsquery and its BM25 weight (IDF)."""

    tsquery: str
    idf: float
    lexemes: list[str]
    frequency: int  # paragraphs holding it, or an upper bound (a phrase: its rarest word's)


@dataclass
class CompiledQuery:
    parsed: ParsedQuery
    tsquery: str  # the whole condition; '' when nothing searchable is left (only stop words)
    units: list[Unit]
    estimate: int  # upper bound of the matches (unfiltered), from the document frequencies
    exact: bool  # the estimate is the exact count (one lexeme, nothing excluded)
    documents: int  # BM25's N
    average_length: float  # BM25's avgdl: the mean distinct lexemes of a searchable paragraph
    unknown: list[Term] = field(default_factory=list)  # words no paragraph holds
    frequencies: dict[str, int] = field(default_factory=dict)
    clauses: list[str] = field(default_factory=list)  # the tsquery of each clause (all must match)
    # (clause index, paragraphs citing the instrument the clause names, its unit)
    cited: list[tuple[int, list[int], Unit]] = field(default_factory=list)
    instruments: list[int] = field(default_factory=list)  # instruments the query names
    # the instruments whose titles, keys or names hold the query's words (``names.instrument_words``), by title:
    # read by the same statement when compiled ``with_instruments``; None when not asked
    word_instruments: list[Instrument] | None = None

    def __bool__(self) -> bool:
        return bool(self.tsquery)


def quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# PostgreSQL plans a prepared statement anew each time while its custom plans look cheaper than its
# generic one: the ranking statement's did for every query (its generic plan assumes a tsquery of
# default selectivity), and its planning was 0.7 of a rare word's 4.4 ms. Its generic plan, a bitmap
# scan of the index, is the plan every count it ranks takes (measured from 213 to 49,383 matches: as
# fast or faster), as the hits' and the word rankings' are; the filtered rankings, which need plans of
# their own, are not prepared. Set for the search's transaction only, by the statement that opens it.
GENERIC_PLANS = "set_config('plan_cache_mode', 'force_generic_plan', true)"

# One statement for everything a query needs to know besides the matches: the short names it
# may spell (and every name and the title of those instruments), the lexemes of each term and
# name, their document frequencies and hyphenated forms, the corpus figures. It also sets the
# statement timeout of the transaction it opens (a round trip saved on a loaded machine) and has the
# search's prepared statements that follow run their generic plans (``GENERIC_PLANS``).
COMPILE_SQL = (
    f"WITH cfg AS (SELECT set_config('statement_timeout', %s, true), {GENERIC_PLANS}), "
    "nm AS (SELECT n.normalized, n.instrument_id, i.title, o.name FROM archive_instrumentname n "
    "  JOIN archive_instrument i ON i.id = n.instrument_id JOIN archive_instrumentname o ON o.instrument_id = n.instrument_id "
    "  WHERE n.normalized = ANY(%s::text[])), "
    "t AS (SELECT unnest(%s::text[]) AS t UNION SELECT title FROM nm UNION SELECT name FROM nm), "
    f"f AS (SELECT t, phraseto_tsquery(%s::regconfig, {indexed_sql('t')})::text AS q, "
    f"tsvector_to_array(to_tsvector(%s::regconfig, {indexed_sql('t')})) AS lx FROM t), "
    "l AS (SELECT DISTINCT unnest(lx) AS lx FROM f) "
    "SELECT 'f', t, q, lx, NULL::bigint FROM f, cfg "
    "UNION ALL SELECT 'n', normalized, title, ARRAY[name], instrument_id FROM nm "
    "UNION ALL SELECT 's', lexeme, joined, NULL, paragraphs FROM archive_termstatistic "
    "  WHERE lexeme = ANY(ARRAY(SELECT lx FROM l)) OR joined = ANY(ARRAY(SELECT lx FROM l)) "
    "UNION ALL SELECT 'c', NULL, average_lexemes::text, NULL, documents FROM archive_corpusstatistic WHERE name = 'paragraphs'"
)
# ... outside a search (no timeout to set): its parameter typed, as a prepared statement's must be
COMPILE_SQL_UNTIMED = COMPILE_SQL.replace(f"set_config('statement_timeout', %s, true), {GENERIC_PLANS}", "%s::text")
# ... and, for the search page, the instruments the query's words name (``Instrument.objects.named``), by title:
# enough of them that the limit is still met once those the query names as a whole (nm) are left out
INSTRUMENTS_SQL = (
    " UNION ALL (SELECT 'i', title, key, ARRAY[kind]::text[], id FROM archive_instrument WHERE {condition} "
    "ORDER BY title, id LIMIT %s + (SELECT count(DISTINCT instrument_id) FROM nm))"
)


def compile_query(q: str, timeout_ms: int | None = None, with_instruments: bool = False) -> CompiledQuery:
    """The parsed query as one tsquery, its ranked units and statistics: one statement (two when it
    names an instrument). With ``timeout_ms``, the statement timeout of the current transaction is set too;
    ``with_instruments``, the instruments its words name are read too (``word_instruments``)."""
    parsed = parse_query(q)
    spans = name_candidates(parsed)
    texts = sorted({t.text for t in parsed.terms} | {t.text.replace("-", "") for t in parsed.terms if t.is_compound})
    if not texts:
        return CompiledQuery(parsed, "", [], 0, True, 0, 1.0)
    timeout = str(int(timeout_ms)) if timeout_ms else None
    with connection.cursor() as cursor:
        statement = COMPILE_SQL if timeout else COMPILE_SQL_UNTIMED
        params = [timeout or "", sorted(set(spans.values())), texts, CONFIG, CONFIG]
        words = instrument_words(parsed) if with_instruments else []
        if words:
            condition, condition_params = named_condition(" ".join(words))
            statement += INSTRUMENTS_SQL.format(condition=condition)
            params += [*condition_params, NAMED_LIMIT]
        prepared.execute(cursor, "search_compile", statement, params)  # sent on every search: parsed and planned once
        result = cursor.fetchall()
    forms = {t: (tsq, lexemes or []) for kind, t, tsq, lexemes, _ in result if kind == "f"}
    rows = [(lx, joined, d) for kind, lx, joined, _, d in result if kind == "s"]
    corpus = next(((float(avg), d) for kind, _, avg, _, d in result if kind == "c"), (1.0, 0))
    n, avgdl = max(corpus[1], 1), corpus[0] or 1.0
    named = named_runs(
        parsed, spans, [(norm, title, names[0], iid) for kind, norm, title, names, iid in result if kind == "n"]
    )
    missing = sorted({t for run in named for t in run.texts} - set(forms))
    if missing:  # the shorter forms of a named instrument's title
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH f AS (SELECT t, phraseto_tsquery(%s::regconfig, {indexed_sql('t')})::text AS q, "
                f"tsvector_to_array(to_tsvector(%s::regconfig, {indexed_sql('t')})) AS lx FROM unnest(%s::text[]) t) "
                "SELECT 'f', t, q, lx, NULL::bigint FROM f UNION ALL SELECT 's', lexeme, joined, NULL, paragraphs "
                "FROM archive_termstatistic WHERE lexeme = ANY(ARRAY(SELECT unnest(lx) FROM f))",
                [CONFIG, CONFIG, missing],
            )
            extra = cursor.fetchall()
        forms.update({t: (tsq, lexemes or []) for kind, t, tsq, lexemes, _ in extra if kind == "f"})
        rows += [(lx, joined, d) for kind, lx, joined, _, d in extra if kind == "s"]
    df = {lx: d for lx, _, d in rows}
    hyphenated = {}  # solid form -> hyphenated lexemes of the archive ('healthcar' -> ['health-car'])
    for lx, joined, _ in rows:
        if "-" in lx and joined != lx:
            hyphenated.setdefault(joined, []).append(lx)

    def unit_for(term: Term) -> Unit | None:
        tsq, lxs = forms.get(term.text, ("", []))
        if not tsq:
            return None  # stop words only
        if term.phrase:  # a phrase weighs its words (as Lucene's phrase query does); matches at most its rarest
            return Unit(
                tsq, sum(idf(df.get(lx, 0), n) for lx in lxs), lxs, min((df.get(lx, 0) for lx in lxs), default=0)
            )
        alternatives, counted = [tsq], list(lxs)
        if term.is_compound:  # health-care: also healthcare; counted by the whole-word lexemes
            counted = [lx for lx in lxs if "-" in lx] or lxs
            solid = forms.get(term.text.replace("-", ""), ("", []))[1]
            if len(solid) == 1:
                alternatives.append(quote_lexeme(solid[0]))
                counted += solid
        elif len(lxs) == 1:  # healthcare: also health-care, where the archive writes it so
            for h in hyphenated.get(lxs[0], []):
                alternatives.append(quote_lexeme(h))
                counted.append(h)
        frequency = min(n, sum(df.get(lx, 0) for lx in dict.fromkeys(counted)))
        if len(alternatives) == 1 and len(lxs) > 1:  # a compound the archive never writes solid: a phrase
            return Unit(
                tsq, sum(idf(df.get(lx, 0), n) for lx in lxs), lxs, min((df.get(lx, 0) for lx in lxs), default=0)
            )
        query = " | ".join(f"( {a} )" if " " in a else a for a in alternatives)
        return Unit(query, idf(frequency, n), list(dict.fromkeys(lxs + counted)), frequency)

    def phrase_unit(text: str) -> Unit | None:
        tsq, lxs = forms.get(text, ("", []))
        if not tsq:
            return None
        return Unit(tsq, 0.0, lxs, min((df.get(lx, 0) for lx in lxs), default=0))

    clauses, units, estimates, cited = [], [], [], []
    runs = {run.start: run for run in named}
    skip_to = -1
    for i, clause in enumerate(parsed.clauses):
        if i < skip_to:
            continue
        if i in runs:  # a name of an instrument: its names and title, and the paragraphs citing it
            run = runs[i]
            skip_to = run.end
            alternatives = [u for u in (phrase_unit(t) for t in run.texts) if u is not None]
            frequency = min(n, sum(u.frequency for u in alternatives) + len(run.citing))
            tsq = " | ".join(f"( {u.tsquery} )" for u in alternatives) or "''"
            unit = Unit(tsq, idf(frequency, n), [lx for u in alternatives for lx in u.lexemes], frequency)
            units.append(unit)
            estimates.append(frequency)
            cited.append((len(clauses), run.citing, unit))
            clauses.append(f"( {tsq} )")
            continue
        compiled = [u for u in (unit_for(t) for t in clause) if u is not None]
        if not compiled:
            continue
        if clause[0].negated:
            clauses.append(f"!( {compiled[0].tsquery} )")
            continue
        clauses.append(
            "( " + " | ".join(f"( {u.tsquery} )" for u in compiled) + " )"
            if len(compiled) > 1
            else f"( {compiled[0].tsquery} )"
        )
        units.extend(compiled)
        estimates.append(min(n, sum(u.frequency for u in compiled)))
    estimate = min(estimates) if units else n  # only exclusions: everything but them
    exact = len(units) == 1 and len(clauses) == 1 and len(units[0].lexemes) == 1
    unknown = [
        t
        for c in parsed.positive
        for t in c
        if not t.phrase and forms.get(t.text, ("", []))[1] and all(df.get(lx, 0) == 0 for lx in forms[t.text][1])
    ]
    word_instruments = None
    if with_instruments:
        names = ["id", "key", "kind", "title"]
        word_instruments = [
            Instrument.from_db(connection.alias, names, (iid, key, kinds[0], title))
            for kind, title, key, kinds, iid in result
            if kind == "i"
        ]
    return CompiledQuery(
        parsed,
        " & ".join(clauses),
        units,
        estimate,
        exact and not cited,
        n,
        avgdl,
        unknown,
        df,
        clauses,
        cited,
        [i for run in named for i in run.instruments],
        word_instruments,
    )
