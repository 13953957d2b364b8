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

import contextlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, Problem

if TYPE_CHECKING:
    from .data import CountryEntry
    from .engine import LazyProfiles
    from .model import Checklist, Profile
    from .parallel import Background

File = tuple[int, int]  # (the country's place in the command's order, the profile's year)
# What checking a file gives: its problems; None (valid); or, from the child, a valid profile the
# answer is likely to need, pickled, in a list emptied when it is used.
# False: not checked (see ``Reading._check``).
Answer = tuple[Problem, ...] | list[bytes] | bool | None
# At most this many bytes of profiles sent back by the child (about 700 synthetic profiles).
MAX_SENT = 4 << 20

# Fewer files than this not sure to be needed: checked here, after the answer, rather than in a
# child (forking costs more than it saves on a handful of files).
MIN_BACKGROUND = 16

class Reading:
    """The profiles one command reads: for each of ``countries`` (entry, last year; None: every
    year), in the command's order, the country's profiles up to that year. ``profiles(k)`` gives
    country ``k``'s as an ``engine.LazyProfiles``: a profile is read (``data.load_profile``) when
    the engine first looks at it, and only then.

    Every other file the command used to read is still checked, by a forked child
    (``parallel.Background``) while the answer is worked out here. The child takes first the
    files least likely to be needed (the furthest back from a year the command asks about,
    ``anchors``), then the ones likely to be needed (the newest up to each year asked about, and
    the one before it) from the last country backwards, sending those back whole (pickled), so that
    the two processes meet in the middle: a profile the child has sent is not parsed again here, and
    a file read here is skipped by the child.

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
        self._years: dict[int, list[int]] = {}  # each country's years read, ascending
        for k, y in self._files:
            self._years.setdefault(k, []).append(y)
        self._read: set[File] = set()  # read here, and valid
        self._parent = os.getpid()
        self._sent = 0  # bytes of profiles the child has sent
        self._likely: set[File] = set()
        self._background: Background[File, Answer] | None = None
        self._early: dict[File, Profile] = {}
        self._many: contextlib.ExitStack | None = None
        todo = self._order(anchors)
        if len(todo) - len(self._likely) >= MIN_BACKGROUND:
            from .parallel import Background, fork_wanted

            if fork_wanted(len(todo), MIN_BACKGROUND):
                # Made ready once, before the fork, for both processes: rapidyaml for every file
                # from now on (many are parsed), and the schema and lazy imports, by reading here
                # the first country's newest profile, which the answer needs (a broken one fails
                # here, after the files before it, as it would in the loop).
                from .yamlload import expecting_many

                self._many = contextlib.ExitStack()
                self._many.enter_context(expecting_many())
                k, year = self._files[0][0], self._years[self._files[0][0]][-1]
                try:
                    self._early[(k, year)] = self._load(k, year)
                except BaseException:
                    self._many.close()
                    raise
            self._background = Background(todo, self._check, min_items=MIN_BACKGROUND)
            self._background.skip(self._early)

    def _order(self, anchors: Sequence[Sequence[int | None]] | None) -> list[File]:
        """Every file, in the order the child takes them (see the class); sets ``_likely``."""
        unlikely: list[tuple[int, int, int]] = []  # (-distance, k, year)
        likely: list[File] = []
        for k, years in self._years.items():
            asked = anchors[k] if anchors is not None else (None,)
            newest = {max((y for y in years if a is None or y <= a), default=None) for a in asked}
            distance = 0
            for y in sorted(years, reverse=True):  # counted back from the nearest newer year asked about
                distance = 0 if y in newest else distance + 1
                if distance <= 1:
                    likely.append((k, y))
                else:
                    unlikely.append((-distance, k, y))
        self._likely = set(likely)
        return [(k, y) for _, k, y in sorted(unlikely)] + sorted(likely, key=lambda f: (-f[0], -f[1]))

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stops the child; lets go of it and of the list of files (the child's function is a
        method of this object: a cycle the garbage collector would keep for a while)."""
        if self._background is not None:
            self._background.close()
            self._background = None
        if self._many is not None:
            self._many.close()
            self._many = None
        self._files, self._years, self._read, self._likely, self._early = [], {}, set(), set(), {}

    def profiles(self, k: int) -> LazyProfiles:
        """Country ``k``'s profiles up to its year, newest first, each read on first use."""
        from .engine import LazyProfiles

        return LazyProfiles(self._years.get(k, ()), lambda year: self._load(k, year))

    def _load(self, k: int, year: int) -> Profile:
        from . import data

        file = (k, year)
        if file in self._early:
            return self._early.pop(file)
        if self._background is not None:
            sent = self._background.poll().get(file)
            if isinstance(sent, list) and sent:  # the child read it, and it is valid
                profile = pickle.loads(sent.pop())  # let go of the bytes
                self._read.add(file)
                return profile
        try:
            profile = data.load_profile(self._root, self._entries[k], year, self._checklist)  # type: ignore[arg-type]
        except DataError:
            self._fail_before(file)
            raise
        self._read.add(file)
        if self._background is not None:
            self._background.skip([file])
        return profile

    def _check(self, file: File) -> Answer:
        """A file's problems, as ``data.load_profile`` finds them; None when valid; in the child, a
        file likely to be needed is sent back whole: ``[its pickle]`` (emptied once used), until
        ``MAX_SENT`` bytes are sent, and after that not checked at all (False): the pickles wait in
        memory until they are used, and the child may be far ahead."""
        from . import data

        k, year = file
        if self._sent >= MAX_SENT and file in self._likely and os.getpid() != self._parent:
            return False  # left to this process: most likely needed, and read here anyway
        try:
            profile = data.load_profile(self._root, self._entries[k], year, self._checklist)  # type: ignore[arg-type]
        except DataError as e:
            return tuple(e.problems)
        if file in self._likely and os.getpid() != self._parent:
            sent = pickle.dumps(profile, pickle.HIGHEST_PROTOCOL)
            self._sent += len(sent)
            return [sent]
        return None

    def _fail_before(self, end: File | None) -> None:
        """Raise ``DataError`` for the first broken file before ``end`` (None: of all), if any."""
        found = self._background.results() if self._background is not None else {}
        for file in self._files:
            if file == end:
                return
            if file in self._read:
                continue
            answer = found.get(file, False)
            if answer is False:  # not checked by the child
                answer = self._check(file)
            if isinstance(answer, tuple):
                raise DataError(answer) from None

    def finish(self) -> None:
        """Every file checked (waiting for the child): raises ``DataError`` for the first broken one."""
        self._fail_before(None)
        self.close()
