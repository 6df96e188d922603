"""Parser fuzzing: mutate the real sources and check that every parser fails well.

Every input is made from one of the real sources (``fixtures/sources/*.txt``,
``fixtures/akn/*.xml``, ``fixtures/samples/*.txt``) by one mutation, and goes through
every format's ``parse()`` directly and through the detect path (``decode`` +
``parse_text``, then the citation resolution ingest runs next). Each run must either
parse or raise the project's ``ParseError`` naming the file, a line within the input (or
none) and a reason. Anything else is a failure: another exception is an internal error
(a bug, whatever the input), and a ParseError without file, line or reason is a bad
error. So is a run taking more than 2 seconds of CPU time (CPU rather than wall-clock
time, so that other work on the machine does not count; the wall-clock maximum is
printed too).

    python -m scripts.fuzz --inputs 10000 [--seed 1] [--workers 2]
    python -m scripts.fuzz --corpus DIR   # every file of a real corpus, unmutated

prints one row per parser and mutation (inputs, parsed, ParseError, internal, bad error,
slow, max time), then every failure with its traceback, and exits 1 when there was one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import signal
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from archive.parsing import FORMATS, ParseError, _module, decode, parse_text
from archive.parsing.text import source_lines
from scripts.django_env import setup_django

SOURCE_GLOBS = ["sources/*.txt", "akn/*.xml", "samples/*.txt"]
TIME_LIMIT = 2.0  # seconds per parse: slower is a failure
HARD_LIMIT = 30.0  # seconds: a parse still running then is stopped (and a failure)
DETECT = "detect"  # the ingest path: decode + parse_text + citations


class HardTimeout(BaseException):
    """Raised by the alarm; a BaseException so that no parser's ``except Exception`` eats it."""


def fixtures() -> Path:
    """The default collection's folder, whose sources the inputs are made from."""
    return settings.BASE_DIR / "fixtures"


@lru_cache(maxsize=1)
def sources() -> list[tuple[str, bytes]]:
    folder = fixtures()
    return [
        (f"fixtures/{p.relative_to(folder)}", p.read_bytes())
        for pattern in SOURCE_GLOBS
        for p in sorted(folder.glob(pattern))
    ]


# --- mutations: (rng, data, other source) -> bytes ---------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def truncate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    cut = rng.choice([rng.randrange(len(data)), rng.randrange(min(len(data), 400)), len(data) - rng.randrange(1, 200)])
    return data[: max(0, cut)]


def delete_lines(rng: random.Random, data: bytes, other: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.choice([1, 3, 10, 40])):
        if len(lines) < 2:
            break
        start = rng.randrange(len(lines))
        del lines[start : start + rng.choice([1, 1, 2, 5, 20])]
    return b"\n".join(lines)


def duplicate_lines(rng: random.Random, data: bytes, other: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.choice([1, 3, 10])):
        start = rng.randrange(len(lines))
        block = lines[start : start + rng.choice([1, 2, 5, 30])]
        at = rng.choice([start, rng.randrange(len(lines) + 1)])
        lines[at:at] = block * rng.choice([1, 2, 5])
    return b"\n".join(lines)


