"""Golden ratings for real profiles: the derived (and reported) rating of every indicator, the
criterion that decided it and the facts still missing, as reviewed by a person.

The golden files hold a stable subset of `legalcheck assess COUNTRY --year Y --format json`
(no prose, so rewording a reason does not churn them). When a rule or a profile changes on
purpose, regenerate them and review the diff by eye before committing:

    UPDATE_GOLDEN=1 uv run pytest tests/test_golden.py

Only the value 1 rewrites them (UPDATE_GOLDEN=0 or empty compares as usual), and every rating that
changed is printed, one line each, so the review starts from what moved.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import Cli

GOLDEN = Path(__file__).parent / "golden"
PROFILES = [
    ("nepal", 2020),
    ("nepal", 2022),
    ("indonesia", 2020),
    ("malaysia", 2022),
    ("malaysia", 2023),
    ("indonesia", 2022),
    ("viet-nam", 2020),
    ("viet-nam", 2022),
    ("philippines", 2022),
    ("philippines", 2024),
    ("sri-lanka", 2022),
    ("maldives", 2024),
    ("brunei-darussalam", 2012),
    ("pakistan", 2024),
    ("bhutan", 2024),
    ("sri-lanka", 2019),
    ("thailand", 2022),
    ("thailand", 2026),
    ("cambodia", 2026),
    ("lao-pdr", 2026),
    ("viet-nam", 2026),
    ("myanmar", 2026),
    ("timor-leste", 2026),
]
KEPT = ("rating", "basis", "derived_rating", "reported_rating", "excluded_ratings", "criterion", "possible_ratings",
        "missing_facts", "disagreement")  # plus "evidence": the sources cited


def _result(r: dict, year: int) -> dict:
    """One indicator, without what is empty or implied, so a reviewer reads one short line."""
    out = {k: r[k] for k in KEPT if r[k] not in (None, [])}
    if r["from_year"] != year:
        out["from_year"] = r["from_year"]  # carried forward from an earlier profile
    if out.get("derived_rating") == r["rating"]:
        del out["derived_rating"]
    if r["possible_ratings"] == [r["derived_rating"]]:
        del out["possible_ratings"]  # determined: nothing else was possible
    sources = sorted({c["source"] for c in r["citations"]})
    if sources:
        out["evidence"] = sources
    return out


def subset(data: dict) -> dict:
    return {
        "country": data["country"]["slug"],
        "year": data["year"],
        "as_of": data["as_of"],
        "summary": data["summary"]["counts"],
        "profile_years": data["profile_years"],
        "results": {r["indicator"]: _result(r, data["year"]) for r in data["results"]},
    }


def dumps(golden: dict) -> str:
    """Pretty JSON with one line per indicator."""
    head = {k: v for k, v in golden.items() if k != "results"}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    items = [f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in golden["results"].items()]
    return "{\n" + "\n".join(lines) + '\n  "results": {\n' + ",\n".join(items) + "\n  }\n}\n"


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"


def changes(old: dict | None, new: dict) -> list[str]:
    """'nepal 2022 grooming: rating no → partial' for every indicator whose golden line moved."""
    where = f"{new['country']} {new['year']}"
    if old is None:
        return [f"{where}: new golden file"]
    out = []
    for ind in sorted(set(old["results"]) | set(new["results"])):
        was, now = old["results"].get(ind), new["results"].get(ind)
        if was == now:
            continue
        if was is None or now is None:
            out.append(f"{where} {ind}: {'added' if was is None else 'removed'}")
        elif was.get("rating") != now.get("rating"):
            out.append(f"{where} {ind}: rating {was.get('rating')} → {now.get('rating')}")
        else:
            fields = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
            out.append(f"{where} {ind}: {', '.join(fields)} changed (rating {now.get('rating')})")
    return out


@pytest.mark.parametrize(("slug", "year"), PROFILES)
def test_golden(slug, year, capsys):
    r = Cli()("assess", slug, "--year", str(year), "--format", "json")
    assert r.exit_code == 0, r.stderr
    got = subset(json.loads(r.stdout))
    path = GOLDEN / f"{slug}-{year}.json"
    if updating():
        before = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        moved = changes(before, got)
        path.write_text(dumps(got), encoding="utf-8")
        with capsys.disabled():
            for line in moved:
                print(f"\nUPDATE_GOLDEN: {line}", end="")
        pytest.skip(f"rewrote {path.name} ({len(moved)} changed): review the diff before committing")
    assert path.exists(), f"no golden file {path.name}: run UPDATE_GOLDEN=1 uv run pytest tests/test_golden.py"
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_named_missing_fact_bounds_an_indicator_to_yes_or_partial():
    """Spelled out from the golden files: the Maldives' Penal Code gives active (citizens and
    residents) and passive jurisdiction over all SEC offences, but no source says whether it is
    conditional, so the rating is exactly "Yes or Partial" (not "not assessed") until that one fact is known."""
    data = json.loads(Cli()("assess", "maldives", "--year", "2024", "--format", "json").stdout)
    etj = next(r for r in data["results"] if r["indicator"] == "extraterritorial-jurisdiction")
    assert (etj["rating"], etj["missing_facts"], etj["possible_ratings"]) == ("yes_or_partial", ["conditional"], ["yes", "partial"])
    assert "depending on conditional" in etj["reason"]
    assert data["summary"]["counts"]["yes_or_partial"] >= 1 and data["summary"]["bounded"] >= 1


def test_update_lists_every_moved_rating():
    """What UPDATE_GOLDEN=1 prints, checked on a real golden file and an edited copy of it."""
    old = json.loads((GOLDEN / "nepal-2022.json").read_text(encoding="utf-8"))
    new = json.loads(json.dumps(old))
    new["results"]["grooming"]["rating"] = "partial"
    new["results"]["extradition"]["missing_facts"] = []
    assert changes(old, new) == ["nepal 2022 extradition: missing_facts changed (rating partial_or_no)",
                                 "nepal 2022 grooming: rating no → partial"]
    assert changes(old, old) == []
    assert changes(None, old) == ["nepal 2022: new golden file"]


def test_only_update_golden_1_rewrites(monkeypatch):
    for value, expected in (("1", True), ("0", False), ("", False), ("yes", False)):
        monkeypatch.setenv("UPDATE_GOLDEN", value)
        assert updating() is expected


def test_every_golden_file_is_compared():
    """A golden file whose profile is not in PROFILES would never be compared (nor rewritten)."""
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == sorted(f"{slug}-{year}.json" for slug, year in PROFILES)
