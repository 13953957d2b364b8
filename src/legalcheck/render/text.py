"""The shared plain text of every format: rating labels and symbols, badges, legends, citation and
source lines, and the sentences of a diff. No Rich, no openpyxl: the terminal, Markdown, CSV, Excel
(and any new format) build on these, so a rating or a citation reads the same everywhere.

Colour is never the only signal: every rating has a symbol and a word. Colours live with their
format (``terminal/styles.py``, ``xlsx/colours.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import RATING_LABELS, rating_label, source_record, value_words, values_text  # noqa: F401 - shared by every format

if TYPE_CHECKING:  # only annotations: `assess` need not import the diff and matrix modules
    from ..diff import CountryDiff, FactChange, IndicatorDiff, RegionDiff
    from ..matrix import Matrix, MatrixRow
    from ..model import ValueStyle
    from ..result import CitationOut

SYMBOLS = {
    "yes": "●",
    "yes_or_partial": "◕",  # a range on the scale: between Yes and Partial
    "partial": "◐",
    "partial_or_no": "◔",  # between Partial and No
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
    "narrowed": "⇥",
    "widened": "⇤",
    "shifted": "↕",
}
DIRECTION_WORDS = {k: k.replace("_", " ") for k in DIRECTION_SYMBOLS}  # "newly assessed", in the same order


def change_badge(direction: str) -> str:
    """'↑ improved' — arrow and word, for plain text."""
    return f"{DIRECTION_SYMBOLS.get(direction, '?')} {DIRECTION_WORDS.get(direction, direction)}"


# Short cell words for matrices, where full labels do not fit; a legend spells them out.
SHORT_WORDS = {
    "yes": "Yes",
    "yes_or_partial": "Y/P",
    "partial": "Part",
    "partial_or_no": "P/N",
    "no": "No",
    "not_assessed": "NYA",  # not yet assessed (ECPAT's words); "NA" would read as "not applicable"
    "no_data": "ND",
}
NO_PROFILE_SYMBOL = "·"


def short_badge(rating: str) -> str:
    """'◐ Part' — symbol and short word, for matrix cells."""
    return f"{SYMBOLS.get(rating, '?')} {SHORT_WORDS.get(rating, rating)}"


def legend(short: bool = True, shown=None) -> str:
    """'● Yes  ◐ Part = Partial  ...': what the cell symbols and short words mean; only the
    ratings in ``shown`` when given (always in display order)."""
    return "  ".join(legend_items(short, shown))


def legend_items(short: bool = True, shown=None) -> list[str]:
    bits = []
    for r in RATING_LABELS:
        if shown is not None and r not in shown:
            continue
        word = SHORT_WORDS[r] if short else label(r)
        spelled = "Not yet assessed" if r == "not_assessed" else label(r)
        bits.append(f"{SYMBOLS[r]} {word}" + (f" = {spelled}" if short and word != label(r) else ""))
    return bits


def pack(items: list[str], width: int, sep: str = "  ") -> str:
    """Items on as few lines of at most ``width`` characters as fit, never splitting an item
    (a legend's '? NA = Not assessed' stays on one line)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(sep) + len(item) <= width:
            lines[-1] += sep + item
        else:
            lines.append(item)
    return "\n".join(lines)


SCALE_NOTE = ("Not assessed and No data are not on the No < Partial < Yes scale; Partial or No and Yes or Partial "
              "are ranges on it.")


def as_of(from_year: int | None, latest: int | None) -> str:
    """' · as of 2022' for a rating taken from an earlier profile than the view's latest; else ''."""
    return f" · as of {from_year}" if from_year is not None and latest is not None and from_year != latest else ""


def year_mark(from_year: int | None, latest: int | None) -> str:
    """"’22" for a matrix cell taken from an earlier profile than the row's latest; else ''."""
    return f"’{str(from_year)[-2:]}" if from_year is not None and latest is not None and from_year != latest else ""


def profile_years_text(years: tuple[int, ...]) -> str | None:
    """'Draws on the profiles of 2022 and 2024: ...', for a view resting on more than one profile."""
    if len(years) < 2:
        return None
    listed = ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"
    return (f"Draws on the profiles of {listed}: each indicator from the latest profile that assesses it "
            "(\"as of\" marks one taken from an earlier profile).")


# --------------------------------------------------------------------------- spreadsheets

# What Excel, LibreOffice and Google Sheets read as the start of a formula (or of a formula after
# a line break): a cell starting with one is written so that it stays text (CSV and Excel alike).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


# --------------------------------------------------------------------------- citations and sources


def citation_line(c: CitationOut) -> str:
    """'criminalised: Anti-Child Pornography Act ... s. 4(h) [consultation-2022]'."""
    who = c.fact or "reported"
    law = c.law() + " " if c.instrument else ""
    return f"{who}: {law}{citation_where(c)}"


def citation_where(c: CitationOut) -> str:
    """'[lann-pya-women, Rape]': the source a citation rests on and where in it, as a citation line
    (and the engine's 'Sources disagree on age: [a] says 15') names it."""
    return "[" + c.source + (f", {c.locator}" if c.locator else "") + "]"


# --------------------------------------------------------------------------- diffs

# A change of other sources' readings is worded by diff.readings_words, which says which way they moved.
FACT_CHANGE_WORDS = {"became_known": "became known", "no_longer_known": "no longer known", "changed": "changed"}


def fact_change_word(f: FactChange) -> str:
    """A fact change's kind in words; for other sources' readings, which way they moved ('sources
    now disagree', 'sources no longer disagree', 'other sources' readings changed': diff.readings_words)."""
    if f.change == "readings_changed":
        from ..diff import readings_words

        return readings_words(f)
    return FACT_CHANGE_WORDS[f.change]


def rating_word(rating: str | None) -> str:
    """'Partial', or 'none' where no rating was reported."""
    return label(rating) if rating else "none"


def fact_side(value: object, citation: CitationOut | None, readings: tuple = (), style: ValueStyle = "plain",
              source=citation_where) -> str:
    """A fact's value in one year of a diff (``values_text``); where sources disagree, each value with
    the source that gives it: '15', '15 [ncmec-…, Legal definitions] or 16 [lann-pya-women, Rape]'."""
    return values_text(value, citation, readings, style, source)


def fact_change_line(f: FactChange) -> str:
    """'criminalised: unknown → true (became known)'; where sources disagree, each value with the
    source that gives it: 'age: unknown → 15 [ncmec-…, Legal definitions] or 16 [lann-pya-women,
    Rape] (became known)'."""
    return (f"{f.fact}: {fact_side(f.old_value, f.old_citation, f.old_other_readings)} → "
            f"{fact_side(f.new_value, f.new_citation, f.new_other_readings)} ({fact_change_word(f)})")


def change_lines(d: IndicatorDiff) -> list[str]:
    """Everything that changed for one indicator, one line each, in a fixed order."""
    return [fact_change_line(f) for f in d.fact_changes] + _evidence_lines(d)


def what_changed(d: IndicatorDiff) -> list[str]:
    """change_lines, after the reason for the direction: for an improvement or a regression its
    cause (reform or re-reading: the arrow does not say which), else the direction in words."""
    if d.direction in ("improved", "regressed"):
        head = [d.cause_text] if d.cause_text else []
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
    from ..diff import DIRECTIONS

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


def diff_years_text(d: CountryDiff) -> str | None:
    """Which profiles each side draws on, when either rests on more than one (or on an earlier one)."""
    old, new = d.from_profile_years or (d.from_year,), d.to_profile_years or (d.to_year,)
    if old == (d.from_year,) and new == (d.to_year,):
        return None

    def years(ys: tuple[int, ...]) -> str:
        return "the profile of " + str(ys[0]) if len(ys) == 1 else "the profiles of " + ", ".join(str(y) for y in ys)

    return (f"{d.from_year} draws on {years(old)}; {d.to_year} on {years(new)}: each indicator from the latest "
            "profile up to that year that assesses it.")


def draft_warning(d: CountryDiff) -> str | None:
    drafts = [str(y) for y, s in ((d.from_year, d.from_status), (d.to_year, d.to_status)) if s == "draft"]
    if not drafts:
        return None
    return f"DRAFT profile for {' and '.join(drafts)}: not yet reviewed; its ratings may rest on an earlier year's facts."


def country_notes(r: RegionDiff, show_all: bool) -> list[tuple[str, str, bool]]:
    """(country, note, a warning?) for each country of a regional diff that has no diff (why), had
    nothing change (unless ``show_all``), or rests on a draft profile: the lines under the table."""
    notes = []
    for c in r.countries:
        if c.diff is None:
            notes.append((c.name, c.message, True))
        elif not show_all and not any(x.changed for x in c.diff.indicators):
            notes.append((c.name, "nothing changed", False))
        elif warning := draft_warning(c.diff):
            notes.append((c.name, warning, True))
    return notes


# --------------------------------------------------------------------------- the regional matrix

def row_score(row: MatrixRow) -> str:
    """A matrix row's score, one decimal, or — when withheld (too few indicators rated; the Rated
    column beside it says how many)."""
    if row.summary is None or row.summary.score is None:
        return "—"
    return f"{row.summary.score:.1f}"


def score_note(m: Matrix, min_rated_option: bool = True) -> str:
    """How a row's score is made and when it is withheld (— in the Score column). The hint on
    --min-rated only where the command has it (``min_rated_option``: the report has not)."""
    n = len(m.indicators)
    option = "; --min-rated changes it" if min_rated_option else ""
    return (f"Score = (Yes + Partial/2) / rated × 100, given only when at least {m.min_rated} of the {n} "
            f"indicators are rated Yes, Partial or No (— withheld{option}). Rated: how many "
            "indicators the score rests on; ranges (Partial or No), Not assessed and No data are left out.")


CARRIED_MARK = "°"  # a matrix cell whose rating comes from an earlier profile than the row's


def carried_mark(from_year: int | None, row_year: int | None) -> str:
    return CARRIED_MARK if from_year is not None and row_year is not None and from_year != row_year else ""


def carried_cells_note(m: Matrix) -> str | None:
    """Which cells carry the mark (°), and the year of the profile each comes from."""
    shorts = {i.id: i.short for i in m.indicators}
    parts = []
    for r in m.rows:
        by_year: dict[int, list[str]] = {}
        for c in r.cells:
            if carried_mark(c.from_year, r.year):
                by_year.setdefault(c.from_year, []).append(shorts.get(c.indicator, c.indicator))  # type: ignore[arg-type]
        if by_year:
            parts.append(f"{r.name} (" + "; ".join(f"{', '.join(v)} as of {y}" for y, v in sorted(by_year.items())) + ")")
    if not parts:
        return None
    return (f"{CARRIED_MARK} the rating comes from an earlier profile, as the later one does not assess the indicator: "
            + "; ".join(parts) + ".")


def matrix_years_text(m: Matrix) -> str | None:
    years = m.profile_years()
    if len(years) < 2 and not any(r.carried_forward for r in m.rows):
        return None
    return "Draws on profiles from " + ", ".join(str(y) for y in years) + "."


def row_rated(row: MatrixRow) -> str:
    """'2/14': how many indicators the score rests on (a score over 2 of 14 is not a score over 14)."""
    if row.summary is None:
        return "—"
    return f"{row.summary.rated}/{row.summary.total}"


def row_year(row: MatrixRow) -> str:
    if row.year is None:
        return "none"
    return f"{row.year}" + ("*" if row.carried_forward else "") + ("†" if row.status == "draft" else "")


DISAGREE = "!"  # marks a cell where sources disagree (a source's rating and the facts, or two sources on a fact)
DISAGREE_NOTE = ("! sources disagree (a source's rating and the recorded facts, or two sources on a fact): "
                 "'legalcheck assess COUNTRY' shows both.")


def any_disagreement(m: Matrix) -> bool:
    return any(c.disagreement for r in m.rows for c in r.cells)
