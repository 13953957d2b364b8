"""One country's assessment in Markdown, for reports and letters: headings, a table, citations, sources."""

from __future__ import annotations

from ...model import RATINGS
from ...result import Assessment
from ..text import as_of, badge, citation_line, label, profile_years_text
from . import cell, source_item


def assessment_markdown(a: Assessment) -> str:
    c = a.country
    out = [f"# {cell(c.name)}: legal checklist assessment, {a.year}", ""]
    out.append(f"Law as of **{a.as_of}** · checklist version {a.checklist_version} · profile `{a.profile}`")
    years = profile_years_text(a.profile_years)
    if years:
        out += ["", years]
    if a.other_years:
        out += ["", f"Other years with a profile: {', '.join(str(y) for y in a.other_years)}."]
    if a.status == "draft":
        out += ["", "> **Draft profile**: not yet reviewed."]
    out += ["", "| Indicator | Rating | Basis | Why | Evidence |", "|---|---|---|---|---|"]
    for r in a.results:
        why = r.reason
        if r.missing_facts:
            why += f" Missing facts: {', '.join(r.missing_facts)}."
        if r.disagreement:
            why += f" ⚠ {r.disagreement}"
        if r.carry_note:
            why += f" {r.carry_note}"
        evidence = "<br>".join(cell(citation_line(x)) for x in r.citations) or "—"
        shown = badge(r.rating) + (as_of(r.from_year, a.year) if r.from_profile != a.profile else "")
        out.append(f"| {cell(r.title)} | {shown} | {r.basis} | {cell(why)} | {evidence} |")
    s = a.summary
    counts = ", ".join(f"{label(r)} {s.counts[r]}" for r in RATINGS if s.counts[r] or r in ("yes", "partial", "no", "not_assessed", "no_data"))
    score = (f"Score {s.coverage_text()} rated (out of 100; ranges, not assessed and no data are left out)"
             if s.score is not None else f"No score: {s.score_withheld}")
    out += ["", f"**Summary:** {counts}. {score}.", "", "## Sources", ""]
    out += [source_item(src) for src in a.sources]
    out += ["", f"_Laws may have changed since {a.as_of}._", ""]
    return "\n".join(out)
