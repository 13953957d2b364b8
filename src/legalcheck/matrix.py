"""The regional assessment matrix: countries against indicators, built by pure functions from
assessments, and the regional findings written as sentences.

Every renderer (terminal, JSON, CSV, Markdown, Excel) reads the ``Matrix`` built here. Field names
are the field names of ``matrix --format json``. No I/O here: ``Repository.matrix`` loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from .model import BOUNDED, RATINGS, Checklist, ResultRating, source_short
from .result import Assessment, CitationOut, SourceOut, Summary, default_min_rated, excerpt
from .records import record

_CFG: dict[str, Any] = {"extra": "forbid"}
NO_PROFILE = "no_profile"  # a row state, not a rating: the country has no profile for the year


@record
class MatrixIndicator:
    __pydantic_config__: ClassVar = _CFG
    id: str
    short: str
    title: str
    point: int | None
    rubric_basis: str
    basis_note: str


@record(slots=True)  # 28,000 of them at 2,000 countries: ~150 bytes each less than with a __dict__
class MatrixCell:
    __pydantic_config__: ClassVar = _CFG
    indicator: str
    rating: ResultRating
    basis: str  # derived | reported
    criterion: str | None  # the decision rule that decided the derived rating
    reason: str
    missing_facts: tuple[str, ...]
    citations: tuple[CitationOut, ...]
    disagreement: str | None = None
    possible_ratings: tuple[str, ...] = ()  # for a cell not rated: what it could still be
    excluded_ratings: tuple[str, ...] = ()  # ratings a source rules out
    from_year: int | None = None  # the profile the rating comes from ("Yes · as of 2022")
    from_profile: str | None = None
    carry_note: str | None = None


@record
class MatrixRow:
    __pydantic_config__: ClassVar = _CFG
    slug: str
    name: str
    sentence_name: str  # "the Philippines"
    iso3: str | None
    year: int | None  # the latest profile up to the year asked for; None: no profile
    carried_forward: bool  # that profile is from an earlier year than the one asked for
    as_of: str | None
    status: str | None  # reviewed | draft
    profile: str | None
    cells: tuple[MatrixCell, ...]  # in indicator order; empty when there is no profile
    summary: Summary | None
    sources: tuple[SourceOut, ...] = ()
    profile_years: tuple[int, ...] = ()  # every profile year the row's cells draw on

    def cell(self, indicator: str) -> MatrixCell | None:
        return next((c for c in self.cells if c.indicator == indicator), None)


@record
class IndicatorTotals:
    __pydantic_config__: ClassVar = _CFG
    indicator: str
    counts: dict[str, int]  # every rating, in RATINGS order
    no_profile: int


@record
class Matrix:
    __pydantic_config__: ClassVar = _CFG
    title: str
    region: str | None  # region id, when the matrix is for a region
    year: int | None  # the year asked for; None: each country's latest profile
    checklist_title: str
    checklist_version: str
    indicators: tuple[MatrixIndicator, ...]
    rows: tuple[MatrixRow, ...]
    totals: tuple[IndicatorTotals, ...]
    notes: tuple[str, ...] = ()
    min_rated: int = 0  # the rated indicators a row's score needs
    indicator_choice: str | None = None  # e.g. "the 4 of 14 indicators the region names"

    def profile_years(self) -> tuple[int, ...]:
        """Every profile year the matrix draws on."""
        return tuple(sorted({y for r in self.rows for y in r.profile_years}))

    def assessed(self) -> tuple[MatrixRow, ...]:
        return tuple(r for r in self.rows if r.year is not None)

    def total_ratings(self) -> tuple[str, ...]:
        """The ratings totals show, in RATINGS order: Yes, Partial, No, Not assessed always; the
        bounded ratings and No data only when some cell has them."""
        shown = ("yes", "partial", "no", "not_assessed")
        return tuple(r for r in RATINGS if r in shown or any(t.counts[r] for t in self.totals))

    def overview(self) -> RegionalSummary:
        """The regional overview in sentences (``regional_summary``), for renderers that show it
        beside the matrix: the findings are worked out here, in the core, never in a renderer."""
        return regional_summary(self)

    def as_of_dates(self) -> tuple[str, ...]:
        return tuple(sorted({r.as_of for r in self.rows if r.as_of}))


@record
class Member:
    """One row to build: who the country is, and its assessment (None: no profile)."""

    slug: str
    name: str
    sentence_name: str
    iso3: str | None
    assessment: Assessment | None


def build_matrix(
    checklist: Checklist,
    members: Iterable[Member],
    *,
    title: str,
    year: int | None,
    region: str | None = None,
    indicators: tuple[str, ...] | None = None,
    notes: tuple[str, ...] = (),
    min_rated: int | None = None,
    sort: str | None = None,
    indicator_choice: str | None = None,
) -> Matrix:
    """``members`` carry each country's assessment (over its profiles up to ``year``; see
    ``engine.assess_over_years``), read once, in order: a generator keeps one at a time. A row's score needs ``min_rated`` rated indicators (default:
    half the indicators shown). ``sort='score'``: best score first, withheld scores last, then
    countries without a profile."""
    chosen = [i for i in checklist.indicators if indicators is None or i.id in indicators]
    ids = [i.id for i in chosen]
    need = min_rated if min_rated is not None else default_min_rated(len(ids))
    rows = []
    for m in members:
        a = m.assessment
        if a is None:
            rows.append(MatrixRow(m.slug, m.name, m.sentence_name, m.iso3, None, False, None, None, None, (), None))
            continue
        results = [r for r in a.results if r.indicator in ids]
        results.sort(key=lambda r: ids.index(r.indicator))
        cells = tuple(excerpt(MatrixCell, r) for r in results)
        latest = max(a.profile_years) if a.profile_years else a.year
        rows.append(MatrixRow(
            slug=m.slug, name=a.country.name, sentence_name=m.sentence_name, iso3=a.country.iso3, year=latest,
            carried_forward=year is not None and latest < year, as_of=a.as_of, status=a.status, profile=a.profile,
            cells=cells, summary=Summary.of(results, need),
            sources=a.sources,
            profile_years=tuple(sorted({c.from_year for c in cells if c.from_year is not None} | {latest})),
        ))
    if sort == "score":
        rows.sort(key=lambda r: (r.summary is None, r.summary.sort_key() if r.summary else ()))
    counts = {iid: {r: 0 for r in RATINGS} for iid in ids}
    for row in rows:
        for c in {c.indicator: c for c in reversed(row.cells)}.values():  # each indicator's first cell
            if c.indicator in counts:
                counts[c.indicator][c.rating] += 1
    without = sum(1 for row in rows if row.year is None)
    totals = [IndicatorTotals(iid, counts[iid], without) for iid in ids]
    return Matrix(
        title=title,
        region=region,
        year=year,
        checklist_title=checklist.title,
        checklist_version=checklist.version,
        indicators=tuple(MatrixIndicator(i.id, i.short, i.title, i.point, i.rubric_basis, i.basis_note.strip()) for i in chosen),
        rows=tuple(rows),
        totals=tuple(totals),
        notes=notes,
        min_rated=need,
        indicator_choice=indicator_choice,
    )


# --------------------------------------------------------------------------- findings in sentences


@record
class Finding:
    __pydantic_config__: ClassVar = _CFG
    indicator: str
    title: str
    text: str
    countries: dict[str, tuple[str, ...]]  # rating -> country slugs, in row order


@record
class RegionalSummary:
    __pydantic_config__: ClassVar = _CFG
    title: str
    region: str | None
    year: int | None
    checklist_version: str
    coverage: str  # who has a profile, who is carried forward, who has none
    findings: tuple[Finding, ...]
    as_of: tuple[str, ...]


_PHRASE = {
    "yes": "rated Yes",
    "partial": "rated Partial",
    "no": "rated No",
    "yes_or_partial": "Yes or Partial",
    "partial_or_no": "Partial or No",
    "not_assessed": "not yet assessed",
    "no_data": "recorded as No data",
}


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


def _nothing_recorded(row: MatrixRow) -> bool:
    """A profile with no fact and no source's rating for any indicator shown: nothing analysed yet."""
    return all(c.rating == "not_assessed" and not c.citations for c in row.cells)


