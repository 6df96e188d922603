"""How long the PDF layout parser takes: one row per test PDF, and a 15-page resolution.

Run from the checkout: ``.venv/bin/python -m bench.pdf_parse [--repeat N] [file.pdf ...]``.
The test PDFs are made as the tests make them (reportlab, a dev dependency) from the AKN
files and the report's source text in ``fixtures/``; PDFs given on the command line are
timed too. Each figure is the best of N parses (default 5), so that other work on the
machine shows as little as possible; the check column says whether the parse equals its
truth (paragraphs, markers, footnotes).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from django.conf import settings

from archive.parsing import parse_bytes, parse_path
from archive.parsing.document import ParsedDocument
from archive.parsing.pdf_lines import open_pdf
from scripts.django_env import setup_django


def matches(doc: ParsedDocument, truth: ParsedDocument) -> bool:
    from tests.parsing.test_pdf_layout import same_text  # the tests' helpers read the settings: after setup

    def shape(d):
        return (
            [
                (p.kind, p.number, same_text(p.text), [(r.number, len(same_text(p.text[: r.offset]))) for r in p.refs])
                for p in d.paragraphs
            ],
            [(f.number, same_text(f.text)) for f in d.footnotes],
        )

    return shape(doc) == shape(truth)


def long_resolution() -> tuple[ParsedDocument, bytes]:
    """78/180 with its operative part printed twice over: a resolution of 15 pages or more."""
    from tests.parsing.pdf_official import resolution_pdf

    truth = parse_path(settings.BASE_DIR / "fixtures" / "akn" / "A_RES_78_180.xml")
    doc = ParsedDocument(**{**truth.__dict__})
    ops = [p for p in truth.paragraphs if p.kind != "preambular"]
    extra = []
    offset = max(int(p.number) for p in ops if p.kind == "operative")
    for p in ops:
        number = p.number
        if p.kind == "operative":
            number = str(int(number) + offset)
        elif p.kind == "subparagraph":
            number = str(int(number.split("(")[0]) + offset) + number[number.index("(") :]
        extra.append(type(p)(p.kind, p.text, number, p.opening, [], p.line, p.section))
    doc.paragraphs = truth.paragraphs + extra
    return doc, resolution_pdf(doc)


def best_of(data: bytes, name: str, repeat: int) -> tuple[float, float, ParsedDocument]:
    """The best wall-clock and CPU seconds of ``repeat`` parses (CPU time shows less of a busy machine)."""
    walls, cpus, doc = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        doc = parse_bytes(data, name)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), doc


def pages(data: bytes) -> int:
    pdf = open_pdf(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("pdfs", nargs="*", help="more PDFs to time")
    args = ap.parse_args(argv)
    setup_django()
    from tests.parsing.test_pdf_layout import NAMES, truth_and_pdf

    rows = []
    for name in NAMES:
        truth, data, _ = truth_and_pdf(name)
        wall, cpu, doc = best_of(data, name, args.repeat)
        rows.append(
            (
                f"{name}.pdf",
                pages(data),
                len(doc.paragraphs),
                len(doc.footnotes),
                wall,
                cpu,
                "equal" if matches(doc, truth) else "DIFFERS",
            )
        )
    truth, data = long_resolution()
    wall, cpu, doc = best_of(data, "long", args.repeat)
    rows.append(
        (
            "78/180, operative part twice",
            pages(data),
            len(doc.paragraphs),
            len(doc.footnotes),
            wall,
            cpu,
            "equal" if matches(doc, truth) else "DIFFERS",
        )
    )
    for path in args.pdfs:
        data = Path(path).read_bytes()
        wall, cpu, doc = best_of(data, path, args.repeat)
        rows.append((Path(path).name, pages(data), len(doc.paragraphs), len(doc.footnotes), wall, cpu, "-"))
    print(f"{'PDF':<32} {'pages':>5} {'paras':>6} {'notes':>6} {'wall s':>7} {'cpu s':>6} {'cpu/page':>8}  truth")
    for name, n, paras, notes, wall, cpu, check in rows:
        print(f"{name:<32} {n:>5} {paras:>6} {notes:>6} {wall:>7.3f} {cpu:>6.3f} {cpu / n:>8.3f}  {check}")
    print(
        f"best of {args.repeat} parses each (wall clock and CPU time); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
