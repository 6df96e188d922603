"""The one parser of user queries: words, "quoted phrases", OR and -exclusions, as a search box reads them.

Pure Python (no database, no Django): the query becomes clauses, all of which must match;
a clause is one or more alternatives joined by OR (OR binds tighter than the implicit AND,
as in web search engines: ``migrant women OR girls`` is migrant AND (women OR girls)); a
term is a word or a phrase, possibly excluded with a leading ``-``. Nothing here stems or
ranks: ``archive.search.compiler`` turns the terms into lexemes with PostgreSQL's English
configuration, the same that built the stored vectors. Anything typed is a valid query:
stray quotes, operators and punctuation are read as text or dropped, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# tsquery operators and grouping a user may type: read as spaces, never as syntax
OPERATOR_CHARS = re.compile(r"[&|!():*<>\\]")


@dataclass(frozen=True)
class Term:
    text: str  # the words as typed (a phrase's words, or one word, hyphens kept)
    phrase: bool = False
    negated: bool = False

    @property
    def is_compound(self) -> bool:
        """A hyphenated word (``health-care``): also sought written solid (``healthcare``)."""
        return not self.phrase and bool(re.fullmatch(r"\w+(?:-\w+)+", self.text))


@dataclass
class ParsedQuery:
    clauses: list[list[Term]] = field(default_factory=list)

    @property
    def positive(self) -> list[list[Term]]:
        """The clauses that must match (and rank): the excluded terms left out."""
        return [c for c in self.clauses if not any(t.negated for t in c)]

    @property
    def negated(self) -> list[Term]:
        return [t for c in self.clauses for t in c if t.negated]

    @property
    def terms(self) -> list[Term]:
        return [t for c in self.clauses for t in c]

    def __bool__(self) -> bool:
        return bool(self.clauses)


def parse_query(q: str) -> ParsedQuery:
    """Clauses of ``q``: AND of ORs; an excluded term is a clause of its own (OR does not join it).

    A query of exclusions only (``-persons``) matches every paragraph without them."""
    items: list[Term | str] = []  # terms and the "OR" marker
    for m in TOKEN.finditer(q or ""):
        negated = False
        if m.group(3) is not None:
            raw = m.group(3)
            if raw.upper() == "OR":
                items.append("OR")
                continue
            if raw.startswith("-") and len(raw) > 1:
                negated, raw = True, raw[1:]
            text = _clean(raw)
            if text:
                items.append(Term(text, phrase=" " in text, negated=negated))
        else:
            text = _clean(m.group(2))
            if text:
                items.append(Term(text, phrase=True, negated=bool(m.group(1))))
    clauses: list[list[Term]] = []
    join_next = False
    for item in items:
        if item == "OR":
            join_next = bool(clauses) and not clauses[-1][-1].negated
            continue
        if join_next and not item.negated:
            clauses[-1].append(item)
        else:
            clauses.append([item])
        join_next = False
    return ParsedQuery(clauses)


def _clean(text: str) -> str:
    """Operators read as spaces; a word's outer punctuation dropped, inner kept (55/25, health-care)."""
    words = []
    for word in OPERATOR_CHARS.sub(" ", text).split():
        word = word.strip("\"'.,;:?!-–—‘’“”")
        if word:
            words.append(word)
    return " ".join(words)