def finding(matrix: Matrix, indicator: MatrixIndicator) -> Finding:
    """One indicator's regional finding, e.g. 'Of the 9 countries analysed, only the Philippines is
    rated Yes; Bangladesh is rated Partial; the other 7 are rated No (...)'."""
    # A country whose profile assesses nothing yet (it exists so that regional views show it) is
    # not counted among the countries analysed; it is named after the finding.
    empty = [r for r in matrix.assessed() if _nothing_recorded(r)]
    rows = [r for r in matrix.assessed() if r not in empty]
    n = len(rows)
    by: dict[str, list[MatrixRow]] = {r: [] for r in RATINGS}
    for row in rows:
        cell = row.cell(indicator.id)
        if cell is not None:
            by[cell.rating].append(row)
    countries = {r: tuple(x.slug for x in by[r]) for r in RATINGS}
    if n == 0:
        text = ("No country has a profile to analyse." if not empty else
                f"Nothing is assessed yet in the {'profile' if len(empty) == 1 else 'profiles'} of "
                f"{join_names([x.sentence_name for x in empty])}.")
        return Finding(indicator.id, indicator.title, text, countries)

    def names(group: list[MatrixRow]) -> str:
        return join_names([x.sentence_name for x in group])

    yes = by["yes"]
    if not yes:
        parts = ["none is rated Yes"]
    elif len(yes) == n:
        parts = [(f"all {n} are rated Yes" if n > 2 else "both are rated Yes") if n > 1 else f"{names(yes)} is rated Yes"]
    else:
        only = "only " if len(yes) <= n / 2 else ""
        parts = [f"{only}{names(yes)} {_be(len(yes))} rated Yes"]
    placed = len(yes)
    rest = [r for r in RATINGS[1:] if by[r]]
    for i, r in enumerate(rest):
        group = by[r]
        k = len(group)
        placed += k
        last = i == len(rest) - 1 and placed == n
        if last and k == n:
            parts.append((f"all {n} are {_PHRASE[r]}" if n > 2 else f"both are {_PHRASE[r]}") if n > 1
                         else f"{names(group)} is {_PHRASE[r]}")
        elif k <= 3 and not (last and k > 1):
            parts.append(f"{names(group)} {_be(k)} {_PHRASE[r]}")
        else:
            other = "the other " if last and len(parts) else ""
            parts.append(f"{other}{k} {_be(k)} {_PHRASE[r]} ({names(group)})")
        if r in BOUNDED:  # a range, never "not assessed": say who narrowed it and that it stops there
            # The source named as a reader knows it (its short title), never by its id in the data.
            told = sorted({next((source_short(s) for s in row.sources if s.id == c.source), c.source_title)
                           for row in group for c in row.cell(indicator.id).citations
                           if c.fact is None and row.cell(indicator.id).excluded_ratings})
            whom = " and ".join(told) if told else "the recorded facts"
            says = f"{whom} {'does' if len(told) == 1 else 'do'} not say which"
            parts[-1] += f"; {says}" if i == len(rest) - 1 else f" ({says})"
    text = f"Of the {n} {'country' if n == 1 else 'countries'} analysed, " + "; ".join(parts) + "."
    not_yes = [row for row in by["not_assessed"] if "yes" in (row.cell(indicator.id).excluded_ratings or ())]
    if not_yes:
        everyone = len(not_yes) == len(by["not_assessed"])
        who = (f"all {len(not_yes)} not yet assessed" if everyone and len(not_yes) > 1
               else names(not_yes))
        text += f" A source rules out Yes for {who}, without saying whether Partial or No."
    reported = [row for row in rows if (c := row.cell(indicator.id)) and c.basis == "reported"
                and c.rating not in ("not_assessed",) + BOUNDED]
    if reported:
        text += (f" The rating{'s' if len(reported) > 1 else ''} for {names(reported)} {_be(len(reported))} as "
                 "reported by a source, not derived from recorded facts.")
    if empty:
        text += (f" Not counted: {join_names([x.sentence_name for x in empty])}, whose "
                 f"{'profile assesses' if len(empty) == 1 else 'profiles assess'} nothing yet.")
    return Finding(indicator.id, indicator.title, text, countries)


