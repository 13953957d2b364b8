"""The library API the commands use: load, assess. No printing here."""

from __future__ import annotations

from pathlib import Path

from .data import load_checklist, load_profile, pick_year, resolve_country
from .engine import assess
from .model import Checklist, Profile
from .result import Assessment


def load_country_profile(root: Path, country: str, year: int | None, checklist: Checklist) -> Profile:
    entry = resolve_country(root, country)
    return load_profile(root, entry, pick_year(entry, year), checklist)


def assess_country(root: Path, country: str, year: int | None = None, checklist: Checklist | None = None) -> Assessment:
    """Assess one country's profile for ``year`` (default: its latest) with the repository's rules."""
    checklist = checklist or load_checklist(root)
    return assess(checklist, load_country_profile(root, country, year, checklist))


def assess_all(root: Path, checklist: Checklist | None = None) -> list[Assessment]:
    """Assess every profile of every country (slug order, then year order)."""
    from .data import list_countries

    checklist = checklist or load_checklist(root)
    return [
        assess(checklist, load_profile(root, entry, year, checklist))
        for entry in list_countries(root)
        for year in entry.years
    ]
