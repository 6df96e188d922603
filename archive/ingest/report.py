"""The ingest report: JSON other tools read, so keys are only ever added.

One entry per parsed source (the shown one and its alternatives), and the errors, each
with its source, line (or null), kind and message (see ``pipeline`` for the kinds).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .pipeline import IngestResult


def build_report(result: IngestResult) -> dict:
    documents = []
    for outcome in result.outcomes:
        for i, parsed in enumerate(outcome.parsed):
            entry = parsed.doc.to_report()
            entry["source"] = parsed.source.given
            entry["shown"] = i == 0
            entry["status"] = outcome.status if i == 0 else "alternative"
            entry["series"] = outcome.series["slug"] if outcome.series else None
            if i == 0:
                for footnote in entry["footnotes"]:
                    footnote["citations"] = [c.to_report() for c in outcome.citations.get(footnote["number"], [])]
                if outcome.comparison is not None:
                    entry["comparison"] = outcome.comparison
                entry["source_note"] = outcome.note
                entry["languages"] = ["en"] + [v.language for v in outcome.versions]
                entry["versions"] = [
                    {
                        "language": v.language,
                        "source": t.source.given,
                        "title": v.title,
                        "aligned": v.aligned,
                        "paragraphs": len(v.paragraphs),
                        "footnotes": len(v.footnotes),
                        "anomalies": [asdict(a) for a in t.doc.anomalies + v.anomalies],
                    }
                    for v, t in zip(outcome.versions, outcome.translations)
                ]
            documents.append(entry)
    return {"documents": documents, "errors": result.errors, "seconds": round(result.seconds, 3)}


def write_report(result: IngestResult, path: str | Path) -> None:
    Path(path).write_text(
        json.dumps(build_report(result), indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
