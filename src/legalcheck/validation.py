"""Checking a whole assessment repository: the checklist, every profile, every regions file.

Above both ``data`` (checklist and profiles) and ``regions`` (which reads country identities from
``data``), so neither imports the other's caller.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from .data import (
    _YEAR_FILE,
    _shared_names,
    folder_problem,
    list_countries,
    load_indicator,
    read_checklist,
    read_profile,
    rule_files,
    two_files_problem,
)
from .errors import Problem
from .model import Checklist, Country
from .parallel import Background, fork_wanted
from .regions import read_regions, region_files
from .yamlload import display_name, expecting_many, parsed


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml"))
        else:
            out.append(p)
    return out


def _is_regions_file(root: Path, path: Path) -> bool:
    resolved = path.resolve()
    return resolved == (root / "regions.yaml").resolve() or resolved.parent == (root / "regions").resolve()


def _inside(root: Path, path: Path) -> Path | None:
    """``root`` if ``path`` (as written, links not followed) lies in the data folder, else None: a file
    of the data must resolve inside it; a file named outside it on the command line is read as given."""
    a, b = os.path.abspath(path), os.path.abspath(root)
    return root if a == b or a.startswith(b.rstrip(os.sep) + os.sep) else None


def validate_repository(root: Path, paths: list[Path] | None = None,
                        progress: Callable[[str, int, int], None] | None = None) -> tuple[list[Problem], int]:
    """Check the checklist and every profile (or just ``paths``). Returns (problems, files checked).
    ``progress(what, done, total)`` is told after each profile."""
    rules = rule_files(root)  # listed once: to read and to count
    checklist, problems = read_checklist(root, rules)
    checked = len(rules)
    given = _expand(paths) if paths else []  # walked once: folders given are searched here only
    if paths:
        profile_paths = []
        own_checklist = (root / "checklist").resolve()
        for p in given:
            if _is_regions_file(root, p):
                continue  # checked with every regions file, below
            if p.parent.name == "checklist":
                # The repository's own checklist was checked above; another rule file is checked alone.
                if p.resolve().parent != own_checklist and p.name != "index.yaml":
                    checked += 1
                    problems += load_indicator(p, within=_inside(root, p))[1]
                continue
            profile_paths.append(p)
    else:
        countries = list_countries(root)
        profile_paths = []
        for e in countries:
            # The entry keeps only the year files: the folder is listed again for the other YAML files.
            try:
                with os.scandir(e.directory) as listing:
                    misnamed = [e.directory / f.name for f in listing
                                if os.path.splitext(f.name)[1] in (".yaml", ".yml") and not _YEAR_FILE.match(f.name)]
            except OSError as err:  # e.g. made unreadable, or removed, since it was listed: its files too
                problems.append(folder_problem(e.directory, err))
                continue
            for y in e.years:
                files = e.files(y)  # the year files found when the folder was listed
                profile_paths += files
                if len(files) > 1:
                    problems.append(two_files_problem(files))
            problems += [Problem(display_name(p), None, None, "", "a profile file is named by its year, e.g. 2022.yaml")
                         for p in sorted(misnamed)]
    with contextlib.ExitStack() as stack:
        background = None
        if checklist is not None:
            check = _checker(root, checklist)
            first: dict[Path, Checked] = {}
            fork = fork_wanted(len(profile_paths), MIN_FORK)
            if fork:
                # What every check uses is made ready once, before the fork, for both processes, by
                # checking the first profile here: the schema, the lazy imports and (unless the cache
                # holds it) rapidyaml. If the cache holds it and the last one, the run is served from
                # the cache: a profile takes ~0.14 ms, and a fork pays only for many of them.
                stack.enter_context(expecting_many())
                before = parsed()
                if progress is not None:
                    progress("Checking profiles", 1, len(profile_paths))
                first[profile_paths[0]] = check(profile_paths[0])
                if parsed() == before:
                    first[profile_paths[-1]] = check(profile_paths[-1])
                    fork = parsed() > before or len(profile_paths) >= MIN_FORK_CACHED
            if fork:
                # A child checks the profiles from the last one back while this process reads the
                # regions and checks them from the first one on, until the two meet: each then has
                # about half, however busy the other core is.
                background = stack.enter_context(Background(profile_paths[::-1], check, min_items=MIN_FORK))
        if paths is None or any(_is_regions_file(root, p) for p in given):
            problems += read_regions(root, checklist.ids() if checklist is not None else None)[1]
            checked += len(region_files(root))
        if checklist is None:
            return problems, checked
        answers = _check_profiles(profile_paths, check, background, progress, first)
    # The checks across files, in the order of the files, in this process.
    identities: dict[str, tuple[str, str, str, str]] = {}
    owners: dict[str, tuple[str, str, str]] = {}
    for path in profile_paths:
        checked += 1
        p, found = answers[path]
        problems += p
        if found is not None:
            country, file = found
            ident = (country.name, country.iso2, country.iso3)
            slug = country.slug
            if slug not in identities:
                problems += _shared_names(path, country, owners)
            if slug in identities and identities[slug][:3] != ident:
                problems.append(Problem(file, None, None, "country",
                                        f"country name/codes differ from {identities[slug][3]}"))
            identities.setdefault(slug, ident + (file,))
    return problems, checked


# Profiles: fewer are checked in this process alone. A fork costs a few milliseconds of the process's
# time (and, in all, about 5 % more CPU); a profile takes ~0.5 ms to check, ~0.14 ms from the cache.
MIN_FORK = 64
MIN_FORK_CACHED = 256

# What the checks across files need of a profile: its problems, and its country and file name
# (None if it did not validate). Small, so the child sends it back quickly.
Checked = tuple[list[Problem], tuple[Country, str] | None]


def _checker(root: Path, checklist: Checklist) -> Callable[[Path], Checked]:
    def check(path: Path) -> Checked:
        prof, p = read_profile(path, checklist, _inside(root, path))
        return p, (None if prof is None else (prof.country, prof.file))
    return check


def _check_profiles(paths: list[Path], check: Callable[[Path], Checked], background: Background | None,
                    progress: Callable[[str, int, int], None] | None, mine: dict[Path, Checked]) -> dict[Path, Checked]:
    """Every profile of ``paths`` checked: from the first one on here (``mine``: those already
    checked), until a profile the child (checking from the last one back) has done; the child's
    answers for the rest."""
    total, told = len(paths), len(mine)
    theirs: dict[Path, Checked] = {}
    if background is not None:
        background.skip(mine)
    for i, path in enumerate(paths, 1):
        if path in mine:
            continue
        if background is not None:
            theirs = background.poll()
            if path in theirs:
                break
        if progress is not None:
            told = min(total, i + len(theirs))
            progress("Checking profiles", told, total)
        mine[path] = check(path)
        if background is not None:
            background.skip((path,))
    answers = background.results() if background is not None else {}
    answers.update(mine)
    if progress is not None and told < total:
        progress("Checking profiles", total, total)  # the bar goes when done == total
    return answers
