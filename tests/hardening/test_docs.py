"""docs/robustness.md is exactly what the suite's figures say (regenerate: UPDATE_DOCS=1)."""

from __future__ import annotations

import os
from pathlib import Path

from .figures import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "robustness.md"


def test_robustness_doc_matches_the_suite():
    expected = render()
    if os.environ.get("UPDATE_DOCS"):
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(expected, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == expected, "docs/robustness.md is stale: run UPDATE_DOCS=1 uv run pytest tests/hardening/test_docs.py"
