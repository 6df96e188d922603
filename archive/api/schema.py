"""The OpenAPI 3.1 description of the API, written by hand as a Python dict.

Written by hand (no generator, no framework) so that it is the contract, not a by-product:
``tests/api/test_schema.py`` sends requests built from these parameters and validates
every response body against these schemas (JSON Schema 2020-12, which OpenAPI 3.1 uses).
Objects are closed (``additionalProperties: false``): a field added to a serializer and
not here fails the tests.
"""

from __future__ import annotations

from archive.citing_queries import SORTS as INSTRUMENT_SORTS
from archive.filters import SEARCHABLE_KINDS
from archive.models import Document, Instrument, Paragraph
from archive.parsing.languages import LANGUAGES
from archive.search.facets import COUNT_CAP
from archive.search.parameters import MAX_PAGE, MAX_QUERY_LENGTH, PAGE_SIZE, SORTS

from .params import MAX_LIMIT, MAX_OFFSET

STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
NUM = {"type": "number"}
URI = {"type": "string", "format": "uri"}


def nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
    return {**schema, "description": description} if description else schema


DATE = nullable({"type": "string", "format": "date"})
LANGUAGE = {"type": "string", "enum": list(LANGUAGES),
            "description": "Official language of the text given: ar, zh, en, fr, ru, es (en where the document has "
                           "no text in the language asked for)."}
DOCUMENT_KIND = {"type": "string", "enum": Document.Kind.values}
PARAGRAPH_KIND = {"type": "string", "enum": Paragraph.Kind.values}
INSTRUMENT_KIND = {"type": "string", "enum": Instrument.Kind.values}

DOCUMENT_SUMMARY = {
    "symbol": {**STR, "description": "UN document symbol: the document's stable identifier."},
    "kind": DOCUMENT_KIND,
    "number": nullable({**STR, "description": "Resolution number (60/139); null for reports."}),
    "session": INT,
    "title": STR,
    "series": nullable(ref("Series")),
    "adopted": DATE,
    "distributed": DATE,
    "links": ref("DocumentLinks"),
}
PARAGRAPH = {
    "anchor": {**STR, "description": "Stable identifier within the document (op5, pp12, op41a)."},
    "position": INT,
    "kind": PARAGRAPH_KIND,
    "number": nullable(STR),
    "ordinal": nullable(INT),
    "label": STR,
    "citation": {**STR, "description": "How to cite it: 'A/RES/74/127, para. 5'."},
    "opening": nullable(STR),
    "section": nullable(STR),
    "parent": nullable({**STR, "description": "Anchor of the paragraph a sub-item belongs to."}),
    "language": LANGUAGE,
    "text": {**STR, "description": "The text in `language`; marker offsets are offsets of this text."},
    "markers": array(ref("Marker")),
    "links": ref("ParagraphLinks"),
}
INSTRUMENT_REF = {"key": {**STR, "description": "Canonical key: UNTS:2220:39481, A/RES/48/104 ..."},
                  "kind": INSTRUMENT_KIND, "title": STR, "links": ref("InstrumentLinks")}
INSTRUMENT_SUMMARY = {
    **INSTRUMENT_REF,
    "title_inferred": BOOL,
    "documents": nullable({**INT, "description": "Number of citing documents."}),
    "first_session": nullable(INT),
    "last_session": nullable(INT),
    "archive_document": nullable(ref("DocumentRef")),
}


SERIES_SUMMARY = {
    "slug": STR, "title": STR,
    "detected": {**BOOL, "description": "Found in the texts by ingest (false: a registry series)."},
    "committee": nullable(STR), "agenda_item": nullable(STR), "member_count": INT, "held_count": INT, "sessions": array(INT),
    "links": obj({"self": URI, "html": URI}),
}


def page_of(item: str) -> dict:
    return obj({"count": INT, "limit": INT, "offset": INT, "next": nullable(URI), "previous": nullable(URI),
                "results": array(ref(item))})


