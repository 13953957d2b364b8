"""The country brief in Markdown (``gaps --format markdown`` and ``assess --format markdown``): a
document to paste into a letter to a ministry. Built on ``render/brief.py`` (the words); this
module only lays them out and escapes the data."""

from __future__ import annotations

from ...result import IndicatorResult, SourceOut
from ..brief import References, Section, abbreviations_used, method_note, plain
from . import prose


def references_for(sources: tuple[SourceOut, ...]) -> References:
    return References({s.id: s for s in sources})


def section_lines(s: Section, heading: str = "###") -> list[str]:
    out = [f"{heading} {prose(s.title)}", "", f"**Rating:** {prose(s.rating_line)}.", "", f"**Why:** {prose(s.why)}", ""]
    if s.earlier:
        out += [f"**Earlier assessments:** {prose(s.earlier)}", ""]
    if s.disagreement:
        where = "Where the sources disagree" if s.disputed else "Where the source and the facts disagree"
        out += [f"**{where}:** {prose(s.disagreement)}", ""]
    if s.facts:
        out += ["**What the sources establish:**", ""]
        for question, answer, said, ref in s.facts:
            out.append(f"- {prose(question)} **{prose(answer)}.**" + (f" {prose(said)}" if said else "") + (f" {ref}" if ref else ""))
        out.append("")
    if s.questions:
        out += ["**Still to establish:**", ""] + [f"- {prose(q)}" for q in s.questions] + [""]
    if s.note:
        out += [f"**Note:** {prose(s.note)}", ""]
    if s.recommendation:
        out += [f"**Recommended legal intervention:** {prose(s.recommendation)}", ""]
    return out


def years_line(years: tuple[int, ...]) -> str:
    listed = ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"
    return prose(f"This brief draws on the assessments of {listed}: each indicator from the latest that assesses "
                 "it; a rating taken from an earlier one says so (as of that year).")


def questions_of(r: IndicatorResult) -> tuple[str, ...]:
    asked = {f.id: f.question for f in r.facts}
    return tuple(asked[f] for f in r.missing_facts if f in asked)


def closing(body: list[str], refs: References, derived_titles: list[str], any_reported: bool, as_of: str) -> list[str]:
    """Note on method, abbreviations (those the brief uses), references: the end of every brief."""
    out = ["## Note on method", ""]
    for para in method_note(derived_titles, any_reported):
        out += [prose(para), ""]
    out += [prose(f"Laws may have changed since {as_of}."), ""]
    used = abbreviations_used("\n".join(body + out + refs.entries))
    if used:
        out += ["## Abbreviations", ""] + [f"- **{a}**: {prose(meaning)}" for a, meaning in used] + [""]
    out += ["## References", ""]
    out += [f"{i}. {prose(text)}" for i, text in enumerate(refs.entries, 1)]
    if not refs.entries:
        out.append("No source read states any fact for this brief.")
    uncited = refs.uncited()
    if uncited:
        out += ["", "Also read, not cited above:", ""] + [f"- {prose(x)}" for x in uncited]
    out.append("")
    return out


__all__ = ["closing", "plain", "questions_of", "references_for", "section_lines", "years_line"]