def regional_summary(matrix: Matrix) -> RegionalSummary:
    rows = matrix.rows
    assessed = matrix.assessed()
    missing = [r for r in rows if r.year is None]
    carried = [r for r in assessed if r.carried_forward]
    when = f" for {matrix.year} or earlier" if matrix.year is not None else ""
    if missing:
        coverage = (f"{len(assessed)} of the {len(rows)} countries {'has' if len(assessed) == 1 else 'have'} a profile{when}; "
                    f"no profile yet: {join_names([r.name for r in missing])}.")
    else:
        coverage = ((f"All {len(rows)} countries have a profile{when}." if len(rows) > 2 else f"Both countries have a profile{when}.")
                    if len(rows) > 1
                    else f"{join_names([r.name for r in rows]) or 'No country'} has a profile{when}.")
    if carried:
        coverage += " Carried forward from an earlier year: " + join_names([f"{r.name} ({r.year})" for r in carried]) + "."
    older = []
    for r in assessed:
        early = [c for c in r.cells if c.from_year is not None and c.from_year < r.year]
        if early:
            years = ", ".join(str(y) for y in sorted({c.from_year for c in early}))
            older.append(f"{r.sentence_name} ({len(early)} from {years})")
    if older:
        coverage += (" Indicators a later profile does not assess keep their rating from an earlier one: "
                     + join_names(older) + ".")
    if matrix.indicator_choice:
        coverage += f" Shown: {matrix.indicator_choice}."
    return RegionalSummary(
        title=matrix.title,
        region=matrix.region,
        year=matrix.year,
        checklist_version=matrix.checklist_version,
        coverage=coverage,
        findings=tuple(finding(matrix, ind) for ind in matrix.indicators),
        as_of=matrix.as_of_dates(),
    )
