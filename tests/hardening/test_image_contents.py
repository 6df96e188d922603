"""The production image holds the app only: no tests, benchmarks, hardening tools or local state.

The Dockerfile copies the app by name and ``.dockerignore`` keeps the rest out of the build
context. Both are read here and the files of the checkout filtered the way Docker does:
a ``.dockerignore`` pattern (``*`` within a name, ``**`` across folders) that matches a path
or one of its folders excludes it, the last matching pattern winning (``!`` re-includes).
"""

import ast
import os
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings

BASE = settings.BASE_DIR
NEVER = [
    "bench",
    "scripts",
    "tests",
    ".git",
    ".venv",
    ".pgdata",
    ".pgdata-tests",
    ".pgrun",
    ".cache",
    "staticfiles",
    "test-output",
    "uploads",
    ".secret_key",
]
APP = [
    "manage.py",
    "config/wsgi.py",
    "config/settings/production.py",
    "archive/models/__init__.py",
    "templates/base.html",
    "fixtures/manifest.json",
    "fixtures/authority.json",
]


def _pattern(glob: str) -> re.Pattern:
    """A .dockerignore pattern as a regular expression over slash-separated relative paths."""
    out, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            out, i = out + ".*", i + 2
        elif glob[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif glob[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return re.compile(out)


def ignore_rules() -> list[tuple[bool, re.Pattern]]:
    """(re-include?, pattern) for each line of .dockerignore, in order."""
    rules = []
    for line in (BASE / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        rules.append((negate, _pattern(os.path.normpath(line.lstrip("!").strip("/")))))
    return rules


def ignored(path: str, rules) -> bool:
    """Whether Docker leaves ``path`` out of the build context: it, or a folder above it, matches."""
    parts = path.split("/")
    candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    out = False
    for negate, pattern in rules:
        if any(pattern.fullmatch(c) for c in candidates):
            out = not negate
    return out


def build_context() -> set[str]:
    """The checkout's files that Docker sends to the build (folders left out are not walked)."""
    rules = ignore_rules()
    prune = not any(negate for negate, _ in rules)
    files = set()
    for root, dirs, names in os.walk(BASE):
        rel = Path(root).relative_to(BASE).as_posix()
        prefix = "" if rel == "." else rel + "/"
        if prune:
            dirs[:] = [d for d in dirs if not ignored(prefix + d, rules)]
        files |= {prefix + n for n in names if not ignored(prefix + n, rules)}
    return files


def copied_sources() -> list[str]:
    """The sources of the build stage's COPY instructions from the context (not ``--from`` another stage)."""
    sources = []
    for line in (BASE / "Dockerfile").read_text().splitlines():
        words = shlex.split(line) if line.startswith("COPY ") else []
        if words and not any(w.startswith("--from") for w in words):
            sources += [w for w in words[1:-1] if not w.startswith("--")]
    return sources


def image_files() -> set[str]:
    context = build_context()
    out = set()
    for source in copied_sources():
        source = os.path.normpath(source)
        out |= {f for f in context if source == "." or f == source or f.startswith(source + "/")}
    return out


@pytest.fixture(scope="module")
def image():
    return image_files()


def test_the_image_holds_the_app(image):
    missing = [path for path in APP if path not in image]
    assert not missing
    assert any(p.startswith("static/") for p in image) and any(p.startswith("archive/parsing/") for p in image)


@pytest.mark.parametrize("name", NEVER)
def test_development_code_and_local_state_stay_out(image, name):
    assert not [p for p in image if p == name or p.startswith(name + "/")]


def test_the_build_context_leaves_them_out_too():
    context = build_context()
    for name in NEVER:
        assert not [p for p in context if p == name or p.startswith(name + "/")], name
    assert not [p for p in context if "__pycache__" in p.split("/") or p.endswith(".pyc")]


def test_the_dockerfile_copies_by_name():
    sources = copied_sources()
    assert "." not in sources and "pyproject.toml" in sources and "archive" in sources
    assert all((BASE / s).exists() for s in sources)


def test_the_pattern_check_reads_patterns_as_docker_does():
    rules = [
        (False, _pattern("bench")),
        (False, _pattern("**/__pycache__")),
        (False, _pattern(".pgdata*")),
        (False, _pattern("*.md")),
        (True, _pattern("README.md")),
    ]
    assert ignored("bench/corpus.py", rules) and not ignored("archive/bench.py", rules)
    assert ignored("archive/parsing/__pycache__/ocr.pyc", rules) and ignored("__pycache__/x", rules)
    assert ignored(".pgdata-tests/base/1", rules) and not ignored("config/.pgdata", rules)
    assert ignored("NOTES.md", rules) and not ignored("README.md", rules) and not ignored("docs/x.md", rules)


def test_the_app_imports_nothing_left_out_of_the_image():
    left_out = {"bench", "scripts", "tests"}
    found = []
    for path in [*BASE.glob("archive/**/*.py"), *BASE.glob("config/**/*.py"), BASE / "manage.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            found += [f"{path.relative_to(BASE)}: {n}" for n in names if n.split(".")[0] in left_out]
    assert not found
