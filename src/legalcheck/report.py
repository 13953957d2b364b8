"""What a shared report is made of: the regional matrix and its findings, and for each country
with a profile, every profile year assessed and the change between its latest two years.

Pure data built by pure functions from assessments; ``api.build_report`` loads, and the renderers
(``render/html``, ``render/datapackage``) only read it. No I/O here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .diff import CountryDiff, country_diff
from .matrix import Matrix, RegionalSummary
from .model import Checklist
from .result import Assessment


@dataclass(frozen=True)
class CountryReport:
    """One country: the profile the matrix uses, every profile year, and its latest change."""

    slug: str
    name: str
    current: Assessment  # the profile year the regional matrix shows
    history: tuple[Assessment, ...]  # every profile year, oldest first
    latest_change: CountryDiff | None  # between the latest two profile years; None with one year

    def at(self, year: int) -> Assessment | None:
        return next((a for a in self.history if a.year == year), None)


@dataclass(frozen=True)
class Report:
    title: str
    matrix: Matrix
    checklist: Checklist
    countries: tuple[CountryReport, ...]  # in matrix row order; countries with no profile are left out

    @cached_property
    def summary(self) -> RegionalSummary:
        """The regional findings, derived from the matrix (``Matrix.overview``) when first asked for."""
        return self.matrix.overview()

    def country(self, slug: str) -> CountryReport | None:
        return next((c for c in self.countries if c.slug == slug), None)


@dataclass(frozen=True)
class AssessmentSet:
    """Every profile year of a set of countries, assessed with one checklist: what an export holds."""

    checklist: Checklist
    assessments: tuple[Assessment, ...]  # country slug order, then year order

    @staticmethod
    def of(checklist: Checklist, assessments: Sequence[Assessment]) -> AssessmentSet:
        return AssessmentSet(checklist, tuple(sorted(assessments, key=lambda a: (a.country.slug, a.year))))


def build_report(checklist: Checklist, matrix: Matrix, histories: dict[str, Sequence[Assessment]]) -> Report:
    """``histories``: each matrix country's assessments, one per profile year (any order)."""
    countries = []
    for row in matrix.rows:
        years = sorted(histories.get(row.slug, ()), key=lambda a: a.year)
        if row.year is None or not years:
            continue
        current = next(a for a in years if a.year == row.year)
        change = country_diff(years[-2], years[-1]) if len(years) >= 2 else None
        countries.append(CountryReport(row.slug, row.name, current, tuple(years), change))
    return Report(matrix.title, matrix, checklist, tuple(countries))
