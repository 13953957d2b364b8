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


def test_the_phase_breakdown_covers_the_whole_run():
    """benchmarks/phases.py runs a real command and charges every moment of it to one phase."""
    import os
    import subprocess

    env = {**os.environ, "LEGALCHECK_NO_CACHE": "1", "NO_COLOR": "1"}
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "phases.py"), "--", "assess", "nepal"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout.strip().splitlines()[-1])
    assert result["exit"] == 0
    phases = result["phases"]
    assert list(phases) == ["imports", "read", "yaml", "validation", "rubric proof", "evaluation", "rendering", "other"]
    # a cold assess reads, parses, validates, proves the rubrics, evaluates and renders
    assert all(phases[p] > 0 for p in ("imports", "read", "yaml", "validation", "rubric proof", "evaluation", "rendering"))
    assert abs(sum(phases.values()) - result["total"]) < 0.01 + 0.01 * result["total"]
