"""A country's gaps in Markdown: a brief for advocates, with headings and citations."""

from __future__ import annotations

from ...coverage import Gap, GapReport
from ...result import CitationOut
from ..text import as_of, badge, citation_line, label, profile_years_text
from . import cell, source_item

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


def _flat(text: str | None) -> str:
    return cell(text)


def _rating_line(g: Gap, year: int | None = None) -> str:
    """'○ No, derived from the cited facts (rubric published by ECPAT)'; a source's own rating is not
    described by legalcheck's rubric, so it gets no rubric note."""
    if g.basis == "reported" and g.rating in ("yes_or_partial", "partial_or_no"):
        ruled = " and ".join(label(r) for r in g.excluded_ratings)
        return f"{badge(g.rating)}{as_of(g.from_year, year)}: the source rules out {ruled} and does not say which of the two it is"
    if g.basis == "reported":
        return f"{badge(g.rating)}{as_of(g.from_year, year)}, as reported by the source (its own rating, not derived from facts)"
    rubric = "rubric published by ECPAT" if g.rubric_basis == "published" else "rubric derived by legalcheck, not published by ECPAT"
    how = ", derived from the cited facts" if g.rating in ("yes", "partial", "no", "yes_or_partial", "partial_or_no") else ""
    return f"{badge(g.rating)}{as_of(g.from_year, year)}{how} ({rubric})"


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "none"
    return str(v)


def evidence_line(c: CitationOut, values: dict[str, object], ruled_out: tuple[str, ...] = ()) -> str:
    """'age = 15: The age of sexual consent is 15 ... — Penal Code, s. 2 [source, locator]'."""
    if c.fact is None:
        head = ("The source rules out " + " and ".join(label(r) for r in ruled_out)) if ruled_out else "Reported rating"
    else:
        head = f"{c.fact} = {_value(values[c.fact])}" if c.fact in values else f"{c.fact} (unknown)"
    text = head + (f": {c.note}" if c.note else "")
    if c.instrument:
        text += f" — {c.law()}"
    where = c.source + (f", {c.locator}" if c.locator else "")
    return _flat(f"{text} [{where}]")


def _gap_section(g: Gap, year: int | None = None) -> list[str]:
    title = cell(g.title) + (f" (checklist point {g.point})" if g.point is not None else "")
    out = [f"### {title}", "", f"- **Rating:** {_rating_line(g, year)}", f"- **Why:** {_flat(g.reason)}"]
    if g.carry_note:
        out.append(f"- **Earlier profiles:** {_flat(g.carry_note)}")
    if g.disagreement:
        out.append(f"- **⚠ The source and the facts disagree:** {_flat(g.disagreement)}")
    if g.open_questions:
        out.append("- **Still to establish:**")
        out += [f"  - {_flat(q)}" for q in g.open_questions]
    if g.citations:
        values = {f.id: f.value for f in g.known_facts}
        out.append("- **Evidence:**")
        out += [f"  - {evidence_line(c, values, g.excluded_ratings)}" for c in g.citations]
    if g.notes:
        out.append(f"- **Note:** {_flat(g.notes)}")
    out += [f"- **Recommended legal intervention:** {_flat(g.recommendation)}", ""]
    return out


def gaps_markdown(r: GapReport) -> str:
    c = r.country
    s = r.summary
    out = [
        f"# {cell(c.name)}: gaps in the law on the sexual exploitation of children ({r.year})",
        "",
        f"Country brief against ECPAT International's legal checklist *Key Legal Interventions to Protect "
        f"Children from Sexual Exploitation in Travel and Tourism*, as encoded by legalcheck (checklist "
        f"version {r.checklist_version}). Law as of **{r.as_of}**.",
        "",
        f"**At a glance:** of {s.total} indicators, {s.counts['yes']} met (Yes), {s.counts['partial']} partly "
        f"met (Partial), {s.counts['no']} not met (No), "
        + (f"{s.counts['partial_or_no']} Partial or No, " if s.counts['partial_or_no'] else "")
        + (f"{s.counts['yes_or_partial']} Yes or Partial, " if s.counts['yes_or_partial'] else "")
        + f"{s.counts['not_assessed']} not yet assessed, {s.counts['no_data']} with no data.",
        "",
    ]
    years = profile_years_text(r.profile_years)
    if years:
        out += [years, ""]
    for rating, (heading, intro) in _HEADINGS.items():
        group = r.group(rating)
        if not group:
            continue
        out += [f"## {heading}", ""]
        if intro:
            out += [intro, ""]
        for g in group:
            out += _gap_section(g, r.year)
    if r.met:
        out += ["## Already met (Yes)", ""]
        for m in r.met:
            evidence = "; ".join(_flat(citation_line(x)) for x in m.citations)
            out.append(f"- {cell(m.title)}{as_of(m.from_year, r.year)}" + (f" — {evidence}" if evidence else ""))
        out.append("")
    out += ["## Sources", ""]
    out += [source_item(src) for src in r.sources]
    if not r.sources:
        out.append("- None: no source read for this profile states any fact.")
    out += [
        "",
        "---",
        "",
        f"_Laws may have changed since {r.as_of}. A rating derived by legalcheck follows from the cited facts "
        "by the checklist's rules; a reported rating is a source's own. Unknown facts are never counted as No._",
        "",
    ]
    return "\n".join(out)
