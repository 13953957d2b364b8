"""CSV output: the regional matrix, one row per country, for spreadsheets and scripts.

Every value goes through ``csv_safe``: a spreadsheet never runs a cell as a formula."""

from __future__ import annotations

import csv
import io

from ...matrix import Matrix
from ...model import RATINGS
from ..text import FORMULA_STARTS, label


def csv_safe(value: object) -> str:
    """Text a spreadsheet will not run as a formula: a leading ' for values starting with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def matrix_csv(m: Matrix) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["country", "slug", "iso3", "year", "carried_forward", "as_of"]
               + [i.id for i in m.indicators] + ["score", "rated", "score_withheld", "ratings_as_of"] + list(RATINGS))
    for r in m.rows:
        ratings = [label(c.rating) if (c := r.cell(i.id)) else "No profile" for i in m.indicators]
        counts = [r.summary.counts[x] if r.summary else "" for x in RATINGS]
        score = r.summary.score if r.summary and r.summary.score is not None else ""
        rated = r.summary.rated if r.summary else ""
        withheld = r.summary.score_withheld or "" if r.summary else ""
        # the indicators whose rating comes from an earlier profile than the row's year
        earlier = "; ".join(f"{c.indicator} {c.from_year}" for c in r.cells if c.from_year is not None and c.from_year != r.year)
        w.writerow([csv_safe(x) for x in [r.name, r.slug, r.iso3, r.year, "yes" if r.carried_forward else "", r.as_of]
                    + ratings + [score, rated, withheld, earlier] + counts])
    return buf.getvalue()
