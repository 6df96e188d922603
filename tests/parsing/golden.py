"""Golden files: a parse's report JSON is compared with ``tests/golden/<name>.json``.

Run with ``UPDATE_GOLDEN=1`` to (re)write a golden file after checking the change by hand.
"""

import json
import os
from pathlib import Path

from django.conf import settings

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
FIXTURES = settings.BASE_DIR / "fixtures"


def assert_golden(name: str, data) -> None:
    path = GOLDEN / f"{name}.json"
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("UPDATE_GOLDEN"):
            raise AssertionError(f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(text) == expected, f"parse differs from {path} (UPDATE_GOLDEN=1 rewrites it)"
