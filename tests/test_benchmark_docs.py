"""docs/performance.md's table is the one benchmarks/run.py printed for the committed results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_table_matches_the_committed_results():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    readme = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    table = readme.split(run.START, 1)[1].split(run.END, 1)[0].strip()
    assert table == run.markdown_table(results)
    assert results["machine"]["cpus"] and all(b["status"] for b in results["benchmarks"])
