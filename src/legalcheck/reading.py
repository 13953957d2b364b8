"""Reading only the profiles an answer needs, and still checking every other one.

A command over countries as of some years (``matrix``, ``diff --region``, ``assess``, ``diff``,
``gaps``, ``history``) used to read and check every profile of every country up to the year before
the engine started. The engine's carry-forward search only looks as far back as it must
(``engine.effective_result``), so most of those profiles never decide anything; but a broken one
still has to fail the command, naming its file and line exactly as before. ``Reading`` does both:
the profiles the search reaches are read here, on first use (``engine.LazyProfiles``), and every
other one is checked meanwhile on the second core (``parallel.Background``, a forked child).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .errors import DataError, Problem

if TYPE_CHECKING:
    from .data import CountryEntry
    from .engine import LazyProfiles
    from .model import Checklist

File = tuple[int, int]  # (the country's place in the command's order, the profile's year)

# Fewer files than this left to check: checked here, after the answer, rather than in a child
# (forking costs more than it saves on a handful of files).
MIN_BACKGROUND = 8

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


class _Background(Generic[K, R]):
    """Serial stand-in for ``parallel.Background`` (same interface), until that lands on main."""

    def __init__(self, items: Iterable[K], fn: Callable[[K], R]):
        self._items = list(items)
        self._fn = fn
        self._skipped: set[K] = set()
        self._results: dict[K, R] | None = None

    def skip(self, items: Iterable[K]) -> None:
        self._skipped.update(items)

    def results(self) -> dict[K, R]:
        if self._results is None:
            self._results = {i: self._fn(i) for i in self._items if i not in self._skipped}
        return self._results

    def close(self) -> None:
        pass

    def __enter__(self) -> _Background[K, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Reading:
    """The profiles one command reads: for each of ``countries`` (entry, last year; None: every
    year), in the command's order, the country's profiles up to that year. ``profiles(k)`` gives
    country ``k``'s as an ``engine.LazyProfiles``: a profile is read (``data.load_profile``) when
    the engine first looks at it. ``anchors`` (per country, the years the command asks about)
    are the profiles sure to be read, the newest up to each such year; every other file is handed
    to a forked child to check, the furthest back from a year asked about first (the least likely
    to be needed), and skipped by the child once read here.

    Which broken file fails the command does not depend on who read what first: it is the one the
    command named when it read every file itself, in order — the first broken file of all, the
    countries in the command's order and each country's years ascending. So when a profile read
    here is broken, the files before it are settled first (the child's findings, waited for, and
    any file no one has checked yet, checked here) and the first broken one is named; ``finish()``
    does the same over every file, once the answer is built and before anything is shown. The
    ``DataError`` carries that one file's problems, as ``data.load_profile`` raises them.

    Use as a context manager: leaving it (an error or not) stops the child.
    """

    def __init__(self, root: Path, checklist: Checklist,
                 countries: Sequence[tuple[CountryEntry | None, int | None]],
                 anchors: Sequence[Sequence[int | None]] | None = None):
        self._root = root
        self._checklist = checklist
        self._entries = [entry for entry, _ in countries]
        self._files: list[File] = [(k, y) for k, (entry, up_to) in enumerate(countries) if entry is not None
                                   for y in entry.years if up_to is None or y <= up_to]
        self._read: set[File] = set()  # read here, and valid
        self._background: _Background[File, tuple[Problem, ...] | None] | None = None
        todo = self._unsure(anchors)
        if len(todo) >= MIN_BACKGROUND:
            self._background = _Background(todo, self._check)

    def _unsure(self, anchors: Sequence[Sequence[int | None]] | None) -> list[File]:
        """The files not sure to be read here, furthest back from a year asked about first."""
        by_country: dict[int, list[int]] = {}
        for k, y in self._files:
            by_country.setdefault(k, []).append(y)
        ranked: list[tuple[int, int, int]] = []  # (-distance, k, year)
        for k, years in by_country.items():
            asked = anchors[k] if anchors is not None else (None,)
            newest = {max((y for y in years if a is None or y <= a), default=None) for a in asked}
            distance = 0
            for y in sorted(years, reverse=True):  # counted back from the nearest newer year asked about
                distance = 0 if y in newest else distance + 1
                if distance:
                    ranked.append((-distance, k, y))
        return [(k, y) for _, k, y in sorted(ranked)]

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._background is not None:
            self._background.close()

    def profiles(self, k: int) -> LazyProfiles:
        """Country ``k``'s profiles up to its year, newest first, each read on first use."""
        from .engine import LazyProfiles

        entry = self._entries[k]
        return LazyProfiles([y for kk, y in self._files if kk == k] if entry is not None else [],
                            lambda year: self._load(k, year))

    def _load(self, k: int, year: int):
        from . import data

        try:
            profile = data.load_profile(self._root, self._entries[k], year, self._checklist)  # type: ignore[arg-type]
        except DataError as e:
            self._fail_before((k, year), e)
            raise
        self._read.add((k, year))
        if self._background is not None:
            self._background.skip([(k, year)])
        return profile

    def _check(self, file: File) -> tuple[Problem, ...] | None:
        """A file's problems (None: valid), as ``data.load_profile`` finds them."""
        from . import data

        k, year = file
        try:
            data.load_profile(self._root, self._entries[k], year, self._checklist)  # type: ignore[arg-type]
        except DataError as e:
            return tuple(e.problems)
        return None

    def _fail_before(self, end: File | None, error: DataError | None = None) -> None:
        """Raise ``DataError`` for the first broken file before ``end`` (None: of all), if any."""
        found = self._background.results() if self._background is not None else {}
        for file in self._files:
            if file == end:
                return
            if file in self._read:
                continue
            problems = found[file] if file in found else self._check(file)
            if problems:
                raise DataError(problems) from None

    def finish(self) -> None:
        """Every file checked (waiting for the child): raises ``DataError`` for the first broken one."""
        self._fail_before(None)
        self.close()
