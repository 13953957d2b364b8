"""A country's gaps in Markdown: the country brief, a document to paste into a letter to a ministry
or a parliamentary briefing. Facts in words, numbered references, one note on method."""

from __future__ import annotations

from ...coverage import GapReport
from ..brief import long_date, possessive, section, sentence_name
from .brief import closing, references_for, section_lines, years_line
from . import prose

_HEADINGS = {
    "no": ("Not met (No)", None),
    "partial_or_no": (
        "Partly met or not met (Partial or No)",
        "The sources rule out Yes for these indicators but do not say whether the law partly meets "
        "them or not at all. Either way it falls short of the checklist.",
    ),
    "partial": ("Partly met (Partial)", None),
    "yes_or_partial": (
        "Met or partly met (Yes or Partial)",
        "The sources rule out No for these indicators but do not settle whether the law fully meets them.",
    ),
    "not_assessed": (
        "Not yet assessed",
        "The sources read so far do not settle these indicators. This is not a finding that the law "
        "falls short: the questions listed are what must be established first.",
    ),
    "no_data": ("No data", "A source looked for the information and could not find it."),
}


def gaps_markdown(r: GapReport, not_assessed_in_one_line: bool = False) -> str:
    c = r.country
    s = r.summary
    refs = references_for(r.sources)
    who = sentence_name(c.name)
    as_of = long_date(r.as_of)
    body = [
        f"# {prose(c.name)}: gaps in the law on the sexual exploitation of children ({r.year})",
        "",
        prose(f"This brief compares {possessive(who)} law, as of {as_of}, with ECPAT International's legal checklist")
        + " *Key Legal Interventions to Protect Children from Sexual Exploitation in Travel and Tourism* "
        + prose(f"(as encoded by legalcheck, checklist version {r.checklist_version}). For each indicator the law "
                "does not yet meet, it gives the rating and why, the facts established with their sources, what is "
                "still to establish, and the recommended legal intervention. Numbers in square brackets refer to "
                "the references at the end."),
        "",
    ]
    if r.status == "draft":
        body += ["**Draft:** the facts behind this brief have not yet been reviewed.", ""]
    body += [
        f"**At a glance:** of {s.total} indicators, {s.counts['yes']} met (Yes), {s.counts['partial']} partly "
        f"met (Partial), {s.counts['no']} not met (No), "
        + (f"{s.counts['partial_or_no']} Partial or No, " if s.counts.get('partial_or_no') else "")
        + (f"{s.counts['yes_or_partial']} Yes or Partial, " if s.counts.get('yes_or_partial') else "")
        + f"{s.counts['not_assessed']} not yet assessed, {s.counts['no_data']} with no data.",
        "",
    ]
    if len(r.profile_years) > 1:
        body += [years_line(r.profile_years), ""]
    for rating, (heading, intro) in _HEADINGS.items():
        group = r.group(rating)
        if not group or (rating == "not_assessed" and not_assessed_in_one_line):
            continue
        body += [f"## {heading}", ""]
        if intro:
            body += [intro, ""]
        for g in group:
            body += section_lines(section(g, refs, g.known_facts + g.unknown_cited, g.open_questions, g.reported_source, r.year))
    if r.met:
        body += ["## Already met (Yes)", ""]
        for m in r.met:
            marks = " ".join(dict.fromkeys(refs.cite(x) for x in m.citations))
            when = f" (as of {m.from_year})" if m.from_year is not None and m.from_year != r.year else ""
            body.append(f"- {prose(m.title)}{when}" + (f" {marks}" if marks else ""))
        body.append("")
    if not_assessed_in_one_line and r.group("not_assessed"):
        names = "; ".join(prose(g.title) for g in r.group("not_assessed"))
        body += [f"**Not yet assessed** (the sources read so far do not settle them; this is not a finding "
                 f"that the law falls short): {names}.", ""]
    derived = [g.title for g in r.gaps if g.rubric_basis == "derived"
               and not (not_assessed_in_one_line and g.rating == "not_assessed")]
    derived += [m.title for m in r.met if m.rubric_basis == "derived"]
    any_reported = any(g.basis == "reported" for g in r.gaps) or any(m.basis == "reported" for m in r.met)
    return "\n".join(body + closing(body, refs, derived, any_reported, as_of))