def shuffle_pages(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Form-feed pages when the source has them, else blocks of lines."""
    if b"\f" in data:
        pages = data.split(b"\f")
        rng.shuffle(pages)
        return b"\f".join(pages)
    lines = _lines(data)
    size = rng.choice([5, 20, 60])
    blocks = [lines[i : i + size] for i in range(0, len(lines), size)]
    i, j = rng.randrange(len(blocks)), rng.randrange(len(blocks))
    blocks[i], blocks[j] = blocks[j], blocks[i]
    if rng.random() < 0.3:
        rng.shuffle(blocks)
    return b"\n".join(b"\n".join(b) for b in blocks)


STRAY = [
    "1",
    "12",
    "99999999999999999999",
    "0",
    "-1",
    "3/",
    " 7 ",
    "*",
    "**",
    "\u00b9",
    "\u2075\u2076",
    "[^4]",
    "[^4]: x",
    "<sup>3</sup>",
    "^5^",
    "\f",
    "\r",
    "\r\n",
    "\x0b",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\x00",
    "A/RES/74/127",
    "A/RES/999999/99999999",
    "A/74/",
    "19-21823 3/8",
    "20-01234 (E) 150120",
    "*1921823*",
    "The General Assembly,",
    "General Assembly",
    "Distr.: General",
    "Seventy-fourth session",
    "Agenda item 26",
    "Resolution adopted by the General Assembly on 18 December 2019",
    "on 31 February 2019",
    "on 99 Smarch 20199",
    "Annex",
    "Summary",
    "I. Introduction",
    "II.",
    "Z.",
    "XIV.",
    "1.",
    "1000000.",
    "(a)",
    "(zz)",
    "(",
    ")",
    "[",
    "]",
    "Notes",
    "__________________",
    "* * *",
    "# ",
    "## ",
    "**bold",
    "---",
    "> ",
    "|",
    "```",
    "<p>",
    "</p>",
    "<akomaNtoso>",
    "</akn:",
    '<authorialNote marker="x">',
    "<num>",
    "</doc>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    '<?xml version="1.0"?>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    "&b;",
    "United Nations, Treaty Series, vol. 2220, No. 39481.",
    "Ibid.",
    "Ibid., vol. 99999999999, No.",
    "See resolution 1/",
    "Official Records of the General Assembly, Seventy-fourth Session, Supplement No. 38 (A/74/38)",
    "Recalling",
    "Urges",
    "Calls upon",
    "Decides",
    "Requests the Secretary-General",
    "at its seventy-sixth session",
    "at its nine-hundred-and-first session",
    "\u202e",
    "\ud7ff",
    "\U0010ffff",
    "\t\t\t",
    "    ",
]


def stray_markers(rng: random.Random, data: bytes, other: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.choice([1, 5, 20, 100])):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.5:  # at a line start, where structure is read
            at = text.rfind("\n", 0, at) + 1
        marker = rng.choice(STRAY)
        text = text[:at] + marker + rng.choice(["", " ", "\n", ".", ","]) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


def random_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 4, 32, 256])):
        at = rng.randrange(len(out) + 1)
        chunk = bytes(rng.randrange(256) for _ in range(rng.choice([1, 2, 8, 64])))
        if rng.random() < 0.5:
            out[at : at + len(chunk)] = chunk
        else:
            out[at:at] = chunk
    if rng.random() < 0.1:
        out = bytearray(rng.randbytes(rng.choice([0, 1, 10, 5000])))
    return bytes(out)


def wrong_encoding(rng: random.Random, data: bytes, other: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    how = rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "mojibake", "bom-twice", "mac_roman"])
    if how == "mojibake":  # valid UTF-8, garbled: UTF-8 bytes read as cp1252 and written again
        return data.decode("cp1252", errors="replace").encode("utf-8")
    if how == "bom-twice":
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    return text.encode(how, errors="replace")


def enormous_lines(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Lines of up to a million characters (the longest line of the 313-file AKN corpus has 16,641)."""
    lines = _lines(data)
    unit = rng.choice(
        [b"a", b"word ", b"1", b"(a) ", b"<p>", b"Recalling ", b" ", b".", b"\xc3\xa9", b"A/RES/1/1 ", b"Ibid., "]
    )
    size = rng.choice([100_000, 300_000, 1_000_000])
    big = unit * (size // len(unit))
    for _ in range(1 if size == 1_000_000 else rng.choice([1, 2])):
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = [big]
    if rng.random() < 0.2:  # or join everything into one line
        return b" ".join(lines)
    return b"\n".join(lines)


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """The head of one source and the tail of another (often a different format)."""
    return data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]


MUTATIONS = {
    f.__name__: f
    for f in [
        truncate,
        delete_lines,
        duplicate_lines,
        shuffle_pages,
        stray_markers,
        random_bytes,
        wrong_encoding,
        enormous_lines,
        splice,
    ]
}
PATHS = [*FORMATS, DETECT]


def make_input(index: int, seed: int) -> tuple[str, str, bytes]:
    """Input number ``index``: (source name, mutation name, bytes); the same for the same seed."""
    rng = random.Random(f"{seed}:{index}")
    mutation = list(MUTATIONS)[index % len(MUTATIONS)]
    name, data = rng.choice(sources())
    _, other = rng.choice(sources())
    return name, mutation, MUTATIONS[mutation](rng, data, other)


# --- running one input through every path --------------------------------------------

CLEAN = ("parsed", "parse_error")  # the other results, internal_error, bad_error and slow, are failures


@dataclass
class Outcome:
    path: str
    result: str  # parsed | parse_error | internal_error | bad_error | slow
    seconds: float  # CPU time
    wall: float
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.result not in CLEAN


def _text_for_parsers(data: bytes, source: str) -> str:
    """What a parser is given when called directly: the decoded text, or a wrong decoding."""
    try:
        return decode(data, source)
    except ParseError:
        return data.decode("latin-1")


def _check_error(e: ParseError, source: str, text: str) -> str:
    """'' when the error names the file, a line within the input (or none) and a reason."""
    problems = []
    if e.source != source:
        problems.append(f"names {e.source!r}, not the file")
    if not (e.reason or "").strip():
        problems.append("no reason")
    lines = len(source_lines(text)) + 1  # a parser may point just past the last line ("truncated")
    if e.line is not None and not (isinstance(e.line, int) and 1 <= e.line <= lines):
        problems.append(f"line {e.line!r} outside the input's {lines - 1} lines")
    return "; ".join(problems)


def _alarm(signum, frame):
    raise HardTimeout()


def run_path(path: str, data: bytes, text: str, source: str, time_limit: float | None = TIME_LIMIT) -> Outcome:
    """One input through one path; ``time_limit=None`` judges the outcome only, not the time."""
    started, cpu_started = time.perf_counter(), time.process_time()
    signal.setitimer(signal.ITIMER_REAL, HARD_LIMIT)
    try:
        if path == DETECT:
            from archive.citations.resolve import resolve_document

            text = decode(data, source)
            doc = parse_text(text, source)
            resolve_document(doc)
            doc.to_report()
        else:
            _module(path).parse(text, source)
        result, detail = "parsed", ""
    except ParseError as e:
        bad = _check_error(e, source, text)
        result, detail = ("bad_error", f"ParseError {bad}: {e}") if bad else ("parse_error", "")
    except HardTimeout:
        result, detail = "slow", f"still running after {HARD_LIMIT:.0f} s"
    except Exception:
        result, detail = "internal_error", traceback.format_exc(limit=-6)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds, wall = time.process_time() - cpu_started, time.perf_counter() - started
    if result in CLEAN and time_limit is not None and seconds > time_limit:
        result, detail = "slow", f"took {seconds:.2f} s of CPU time (limit {time_limit} s)"
    return Outcome(path, result, seconds, wall, detail)


def run_input(index: int, seed: int, time_limit: float | None = TIME_LIMIT) -> tuple[int, str, str, list[Outcome]]:
    name, mutation, data = make_input(index, seed)
    text = _text_for_parsers(data, name)
    return index, name, mutation, [run_path(path, data, text, name, time_limit) for path in PATHS]


def _worker_init() -> None:
    signal.signal(signal.SIGALRM, _alarm)
    sources()


def _run(args: tuple[int, int, float | None]):
    return run_input(*args)


# --- the summary ---------------------------------------------------------------------


@dataclass
class Cell:
    inputs: int = 0
    parsed: int = 0
    parse_error: int = 0
    internal_error: int = 0
    bad_error: int = 0
    slow: int = 0
    max_seconds: float = 0.0
    max_wall: float = 0.0

    def add(self, o: Outcome) -> None:
        self.inputs += 1
        setattr(self, o.result, getattr(self, o.result) + 1)
        self.max_seconds = max(self.max_seconds, o.seconds)
        self.max_wall = max(self.max_wall, o.wall)


@dataclass
class Summary:
    inputs: int = 0
    cells: dict = field(default_factory=lambda: defaultdict(Cell))
    failures: list = field(default_factory=list)  # (index, source, mutation, Outcome)

    def add(self, index: int, source: str, mutation: str, outcomes: list[Outcome]) -> None:
        self.inputs += 1
        for o in outcomes:
            self.cells[(o.path, mutation)].add(o)
            self.cells[(o.path, "all")].add(o)
            self.cells[("all", "all")].add(o)
            if o.failed:
                self.failures.append((index, source, mutation, o))

    def table(self) -> str:
        rows = [
            f"{'parser':<11} {'mutation':<16} {'inputs':>7} {'parsed':>7} {'ParseError':>10} {'internal':>8} "
            f"{'bad error':>9} {'slow':>5} {'max cpu s':>9} {'max wall s':>10}"
        ]
        for path in [*PATHS, "all"]:
            if (path, "all") not in self.cells:
                continue
            for mutation in [*MUTATIONS, "unmutated", "all"]:
                c = self.cells.get((path, mutation))
                if c is None or (path == "all" and mutation != "all"):
                    continue
                rows.append(
                    f"{path:<11} {mutation:<16} {c.inputs:>7} {c.parsed:>7} {c.parse_error:>10} "
                    f"{c.internal_error:>8} {c.bad_error:>9} {c.slow:>5} {c.max_seconds:>9.3f} {c.max_wall:>10.3f}"
                )
            rows.append("")
        return "\n".join(rows)


def fuzz(
    inputs: int,
    seed: int = 1,
    workers: int = 1,
    progress: bool = False,
    mutations: list[str] | None = None,
    time_limit: float | None = TIME_LIMIT,
) -> Summary:
    """``inputs`` inputs (cycling through the mutations, or only those named), run everywhere."""
    summary = Summary()
    names = list(MUTATIONS)
    wanted = [i for i, name in enumerate(names) if not mutations or name in mutations]
    jobs = [(n // len(wanted) * len(names) + wanted[n % len(wanted)], seed, time_limit) for n in range(inputs)]
    _collect(summary, _run, jobs, workers, progress)
    return summary


def _sweep_file(args: tuple[str, float | None]) -> tuple[int, str, str, list[Outcome]]:
    name, time_limit = args
    data = Path(name).read_bytes()
    return 0, name, "unmutated", [run_path(DETECT, data, _text_for_parsers(data, name), name, time_limit)]


def sweep(folder: Path, workers: int = 1, progress: bool = False, time_limit: float | None = TIME_LIMIT) -> Summary:
    """Every source file under ``folder`` (a real corpus), unmutated, through the detect path."""
    summary = Summary()
    files = sorted(str(p) for suffix in ("xml", "txt") for p in Path(folder).rglob(f"*.{suffix}"))
    _collect(summary, _sweep_file, [(name, time_limit) for name in files], workers, progress)
    return summary


def _collect(summary: Summary, run, jobs: list, workers: int, progress: bool) -> None:
    if workers <= 1:
        _worker_init()
        results = map(run, jobs)
        pool = None
    else:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init)
        results = pool.imap_unordered(run, jobs, chunksize=8)
    started = time.monotonic()
    try:
        for n, r in enumerate(results, 1):
            summary.add(*r)
            if progress and n % 500 == 0:
                print(
                    f"  {n}/{len(jobs)} inputs, {len(summary.failures)} failures, {time.monotonic() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        if pool is not None:
            pool.terminate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=max(1, (multiprocessing.cpu_count() or 1)))
    parser.add_argument("--mutation", action="append", choices=list(MUTATIONS), help="only these mutations")
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="instead of mutated inputs: every .xml and .txt file under DIR, as it is",
    )
    parser.add_argument("--show", type=int, default=10, help="failures to print in full")
    args = parser.parse_args(argv)
    setup_django()
    started = time.monotonic()
    if args.corpus:
        summary = sweep(args.corpus, args.workers, progress=True)
        print(
            f"{summary.inputs} files under {args.corpus} through the {DETECT} path, "
            f"{time.monotonic() - started:.1f} s\n"
        )
    else:
        summary = fuzz(args.inputs, args.seed, args.workers, progress=True, mutations=args.mutation)
        print(
            f"{summary.inputs} inputs from {len(sources())} sources x {len(PATHS)} paths "
            f"({', '.join(PATHS)}), seed {args.seed}, {time.monotonic() - started:.0f} s\n"
        )
    print(summary.table())
    distinct: dict[str, tuple] = {}
    for failure in summary.failures:
        key = failure[3].path + ":" + failure[3].detail.strip().splitlines()[-1][:200]
        distinct.setdefault(key, failure)
    print(f"{len(summary.failures)} failures, {len(distinct)} distinct")
    for index, source, mutation, o in list(distinct.values())[: args.show]:
        print(f"\n--- input {index} ({source}, {mutation}) via {o.path}, {o.seconds:.3f} s CPU\n{o.detail}")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