SCHEMAS = {
    "Error": obj({"status": INT, "error": STR, "detail": STR,
                  "fields": {"type": "object", "additionalProperties": array(STR)}}),
    "Index": obj({"title": STR, "links": obj({k: URI for k in ("documents", "series", "instruments", "search", "search_csv", "schema")})}),
    "Series": obj({"slug": STR, "title": STR}),
    "DocumentLinks": obj({"self": URI, "html": URI, "akn": URI, "official": URI}),
    "ParagraphLinks": obj({"self": URI, "html": URI}),
    "InstrumentLinks": obj({"self": URI, "html": URI, "citations_csv": URI, "official": nullable(STR)}),
    "DocumentSummary": obj(DOCUMENT_SUMMARY),
    "DocumentRef": obj({"symbol": STR, "kind": DOCUMENT_KIND, "title": STR, "links": ref("DocumentLinks")}),
    "DocumentPage": page_of("DocumentSummary"),
    "Marker": obj({"footnote": INT, "offset": {**INT, "description": "Character offset in the text where the marker stands."}}),
    "Paragraph": obj(PARAGRAPH),
    "LineageStep": obj({
        "symbol": STR, "anchor": STR,
        "change": {"type": "string", "enum": ["unchanged", "editorial", "opening", "amended", "split", "merged", "moved"],
                   "description": "What changed from this previous version (editorial: case, hyphens, punctuation, quotes, spacing only)."},
        "similarity": {"type": "number", "minimum": 0, "maximum": 1,
                       "description": "Evidence of the link (idf-weighted word overlap); never below the aligner's threshold."},
    }),
    "Lineage": obj({
        "origin": obj({"symbol": STR, "anchor": STR}, "Earliest held version reached through links; the paragraph itself when new here."),
        "previous": nullable(ref("LineageStep")),
        "missing_before": array({**STR, "description": "Resolution of the series between the previous held one and this document that the archive does not hold."}),
    }),
    "DocumentParagraph": obj({**PARAGRAPH, "lineage": nullable(ref("Lineage"))}),
    "MemberLinks": obj({"self": nullable(URI), "html": nullable(URI), "official": nullable(URI)}),
    "SeriesMember": obj({
        "symbol": nullable(STR), "name": STR, "kind": DOCUMENT_KIND, "session": INT, "number": nullable(STR),
        "adopted": DATE, "year": nullable(INT), "held": BOOL, "takes_note_of": nullable(STR),
        "requests_session": nullable(INT), "answers": nullable(STR), "note": nullable(STR),
        "sources": {"type": "object", "additionalProperties": array(STR), "description": "Where each fact comes from."},
        "links": ref("MemberLinks"),
        "answered_by": nullable({**STR, "description": "For a resolution: the report that answers it (held or not)."}),
        "taken_note_of_by": nullable({**STR, "description": "For a report: the resolution that took note of it."}),
    }),
    "SeriesSummary": obj(SERIES_SUMMARY),
    "SeriesPage": page_of("SeriesSummary"),
    "SeriesDetail": obj({**SERIES_SUMMARY, "began": nullable(STR), "began_source": nullable(STR),
                         "members": array(ref("SeriesMember"))}),
    "Citation": obj({"position": INT, "cited_key": STR, "pinpoint": nullable(STR), "raw": STR,
                     "instrument": ref("InstrumentRef")}),
    "Footnote": obj({"number": INT, "language": LANGUAGE, "text": STR, "text_missing": BOOL, "citations": array(ref("Citation")),
                     "references": array(obj({"paragraph": STR, "offset": INT}))}),
    "DocumentDetail": obj({
        **DOCUMENT_SUMMARY,
        "agenda_item": nullable(STR), "committee_report": nullable(STR), "meeting": nullable(STR),
        "adoption_type": nullable(STR),
        "votes": obj({"yes": nullable(INT), "no": nullable(INT), "abstain": nullable(INT)}),
        "sponsors": array(STR),
        "answers": nullable(ref("DocumentRef")),
        "answered_by": array(ref("DocumentRef")),
        "record": nullable(ref("Record")),
        "source_format": STR,
        "anomalies": array({"type": "object"}),
        "language": LANGUAGE,
        "languages": {**array(LANGUAGE), "description": "Every language the archive holds this document in."},
        "paragraphs": array(ref("DocumentParagraph")),
        "footnotes": array(ref("Footnote")),
    }),
    "StateEntry": obj({"name": {**STR, "description": "The Organization's name for the State (or the record's words, when not recognised)."},
                       "role": nullable({**STR, "description": "'on behalf of …', as the record prints it."}),
                       "recognised": BOOL}),
    "VoteGroup": obj({"count": nullable(INT), "states": array(ref("StateEntry"))}),
    "Record": obj({
        "adoption_type": nullable(STR),
        "votes": {"type": "object", "additionalProperties": ref("VoteGroup"),
                  "description": "in_favour, against, abstaining; empty for a resolution adopted without a vote."},
        "sponsors": array(ref("StateEntry")), "additional_sponsors": array(ref("StateEntry")),
        "statements": array({**STR, "description": "Who put the draft forward when it is not a State ('Submitted by the Chair')."}),
        "subjects": array(obj({"subject": STR, "thesaurus": nullable(STR)})),
        "committee_report": nullable({**STR, "description": "The committee report and its paragraph: 'A/80/545, para. 5'."}),
        "meeting_record": nullable(STR),
    }, "The metadata record of a resolution: votes by Member State, sponsors, subjects."),
    "Neighbour": obj({"anchor": STR, "links": ref("ParagraphLinks")}),
    "ParagraphDetail": obj({
        **PARAGRAPH,
        "lineage": nullable(ref("Lineage")),
        "document": ref("DocumentSummary"),
        "footnotes": array(ref("Footnote")),
        "languages": {**array(LANGUAGE), "description": "Every language the archive holds the document in."},
        "subitems": array(STR),
        "previous": nullable(ref("Neighbour")),
        "next": nullable(ref("Neighbour")),
        "also_in": obj({
            "documents": {**INT, "description": "Other documents sharing this paragraph's agreed language."},
            "paragraphs_total": INT, "boilerplate": BOOL,
            "paragraphs": array(obj({"symbol": STR, "anchor": STR, "label": STR, "similarity": NUM, "match": STR,
                                     "links": {"type": "object"}})),
        }, "Paragraphs of other documents with the same or nearly the same language (the 200 most similar)."),
    }),
    "InstrumentRef": obj(INSTRUMENT_REF),
    "InstrumentSummary": obj(INSTRUMENT_SUMMARY),
    "InstrumentPage": page_of("InstrumentSummary"),
    "InstrumentCitation": obj({
        "session": INT, "document": ref("DocumentRef"), "footnote": obj({"number": INT, "text": STR}),
        "cited_key": STR, "pinpoint": nullable(STR), "raw": STR,
        "paragraphs": array(obj({"anchor": STR, "kind": PARAGRAPH_KIND, "label": STR, "citation": STR, "text": STR,
                                 "links": ref("ParagraphLinks")})),
    }),
    "InstrumentDetail": obj({**INSTRUMENT_SUMMARY, "aliases": array(STR), "citations": array(ref("InstrumentCitation")),
                             "text_mentions": array(ref("TextMention"))}),
    "ParagraphRef": obj({"anchor": STR, "label": STR, "citation": STR, "text": STR, "links": ref("ParagraphLinks")}),
    "TextMention": obj({
        "session": INT, "document": ref("DocumentRef"), "paragraph": ref("ParagraphRef"),
        "named_as": {**STR, "description": "The words of the paragraph that name the instrument."},
        "found_by": {"type": "string", "enum": ["name", "symbol"],
                     "description": "Its name from the authority file, or a document symbol."},
        "start": INT, "end": INT,
    }, "A paragraph naming the instrument in its text, without a footnote."),
    "FootnoteSearchResults": obj({
        "query": STR, "count": INT, "count_capped": BOOL, "page": INT, "pages": INT, "page_size": INT,
        "next": nullable(URI), "previous": nullable(URI),
        "results": array(obj({"document": ref("DocumentRef"), "footnote": ref("Footnote"),
                              "paragraphs": array(obj({"anchor": STR, "label": STR, "links": ref("ParagraphLinks")})),
                              "headline": STR})),
        "links": obj({"html": URI, "csv": URI}),
    }),
    "Comparison": obj({
        "series": ref("Series"), "from": ref("DocumentRef"), "to": ref("DocumentRef"), "only_changes": BOOL,
        "counts": {"type": "object", "additionalProperties": INT},
        "rows": array(obj({
            "status": {"type": "string", "enum": ["unchanged", "amended", "moved", "new", "dropped", "split", "merged"]},
            "moved": BOOL, "opening_change": nullable(STR),
            "from": array(ref("ParagraphRef")), "to": array(ref("ParagraphRef")),
            "diff": nullable({**STR, "description": "HTML: the later text with <del> and <ins> marking the changes."}),
        })),
    }),
    "History": obj({
        "paragraph": ref("ParagraphRef"),
        "versions": array(obj({
            "document": ref("DocumentRef"), "session": INT, "paragraph": ref("ParagraphRef"),
            "status": STR, "opening_shift": nullable(STR),
            "changes": nullable({**STR, "description": "Word changes from the version before: [-deleted-] {+inserted+}."}),
        })),
        "dropped_in": nullable(ref("DocumentRef")),
    }),
    "Facet": obj({"value": {"type": ["integer", "string"]}, "label": STR, "count": INT}),
    "SearchResults": obj({
        "query": STR, "language": LANGUAGE, "sort": {"type": "string", "enum": list(SORTS)},
        "filters": {"type": "object", "additionalProperties": STR},
        "count": {**INT, "description": f"Matches, counted up to {COUNT_CAP}."},
        "count_capped": BOOL, "page": INT, "pages": INT, "page_size": INT,
        "next": nullable(URI), "previous": nullable(URI),
        "document": nullable(ref("DocumentRef")),
        "results": array(obj({"document": ref("DocumentRef"), "paragraph": ref("Paragraph"),
                              "headline": {**STR, "description": "HTML: escaped text with <mark> around matches."}})),
        "facets": obj({k: array(ref("Facet")) for k in ("session", "kind", "opening")}),
        "instruments": array(ref("InstrumentRef")),
        "links": obj({"html": URI, "csv": URI}),
    }),
}


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def path_param(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


LANG = query("lang", {"type": "string", "enum": list(LANGUAGES), "default": "en"},
             "Official language: ar, zh, en, fr, ru, es. Texts (and titles, footnotes) in that language where the "
             "archive holds the document in it; anchors, numbers, citations and lineage stay the English ones.")
LIMIT = query("limit", {**INT, "minimum": 1, "maximum": MAX_LIMIT, "default": 20}, "Page size (at most 100).")
OFFSET = query("offset", {**INT, "minimum": 0, "maximum": MAX_OFFSET, "default": 0}, "Rows to skip.")
SEARCH_PARAMS = [
    query("q", {**STR, "maxLength": MAX_QUERY_LENGTH},
          "Words, \"quoted phrases\", OR, -word (PostgreSQL websearch syntax); empty lists everything."),
    query("session_from", {"type": "number", "minimum": 1, "maximum": 200}, "Earliest session."),
    query("session_to", {"type": "number", "minimum": 1, "maximum": 200}, "Latest session."),
    query("doc_kind", DOCUMENT_KIND, "Resolutions or reports."),
    query("kind", {"type": "string", "enum": [k for k, _ in SEARCHABLE_KINDS]}, "Paragraph kind."),
    query("opening", {**STR, "maxLength": 100}, "Opening phrase, e.g. 'Calls upon' (case-insensitive)."),
    query("cites", {**STR, "maxLength": 300}, "Instrument key (or an alias): paragraphs whose footnotes cite it."),
    query("has_footnotes", {"type": "string", "enum": ["yes", "no"]}, "Only paragraphs with (or without) markers."),
    query("document", {**STR, "maxLength": 100}, "Only paragraphs of this document (symbol, e.g. A/RES/74/127)."),
    query("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order of the results."),
]
SYMBOL = path_param("symbol", {**STR, "pattern": r"^[A-Z][A-Za-z0-9./-]*[A-Za-z0-9]$"},
                    "Document symbol, slashes unescaped: A/RES/74/127.")
ANCHOR = path_param("anchor", {**STR, "pattern": r"^[a-z0-9-]+$"}, "Paragraph anchor: op5, pp12, op41a.")
KEY = path_param("key", STR, "Instrument key, as in the instrument's links.")
SLUG = path_param("slug", {**STR, "pattern": r"^[-a-zA-Z0-9_]+$"}, "Series slug.")
COMPARE_PARAMS = [
    query("from", {**STR, "maxLength": 100}, "Earlier resolution of the series (74/127 or A/RES/74/127); the last but one by default."),
    query("to", {**STR, "maxLength": 100}, "Later resolution of the series; the last by default."),
    query("changes", {"type": "string", "enum": ["0", "1"]}, "1: only the rows that changed."),
]
PAGE = query("page", {**INT, "minimum": 1, "maximum": MAX_PAGE, "default": 1}, f"Page of {PAGE_SIZE} results.")


def responses(ok: dict, *errors: int, content_type: str = "application/json") -> dict:
    described = {400: "Invalid parameter.", 404: "No such resource.", 503: "The database timed out; retry."}
    out = {"200": {"description": "OK", "content": {content_type: {"schema": ok}}}}
    for status in sorted({400, *errors, 503}):  # 400: any parameter with a NUL character
        out[str(status)] = {"description": described[status], "content": {"application/json": {"schema": ref("Error")}}}
    return out


def get(summary: str, operation_id: str, parameters: list, ok: dict, *errors: int, content_type="application/json") -> dict:
    return {"get": {"summary": summary, "operationId": operation_id, "parameters": parameters,
                    "responses": responses(ok, *errors, content_type=content_type)}}


PATHS = {
    "/api/": get("Entry point: links to every collection", "index", [], ref("Index")),
    "/api/schema/": get("This OpenAPI description", "schema", [], {"type": "object"}),
    "/api/documents/": get("Documents (resolutions and reports)", "listDocuments", [
        query("session", {**INT, "minimum": 1, "maximum": 200}, "General Assembly session."),
        query("kind", DOCUMENT_KIND, "Resolution or report."),
        query("series", {**STR, "maxLength": 200}, "Series slug."),
        LIMIT, OFFSET,
    ], ref("DocumentPage"), 400),
    "/api/documents/{symbol}/": get("A document with its paragraphs, footnotes and citations", "getDocument",
                                    [SYMBOL, LANG], ref("DocumentDetail"), 400, 404),
    "/api/documents/{symbol}/paragraphs/{anchor}/": get("A paragraph with its footnotes", "getParagraph",
                                                        [SYMBOL, ANCHOR, LANG], ref("ParagraphDetail"), 400, 404),
    "/api/series/": get("Series of resolutions", "listSeries", [
        query("committee", {**STR, "maxLength": 100}, "Main Committee, e.g. Third Committee."),
        query("agenda_item", {**STR, "maxLength": 200}, "Words of the agenda item's name."),
        query("session", {**INT, "minimum": 0, "maximum": 200}, "A session the series covers."),
        query("min_sessions", {**INT, "minimum": 0, "maximum": 100}, "At least so many sessions spanned."),
        query("sort", {**STR, "enum": ["title", "recent", "held", "span"]}, "Order of the list."),
        LIMIT, OFFSET], ref("SeriesPage"), 400),
    "/api/series/{slug}/": get("A series and every member known, held or not", "getSeries",
                               [path_param("slug", {**STR, "pattern": r"^[-a-zA-Z0-9_]+$"}, "Series slug.")],
                               ref("SeriesDetail"), 404),
    "/api/instruments/": get("Cited instruments", "listInstruments", [
        query("q", {**STR, "maxLength": 200}, "Words of the title, or a whole part of the key or an alias ('2237', '55/25')."),
        query("kind", INSTRUMENT_KIND, "Kind of instrument."),
        query("sort", {"type": "string", "enum": list(INSTRUMENT_SORTS), "default": "documents"}, "Order."),
        LIMIT, OFFSET,
    ], ref("InstrumentPage"), 400),
    "/api/instruments/{key}/": get("An instrument with every citing paragraph", "getInstrument",
                                   [KEY], ref("InstrumentDetail"), 404),
    "/api/search/": get("Paragraph search (the search page's parameters)", "search", [
        *SEARCH_PARAMS, LANG, query("page", {**INT, "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                                    f"Page of {PAGE_SIZE} results."),
    ], ref("SearchResults"), 400),
    "/api/search/footnotes/": get("Footnote search (the search page's \"in footnotes\")", "searchFootnotes",
                                  [*SEARCH_PARAMS, PAGE], ref("FootnoteSearchResults"), 400),
    "/api/series/{slug}/compare/": get("Two resolutions of a series aligned", "compare", [SLUG, *COMPARE_PARAMS],
                                       ref("Comparison"), 400, 404),
    "/api/documents/{symbol}/paragraphs/{anchor}/history/": get("Every version of a paragraph", "getParagraphHistory",
                                                                [SYMBOL, ANCHOR], ref("History"), 404),
    "/search/footnotes.csv": get("Footnote search results as CSV", "searchFootnotesCsv", SEARCH_PARAMS, STR, 400,
                                 content_type="text/csv"),
    "/series/{slug}/compare.csv": get("A comparison as CSV", "compareCsv", [SLUG, *COMPARE_PARAMS, LANG], STR, 400, 404,
                                      content_type="text/csv"),
    "/documents/{symbol}/para/{anchor}/history.csv": get("A paragraph's history as CSV", "paragraphHistoryCsv",
                                                         [SYMBOL, ANCHOR, LANG], STR, 400, 404,
                                                         content_type="text/csv"),
    "/instruments/{key}/mentions.csv": get("The paragraphs naming an instrument without a footnote, as CSV",
                                           "instrumentMentionsCsv", [KEY], STR, 404, content_type="text/csv"),
    "/search.csv": get("Search results as CSV (all matches up to the cap)", "searchCsv", [*SEARCH_PARAMS, LANG],
                       STR, 400, content_type="text/csv"),
    "/instruments/{key}/citations.csv": get("An instrument's citing paragraphs as CSV", "instrumentCitationsCsv",
                                            [KEY], STR, 404, content_type="text/csv"),
    "/documents/{symbol}/akn.xml": get("A document as AKN4UN XML", "documentAkn", [SYMBOL, LANG], STR, 400, 404,
                                       content_type="application/akn+xml"),
}


def openapi(server: str = "") -> dict:
    """The OpenAPI document; ``server`` is the site's absolute root URL."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Resolution Archive API",
            "version": "1.0.0",
            "description": "Read-only open data of the Resolution Archive: General Assembly resolutions and reports "
                           "of the Secretary-General, paragraph by paragraph, with their footnotes and the "
                           "instruments they cite. Source of the texts: the United Nations. Lists are paged with "
                           "limit/offset (at most 100), search with page; errors are JSON.",
        },
        "servers": [{"url": server or "/"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
