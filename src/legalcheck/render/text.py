"""The shared plain text of every format: rating labels and symbols, badges, legends, citation and
source lines, and the sentences of a diff. No Rich, no openpyxl: the terminal, Markdown, CSV, Excel
(and any new format) build on these, so a rating or a citation reads the same everywhere.

Colour is never the only signal: every rating has a symbol and a word. Colours live with their
format (``terminal/styles.py``, ``xlsx/colours.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import RATING_LABELS, rating_label, source_record  # noqa: F401 - shared by every format

if TYPE_CHECKING:  # only annotations: `assess` need not import the diff and matrix modules
    from ..diff import CountryDiff, FactChange, IndicatorDiff
    from ..matrix import Matrix, MatrixRow
    from ..result import CitationOut

SYMBOLS = {
    "yes": "●",
    "partial": "◐",
    "no": "○",
    "not_assessed": "?",
    "no_data": "–",
}


label = rating_label  # 'Partial': the rating's word


def badge(rating: str) -> str:
    """'● Yes' — symbol and word, for plain text."""
    return f"{SYMBOLS.get(rating, '?')} {label(rating)}"


# Directions of change between two years (legalcheck diff): an arrow and a word, never colour alone.
DIRECTION_SYMBOLS = {
    "improved": "↑",
    "regressed": "↓",
    "unchanged": "=",
    "newly_assessed": "+",
    "no_longer_assessed": "−",
    "status_changed": "~",
}
DIRECTION_WORDS = {
    "improved": "improved",
    "regressed": "regressed",
    "unchanged": "unchanged",
    "newly_assessed": "newly assessed",
    "no_longer_assessed": "no longer assessed",
    "status_changed": "status changed",
}


def change_badge(direction: str) -> str:
    """'↑ improved' — arrow and word, for plain text."""
    return f"{DIRECTION_SYMBOLS.get(direction, '?')} {DIRECTION_WORDS.get(direction, direction)}"


# Short cell words for matrices, where full labels do not fit; a legend spells them out.
SHORT_WORDS = {
    "yes": "Yes",
    "partial": "Part",
    "no": "No",
    "not_assessed": "NA",
    "no_data": "ND",
}
NO_PROFILE_SYMBOL = "·"


def short_badge(rating: str) -> str:
    """'◐ Part' — symbol and short word, for matrix cells."""
    return f"{SYMBOLS.get(rating, '?')} {SHORT_WORDS.get(rating, rating)}"


def legend(short: bool = True) -> str:
    """'● Yes  ◐ Part = Partial  ...': what the cell symbols and short words mean."""
    bits = []
    for r in RATING_LABELS:
        word = SHORT_WORDS[r] if short else label(r)
        bits.append(f"{SYMBOLS[r]} {word}" + (f" = {label(r)}" if short and word != label(r) else ""))
    return "  ".join(bits)


# --------------------------------------------------------------------------- spreadsheets

# What Excel, LibreOffice and Google Sheets read as the start of a formula (or of a formula after
# a line break): a cell starting with one is written so that it stays text (CSV and Excel alike).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


# --------------------------------------------------------------------------- citations and sources


def citation_line(c: CitationOut) -> str:
    """'criminalised: Anti-Child Pornography Act ... s. 4(h) [consultation-2022]'."""
    who = c.fact or "reported"
    where = c.source + (f", {c.locator}" if c.locator else "")
    law = c.law() + " " if c.instrument else ""
    return f"{who}: {law}[{where}]"


# --------------------------------------------------------------------------- diffs

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
    return ([d.why] if d.direction not in ("improved", "regressed", "unchanged") else []) + change_lines(d)


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
    from ..diff import DIRECTIONS

    return " · ".join(f"{change_badge(k)} {counts.get(k, 0)}" for k in DIRECTIONS)


def score_text(d: CountryDiff) -> str:
    """'Score 25.0 → 50.0 (+25.0)'; n/a when a year has nothing rated."""
    def one(s: float | None) -> str:
        return f"{s:.1f}" if s is not None else "n/a"

    text = f"Score {one(d.old_summary.score)} → {one(d.new_summary.score)}"
    if d.score_change is not None:
        text += f" ({d.score_change:+.1f})"
    return text + " out of 100"


def heading(d: CountryDiff) -> str:
    c = d.country
    return f"{c.name} ({c.iso2}/{c.iso3}) · {d.from_year} → {d.to_year} · law as of {d.from_as_of} → {d.to_as_of}"


def draft_warning(d: CountryDiff) -> str | None:
    drafts = [str(y) for y, s in ((d.from_year, d.from_status), (d.to_year, d.to_status)) if s == "draft"]
    if not drafts:
        return None
    return f"DRAFT profile for {' and '.join(drafts)}: not yet reviewed; its ratings may rest on an earlier year's facts."


# --------------------------------------------------------------------------- the regional matrix

def row_score(row: MatrixRow) -> str:
    """A matrix row's score, one decimal, or — when nothing is rated."""
    if row.summary is None or row.summary.score is None:
        return "—"
    return f"{row.summary.score:.1f}"


def row_rated(row: MatrixRow) -> str:
    """'2/14': how many indicators the score rests on (a score over 2 of 14 is not a score over 14)."""
    if row.summary is None:
        return "—"
    return f"{row.summary.rated}/{row.summary.total}"


def row_year(row: MatrixRow) -> str:
    if row.year is None:
        return "none"
    return f"{row.year}" + ("*" if row.carried_forward else "") + ("†" if row.status == "draft" else "")


DISAGREE = "!"  # marks a cell whose source and recorded facts disagree
DISAGREE_NOTE = "! a source and the recorded facts disagree: 'legalcheck assess COUNTRY' shows both."


def any_disagreement(m: Matrix) -> bool:
    return any(c.disagreement for r in m.rows for c in r.cells)
