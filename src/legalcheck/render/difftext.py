"""Plain-text pieces of a diff shared by the terminal, Markdown and Excel renderers."""

from __future__ import annotations

from typing import Any

from ..diff import DIRECTIONS, CountryDiff, FactChange, IndicatorDiff
from .style import badge, change_badge, label
from .terminal import citation_line

FACT_CHANGE_WORDS = {"became_known": "became known", "no_longer_known": "no longer known", "changed": "changed"}


def value_text(value: Any) -> str:
    """A fact value as written in a profile: unknown, true/false, a number, or list items."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def rating_word(rating: str | None) -> str:
    """'Partial', or 'none' where no rating was reported."""
    return label(rating) if rating else "none"


def fact_change_line(f: FactChange) -> str:
    """'criminalised: unknown → true (became known)'."""
    return f"{f.fact}: {value_text(f.old_value)} → {value_text(f.new_value)} ({FACT_CHANGE_WORDS[f.change]})"


def change_lines(d: IndicatorDiff) -> list[str]:
    """Everything that changed for one indicator, one line each, in a fixed order."""
    return [fact_change_line(f) for f in d.fact_changes] + _evidence_lines(d)


def what_changed(d: IndicatorDiff) -> list[str]:
    """change_lines, after the reason for the direction where the ratings alone do not say it."""
    if d.direction in ("improved", "regressed"):
        head = [d.cause_text] if d.cause_text else []  # reform or re-reading: the arrow does not say which
    else:
        head = [d.why] if d.direction != "unchanged" else []
    return head + change_lines(d)


def _evidence_lines(d: IndicatorDiff) -> list[str]:
    lines = []
    if d.old_reported != d.new_reported:
        lines.append(f"reported rating: {rating_word(d.old_reported)} → {rating_word(d.new_reported)}")
    if d.old_excluded != d.new_excluded:
        lines.append(f"source rules out: {_ratings(d.old_excluded)} → {_ratings(d.new_excluded)}")
    lines += ["+ citation " + citation_line(c) for c in d.citations_added]
    lines += ["− citation " + citation_line(c) for c in d.citations_removed]
    return lines


def _ratings(ratings: tuple[str, ...]) -> str:
    return ", ".join(label(r) for r in ratings) or "nothing"


def unchanged_text(diffs: tuple[IndicatorDiff, ...] | list[IndicatorDiff]) -> str:
    """'grooming (○ No), extradition (? Not assessed)' for indicators with nothing to report."""
    return ", ".join(f"{d.indicator} ({badge(d.new_rating)})" for d in diffs if not d.changed)


def directions_text(counts: dict[str, int]) -> str:
    """'↓ regressed 0 · ↑ improved 1 · ...' — every direction, fixed order."""
    return " · ".join(f"{change_badge(k)} {counts.get(k, 0)}" for k in DIRECTIONS)


def score_text(d: CountryDiff) -> str:
    """'Score (out of 100): 50 over 2 of 4 → 100 over 3 of 4 (+50)': each score with what it rests
    on; '–, 1 of 14 rated' where a score is withheld for resting on too few indicators."""
    text = f"Score (out of 100): {d.old_summary.coverage_text()} → {d.new_summary.coverage_text()}"
    if d.score_change is not None:
        text += f" ({d.score_change:+g})"
    return text


def heading(d: CountryDiff) -> str:
    c = d.country
    return f"{c.name} ({c.iso2}/{c.iso3}) · {d.from_year} → {d.to_year} · law as of {d.from_as_of} → {d.to_as_of}"


def draft_warning(d: CountryDiff) -> str | None:
    drafts = [str(y) for y, s in ((d.from_year, d.from_status), (d.to_year, d.to_status)) if s == "draft"]
    if not drafts:
        return None
    return f"DRAFT profile for {' and '.join(drafts)}: not yet reviewed; its ratings may rest on an earlier year's facts."
