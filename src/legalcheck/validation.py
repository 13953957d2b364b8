"""Checking a whole assessment repository: the checklist, every profile, every regions file.

Above both ``data`` (checklist and profiles) and ``regions`` (which reads country identities from
``data``), so neither imports the other's caller.
"""

from __future__ import annotations

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
from .regions import read_regions, region_files
from .yamlload import display_name


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
    if paths is None or any(_is_regions_file(root, p) for p in given):
        problems += read_regions(root, checklist.ids() if checklist is not None else None)[1]
        checked += len(region_files(root))
    if checklist is None:
        return problems, checked
    identities: dict[str, tuple[str, str, str, str]] = {}
    owners: dict[str, tuple[str, str, str]] = {}
    for i, path in enumerate(profile_paths, 1):
        checked += 1
        if progress is not None:
            progress("Checking profiles", i, len(profile_paths))
        prof, p = read_profile(path, checklist, _inside(root, path))
        problems += p
        if prof is not None:
            ident = (prof.country.name, prof.country.iso2, prof.country.iso3)
            slug = prof.country.slug
            if slug not in identities:
                problems += _shared_names(path, prof.country, owners)
            if slug in identities and identities[slug][:3] != ident:
                problems.append(Problem(prof.file, None, None, "country",
                                        f"country name/codes differ from {identities[slug][3]}"))
            identities.setdefault(slug, ident + (prof.file,))
    return problems, checked
