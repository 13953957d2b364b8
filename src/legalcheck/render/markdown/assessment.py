"""One country's assessment in Markdown, for reports and letters: a summary table, then each
indicator in words (the facts as questions and answers), a note on method and numbered references."""

from __future__ import annotations

from ...errors import count
from ...model import RATINGS
from ...result import Assessment
from ..brief import capital, long_date, possessive, section, sentence_name
from ..text import label
from . import cell, prose
from .brief import closing, questions_of, references_for, section_lines, years_line


def assessment_markdown(a: Assessment, not_assessed_in_one_line: bool = False) -> str:
    c = a.country
    refs = references_for(a.sources)
    as_of = long_date(a.as_of)
    body = [f"# {prose(c.name)}: legal checklist assessment, {a.year}", "",
            prose(f"{capital(possessive(sentence_name(c.name)))} law as of {as_of}, against ECPAT International's legal "
                  f"checklist (checklist version {a.checklist_version}). Numbers in square brackets refer to the "
                  "references at the end.")]
    if len(a.profile_years) > 1:
        body += ["", years_line(a.profile_years)]
    if a.other_years:
        body += ["", f"Other years assessed: {', '.join(str(y) for y in a.other_years)}."]
    if a.status == "draft":
        body += ["", "**Draft:** the facts behind this assessment have not yet been reviewed."]
    s = a.summary
    counts = ", ".join(f"{label(r)} {s.counts[r]}" for r in RATINGS
                       if s.counts.get(r) or r in ("yes", "partial", "no", "not_assessed", "no_data"))
    score = (f"Score {s.score:.1f} out of 100, over the {count(s.rated, 'indicator')} rated Yes, Partial or No"
             if s.score is not None else f"No score: {s.score_withheld}")
    body += ["", f"**Summary:** {counts}. {score}.",
             "", "| Indicator | Rating | On what basis |", "|---|---|---|"]
    shown = [r for r in a.results if not (not_assessed_in_one_line and r.rating == "not_assessed")]
    for r in shown:
        basis = (("from the facts" if r.basis == "derived" else "a source's own rating")
                 if r.rating not in ("not_assessed", "no_data") else "not rated")
        word = "Not yet assessed" if r.rating == "not_assessed" else label(r.rating)
        if r.from_year is not None and r.from_year != a.year:
            word += f" (as of {r.from_year})"
        body.append(f"| {cell(r.title)} | {word} | {basis} |")
    body.append("")
    for r in shown:
        facts = tuple(f for f in r.facts if f.known or f.citation is not None)
        body += section_lines(section(r, refs, facts, questions_of(r), r.reported_source, a.year), heading="##")
    if len(shown) < len(a.results):
        names = "; ".join(prose(r.title) for r in a.results if r not in shown)
        body += [f"**Not yet assessed** (the sources read so far do not settle them; this is not a finding "
                 f"that the law falls short): {names}.", ""]
    derived = [r.title for r in shown if r.rubric_basis == "derived"]
    any_reported = any(r.basis == "reported" for r in a.results)
    return "\n".join(body + closing(body, refs, derived, any_reported, as_of))
