"""The shared report as a static web site: ``legalcheck report REGION --html DIR``.

``render_site`` turns a ``report.Report`` into pages (relative path -> text), with Jinja2 templates
that escape every string from the data; ``commands.common.show`` writes them into a directory, whole
or not at all (``output.write_tree_atomic``). The site works from ``file://`` with nothing fetched
from elsewhere: its stylesheet and script are copied beside the pages.
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from typing import Any

from ... import __version__
from ...report import Report
from ...model import RATINGS, value_words
from ..text import fact_change_word, fact_side, score_note
from .view import as_of_year, change_view, kind_words, rating_view, reading_source, safe_url, settled

LEGEND = tuple(RATINGS)  # every rating, in the order the model lists them
STATIC = ("style.css", "print.css", "report.js")
_ANCHOR_OK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def anchor(source_id: Any) -> str:
    """An element id for a profile's source id (which may be any text): 'source-<id>' when the id is
    already a safe token, else a readable slug plus a short hash, so two ids never share one."""
    text = str(source_id)
    if _ANCHOR_OK.match(text):
        return f"source-{text}"
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    return f"source-{slug}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def _basis_words(r: Any) -> str:
    if not settled(r):
        return "not settled by the sources read"
    if r.basis == "reported":
        return "as reported by a source"
    return "derived from the cited facts"


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape  # noqa: F401

    env = Environment(
        loader=PackageLoader("legalcheck.render.html", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        rating_view=rating_view,
        change_view=change_view,
        as_of_year=as_of_year,
        safe_url=safe_url,
        value_words=value_words,
        fact_side=lambda value, citation, readings: fact_side(value, citation, readings, "reader", reading_source),
        fact_change_word=fact_change_word,
        kind_words=kind_words,
        settled=settled,
        basis_words=_basis_words,
        score_note=lambda m: score_note(m, min_rated_option=False),  # report has no --min-rated
        legend=LEGEND,
        version=__version__,
    )
    env.filters["anchor"] = anchor
    return env


def _coverage(report: Report) -> dict[str, int]:
    m = report.matrix
    cells = [c for row in m.assessed() for c in row.cells]
    rated = [c for c in cells if settled(c)]
    return {
        "cells": len(cells),
        "rated": len(rated),
        "derived": sum(1 for c in rated if c.basis == "derived"),
        "reported": sum(1 for c in rated if c.basis == "reported"),
        "unknown": len(cells) - len(rated),
        "no_profile": sum(1 for row in m.rows if row.year is None),
    }


def _all_sources(report: Report) -> list[tuple[Any, list[str]]]:
    """Every publication the report rests on, once each, with what it is used for."""
    found: dict[tuple, tuple[Any, list[str]]] = {}

    def add(src: Any, use: str) -> None:
        key = (src.title, src.publisher, src.date, src.url, getattr(src, "reference", None))
        entry = found.setdefault(key, (src, []))
        if use not in entry[1]:
            entry[1].append(use)

    for c in report.countries:
        for a in c.history:
            for s in a.sources:
                add(s, f"{a.country.name} {a.year}")
    for ind in report.checklist.indicators:
        for s in ind.sources:
            add(s, "the rubrics")
    return sorted(found.values(), key=lambda e: (e[0].title.casefold(), e[0].date or ""))


def render_site(report: Report) -> dict[str, str]:
    """Every file of the site: relative path -> content. Deterministic: the same report gives the
    same bytes."""
    env = _environment()
    common = {"report": report, "m": report.matrix, "s": report.summary}
    pages: dict[str, str] = {}

    def page(path: str, template: str, name: str, **extra: Any) -> None:
        root = "../" * path.count("/")
        pages[path] = env.get_template(template).render(root=root, page=name, **common, **extra)

    page("index.html", "index.html", "index", cov=_coverage(report))
    page("about.html", "about.html", "about", all_sources=_all_sources(report))
    page("changes.html", "changes.html", "changes")
    page("countries/index.html", "countries.html", "countries")
    page("indicators/index.html", "indicators.html", "indicators")
    for c in report.countries:
        page(f"countries/{c.slug}.html", "country.html", "country", c=c,
             sources={s.id: s for s in c.current.sources})
    for ind in report.checklist.indicators:  # every indicator: country pages show them all
        page(f"indicators/{ind.id}.html", "indicator.html", "indicator", ind=ind)
    for name in STATIC:
        pages[f"assets/{name}"] = resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")
    return pages
