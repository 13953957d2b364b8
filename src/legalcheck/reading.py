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
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError, Problem

if TYPE_CHECKING:
    from .data import CountryEntry
    from .engine import LazyProfiles
    from .model import Checklist, Profile
    from .parallel import Background

File = tuple[int, int]  # (the country's place in the command's order, the profile's year)
# The child's work: a file, or (an int) a country's whole answer (``Reading.assess``).
Item = File | int
# What checking a file gives: its problems; None (valid); or, from the child, a valid profile the
# answer is likely to need, pickled, in a list emptied when it is used.
# False: not checked (see ``Reading._check``).
# A country's answer, from the child: ([its pickle], the files it read, each valid).
Answer = tuple[Problem, ...] | list[bytes] | bool | None | tuple[list[bytes], tuple[File, ...]]
# At most this many bytes of profiles sent back by the child (about 700 synthetic profiles).
MAX_SENT = 4 << 20

# Less work than this for a child (files not sure to be needed, and countries' answers): done here,
# the files checked after the answer (forking costs more than it saves on a handful of files).
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
    the one before it) from the last country backwards, so that the two processes meet in the
    middle. Given ``answer`` (a function of a country's place and profiles, and what names it), the
    child works out each of those countries' answers too, before its likely files, and sends the
    answer back (pickled) with the files it read: ``assess(k)`` takes it, or works it out here if
    the child has not (yet). Without an ``answer``, the child sends the likely profiles back whole,
    and a profile it has sent is not parsed again here. A file read here (or for an answer the
    child sent) is skipped by the child; a country worked out here too.

    With ``take_in``, before working a country out here, the answers sent meanwhile are taken in
    (unpickled), so that this process, which must also take in every answer the child sends, works
    out fewer countries itself and the two finish together: worth it where an answer takes long to
    take in (a regional diff's part of a country), not where it is quick and the answers would wait
    unpickled until used, larger than their pickles (the matrix's assessments).

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
                 anchors: Sequence[Sequence[int | None]] | None = None,
                 answer: tuple[Callable[[int, LazyProfiles], Any], Hashable] | None = None,
                 take_in: bool = False):
        self._root = root
        self._answer = answer  # ((a country's place, its profiles) -> its answer, what the answer is of)
        self._take_in = take_in  # take in the child's answers as they come (see the class)
        self._done: set[File] = set()  # in the child: files read for an answer sent, so valid
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
        self._taken: dict[int, Any] = {}  # countries' answers the child sent, unpickled ahead of use
        self._here: set[int] = set()  # countries worked out here
        self._seen = 0  # how many of the child's answers _take_arrived has looked at
        self._many: contextlib.ExitStack | None = None
        todo = self._order(anchors)
        if len(todo) - len(self._likely) >= MIN_BACKGROUND:  # the files not sure to be needed, and the answers
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
        later: list[Item] = []
        country = None
        for f in sorted(likely, key=lambda f: (-f[0], -f[1])):
            if self._answer is not None and f[0] != country:
                country = f[0]
                later.append(country)  # the country's answer first: it reads the files the answer needs
            later.append(f)
        return [(k, y) for _, k, y in sorted(unlikely)] + later

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
        self._taken, self._here = {}, set()

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

    def assess(self, k: int, what: Hashable) -> Any:
        """Country ``k``'s answer: the one the child worked out and sent, if it did and it is the
        answer ``what`` names (the function and its arguments given to the reading); else worked
        out here, over ``profiles(k)``. The same value either way: the child runs the same function
        over the same files (read the same way), and the files it read were valid."""
        if self._answer is None or what != self._answer[1]:
            raise ValueError("this reading was not given that answer to work out")
        if k in self._taken:
            return self._taken.pop(k)
        if self._background is not None:
            got = self._background.poll()
            sent = got.get(k)
            if isinstance(sent, tuple) and sent[0]:  # (the pickle, emptied once used; the files read)
                return self._take(sent)
            self._background.skip([k])  # worked out here: the child need not
            self._here.add(k)
            if self._take_in:
                self._take_arrived(got)
        return self._answer[0](k, self.profiles(k))

    def _take(self, sent: tuple[list[bytes], tuple[File, ...]]) -> Any:
        answer = pickle.loads(sent[0].pop())
        self._read.update(sent[1])
        self._background.skip(sent[1])  # valid: not to be checked again (the serial fallback)
        return answer

    def _take_arrived(self, got: dict[Item, Answer]) -> None:
        """The answers the child has sent (``got``) since last asked, unpickled now, before one is
        worked out here: this process, which takes in every answer the child sends, then works out
        fewer countries itself, the child more, and when the two meet little is left to do here."""
        arrived = self._background.arrived  # type: ignore[union-attr]
        while self._seen < len(arrived):
            item = arrived[self._seen]
            self._seen += 1
            sent = got.get(item)
            if isinstance(item, int) and item not in self._here and isinstance(sent, tuple) and sent[0]:
                self._taken[item] = self._take(sent)  # (one worked out here already is left: never asked for)

    def _country(self, k: int) -> Answer:
        """In the child: country ``k``'s answer, pickled, and the files read for it (``assess``);
        False (not worked out) in this process, or once ``MAX_SENT`` bytes are sent. A broken file
        raises here, and the answer is then worked out by the parent, which reports the file."""
        from . import data
        from .engine import LazyProfiles

        if os.getpid() == self._parent or self._sent >= MAX_SENT or self._answer is None:
            return False
        read: list[File] = []

        def load(year: int) -> Profile:
            profile = data.load_profile(self._root, self._entries[k], year, self._checklist)  # type: ignore[arg-type]
            read.append((k, year))
            return profile

        sent = pickle.dumps(self._answer[0](k, LazyProfiles(self._years.get(k, ()), load)), pickle.HIGHEST_PROTOCOL)
        self._sent += len(sent)
        self._done.update(read)
        return [sent], tuple(read)

    def _check(self, item: Item) -> Answer:
        if isinstance(item, int):
            return self._country(item)
        return self._check_file(item)

    def _check_file(self, file: File) -> Answer:
        """A file's problems, as ``data.load_profile`` finds them; None when valid; in the child, a
        file likely to be needed is sent back whole: ``[its pickle]`` (emptied once used), until
        ``MAX_SENT`` bytes are sent, and after that not checked at all (False): the pickles wait in
        memory until they are used, and the child may be far ahead."""
        from . import data

        k, year = file
        if file in self._done:
            return None  # read by the child for an answer it sent
        if self._sent >= MAX_SENT and file in self._likely and os.getpid() != self._parent:
            return False  # left to this process: most likely needed, and read here anyway
        try:
            profile = data.load_profile(self._root, self._entries[k], year, self._checklist)  # type: ignore[arg-type]
        except DataError as e:
            return tuple(e.problems)
        if file in self._likely and self._answer is None and os.getpid() != self._parent:
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
                answer = self._check_file(file)
            if isinstance(answer, tuple):
                raise DataError(answer) from None

    def finish(self) -> None:
        """Every file checked (waiting for the child): raises ``DataError`` for the first broken one."""
        self._fail_before(None)
        self.close()
