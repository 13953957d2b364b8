"""One country's assessment in Markdown, for reports and letters: headings, a table, citations, sources."""

from __future__ import annotations

from ...model import RATINGS
from ...result import Assessment
from ..text import badge, citation_line, label
from . import cell, source_item


def assessment_markdown(a: Assessment) -> str:
    c = a.country
    out = [f"# {cell(c.name)}: legal checklist assessment, {a.year}", ""]
    out.append(f"Law as of **{a.as_of}** · checklist version {a.checklist_version} · profile `{a.profile}`")
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
        evidence = "<br>".join(cell(citation_line(x)) for x in r.citations) or "—"
        out.append(f"| {cell(r.title)} | {badge(r.rating)} | {r.basis} | {cell(why)} | {evidence} |")
    s = a.summary
    counts = ", ".join(f"{label(r)} {s.counts[r]}" for r in RATINGS)
    score = f"{s.score:.1f}/100" if s.score is not None else "n/a"
    out += ["", f"**Summary:** {counts}. Score {score} over {s.rated} rated indicators "
            "(not assessed and no data are left out of the score).", "", "## Sources", ""]
    out += [source_item(src) for src in a.sources]
    out += ["", f"_Laws may have changed since {a.as_of}._", ""]
    return "\n".join(out)
