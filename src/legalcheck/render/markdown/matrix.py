"""The regional matrix and the regional summary in Markdown."""

from __future__ import annotations

from ...matrix import Matrix, RegionalSummary
from ..text import (
    DISAGREE,
    DISAGREE_NOTE,
    NO_PROFILE_SYMBOL,
    any_disagreement,
    as_of,
    badge,
    legend,
    matrix_years_text,
    row_rated,
    row_score,
    row_year,
    score_note,
)
from . import cell as md_cell


def matrix_markdown(m: Matrix) -> str:
    when = str(m.year) if m.year is not None else "latest profiles"
    out = [f"# {md_cell(m.title)}: legal checklist matrix, {when}", "",
           f"Checklist version {m.checklist_version}."
           + (f" {matrix_years_text(m)}" if matrix_years_text(m) else "")
           + (f" Shown: {md_cell(m.indicator_choice)}." if m.indicator_choice else ""), ""]
    head = ["Country", "Year"] + [md_cell(i.short) for i in m.indicators] + ["Score", "Rated"]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in m.rows:
        cells = [badge(c.rating) + as_of(c.from_year, r.year) + (f" {DISAGREE}" if c.disagreement else "") if (c := r.cell(i.id))
                 else f"{NO_PROFILE_SYMBOL} no profile" for i in m.indicators]
        out.append("| " + " | ".join([md_cell(r.name), row_year(r)] + cells + [row_score(r), row_rated(r)]) + " |")
    for rating in m.total_ratings():
        out.append("| " + " | ".join([f"**{badge(rating)}**", ""] + [str(t.counts[rating]) for t in m.totals] + ["", ""]) + " |")
    out += ["", legend(short=False, shown=set(m.total_ratings())) + f"  {NO_PROFILE_SYMBOL} No profile. " + score_note(m)
            + " \"As of\": the rating comes from that earlier profile, as the country's later one does not assess "
            "the indicator.", ""]
    out += [f"- **{md_cell(i.short)}**: {md_cell(i.title)} (rubric {i.rubric_basis})" for i in m.indicators]
    if any(r.carried_forward for r in m.rows):
        out += ["", f"\\* carried forward: no profile for {m.year}, so the latest earlier one is used."]
    if any_disagreement(m):
        out += ["", DISAGREE_NOTE]
    if any(r.status == "draft" for r in m.rows):
        out += ["", "† draft profile: not yet reviewed."]
    for note in m.notes:
        out += ["", f"Note: {md_cell(note)}"]
    dates = m.as_of_dates()
    if dates:
        out += ["", f"_Laws may have changed since the as-of dates ({', '.join(dates)})._"]
    return "\n".join(out) + "\n"


def summary_markdown(s: RegionalSummary) -> str:
    when = str(s.year) if s.year is not None else "latest profiles"
    out = [f"# {md_cell(s.title)}: regional overview, {when}", "", md_cell(s.coverage), ""]
    for f in s.findings:
        out += [f"**{md_cell(f.title)}.** {md_cell(f.text)}", ""]
    if s.as_of:
        out.append(f"_Laws may have changed since the as-of dates ({', '.join(s.as_of)})._")
    return "\n".join(out) + "\n"
