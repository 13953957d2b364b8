"""The words of a country brief, for a reader who signs it: facts as a question and its answer,
citations as numbered references, acronyms spelled out, dates in words, no internal ids.

Plain text, no markup and no Rich: the Markdown brief (``markdown/brief.py``) and any other
document format (HTML, a letter) build on it. Internal ids (fact, source, rule and indicator ids,
enum values such as ``close_in_age``) are data for machines; a brief shows the question, the
answer in words and the publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import RATING_LABELS, rating_label, source_name, values_text
from ..result import CitationOut, FactOut, SourceOut
from .text import source_record

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def long_date(iso: str) -> str:
    """'2022-04-19' -> '19 April 2022'; '2022-04' -> 'April 2022'; anything else as it is."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso or "")
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        return iso
    year, month, day = m.groups()
    if not month:
        return year
    return (f"{int(day)} " if day else "") + f"{MONTHS[int(month) - 1]} {year}"


# Names read with "the" in a sentence ("the Philippines", "the Maldives").
_WITH_THE = {"philippines", "maldives", "republic of korea", "netherlands", "united kingdom", "united states",
             "gambia", "bahamas", "comoros", "seychelles", "solomon islands", "marshall islands",
             "united arab emirates", "czech republic", "central african republic", "dominican republic",
             "democratic republic of the congo", "lao people's democratic republic", "russian federation"}


def sentence_name(name: str) -> str:
    """'Philippines' -> 'the Philippines'; 'Nepal' -> 'Nepal'."""
    if name.lower().startswith("the "):
        return name[0].lower() + name[1:]
    return f"the {name}" if name.lower() in _WITH_THE else name


def capital(text: str) -> str:
    """'the Philippines' law' -> 'The Philippines' law' (at the start of a sentence)."""
    return text[:1].upper() + text[1:]


def possessive(name: str) -> str:
    """'the Philippines' -> "the Philippines'"; 'Nepal' -> "Nepal's"."""
    return name + ("'" if name.endswith("s") else "'s")


def words(value: object) -> str:
    """A fact's value as a reader says it: Yes / No, '16', 'close in age'."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple)):
        return ", ".join(words(v) for v in value) or "none"
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain(text: str | None) -> str:
    """One line of prose: snake_case value names ('close_in_age') read as words ('close in age')."""
    text = " ".join((text or "").split())
    return _SNAKE.sub(lambda m: m.group(0).replace("_", " "), text)


# --------------------------------------------------------------------------- abbreviations

# Acronyms a brief may use, spelled out once in its glossary (only those the brief uses).
ABBREVIATIONS: dict[str, str] = {
    "ASEAN": "Association of Southeast Asian Nations",
    "CRC": "United Nations Convention on the Rights of the Child (1989)",
    "CSAM": "child sexual abuse material",
    "CSAEM": "child sexual abuse or exploitation material",
    "ECPAT": "ECPAT International, the global network to end the sexual exploitation of children",
    "ETJ": "extraterritorial jurisdiction: a State's power to prosecute offences committed abroad",
    "GPI": "ECPAT's Global Progress Indicators",
    "ICT": "information and communication technologies",
    "ILO": "International Labour Organization",
    "INTERPOL": "the International Criminal Police Organization",
    "NCMEC": "National Center for Missing & Exploited Children (United States)",
    "OPIC": "Optional Protocol to the CRC on a communications procedure (2011)",
    "OPSC": "Optional Protocol to the CRC on the sale of children, child prostitution and child pornography (2000)",
    "OSAEC": "online sexual abuse or exploitation of children",
    "SAARC": "South Asian Association for Regional Cooperation",
    "SAIEVAC": "South Asia Initiative to End Violence Against Children",
    "AIPA": "ASEAN Inter-Parliamentary Assembly",
    "SEC": "sexual exploitation of children",
    "UNWTO": "World Tourism Organization (UN Tourism)",
}


def abbreviations_used(text: str) -> list[tuple[str, str]]:
    """The ABBREVIATIONS that occur in ``text`` as words, alphabetically."""
    return [(a, ABBREVIATIONS[a]) for a in sorted(ABBREVIATIONS) if re.search(rf"\b{a}\b", text)]


# --------------------------------------------------------------------------- numbered references


@dataclass
class References:
    """Numbered references in the order first cited; the same citation keeps its number."""

    sources: dict[str, SourceOut]
    entries: list[str] = field(default_factory=list)
    _numbers: dict[tuple, int] = field(default_factory=dict)
    cited_sources: set[str] = field(default_factory=set)

    def _add(self, key: tuple, text: str) -> str:
        if key not in self._numbers:
            self.entries.append(text)
            self._numbers[key] = len(self.entries)
        return f"[{self._numbers[key]}]"

    def source_name(self, source_id: str) -> str:
        """The publication as a sentence names it: its publisher, else its title."""
        src = self.sources.get(source_id)
        return source_name(src) if src is not None else "a source"

    def record(self, source_id: str, title: str | None = None) -> str:
        src = self.sources.get(source_id)
        return plain(source_record(src)) if src is not None else plain(title or "an unnamed source")

    def cite(self, c: CitationOut) -> str:
        """'[3]' for a citation: the law and provision, the publication, where in it, and its words."""
        self.cited_sources.add(c.source)
        key = (c.source, c.instrument, c.provision, c.year, c.locator, c.quote)
        parts = []
        if c.instrument:
            parts.append(plain(c.law()) + ".")
        where = self.record(c.source, c.source_title)
        parts.append(("Source: " if c.instrument else "") + where + (f", {plain(c.locator)}" if c.locator else "") + ".")
        if c.quote:
            parts.append(f"“{plain(c.quote)}”")
        return self._add(key, " ".join(parts))

    def cite_source(self, source_id: str, locator: str | None = None) -> str:
        """'[4]' for a publication as a whole (e.g. the source of a reported rating)."""
        self.cited_sources.add(source_id)
        where = self.record(source_id) + (f", {plain(locator)}" if locator else "")
        return self._add((source_id, None, None, None, locator, None), where + ".")

    def uncited(self) -> list[str]:
        """Records of the sources read but not cited above."""
        return [plain(source_record(s)) for sid, s in self.sources.items() if sid not in self.cited_sources]


# --------------------------------------------------------------------------- one indicator


@dataclass(frozen=True)
class Section:
    """One indicator in words."""

    title: str
    rating_line: str
    earlier: str | None  # why a rating comes from (or is not carried from) an earlier assessment
    why: str
    facts: tuple[tuple[str, str, str, str], ...]  # (question, answer, what the source says, '[n]')
    disagreement: str | None
    questions: tuple[str, ...]
    note: str | None
    recommendation: str | None
    disputed: bool = False  # sources disagree about a fact's value (the disagreement says so)


_REPORTED_BY = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9._-]*)\]")


def _reason(text: str, criterion: str | None, refs: References, marks: dict[str, str]) -> str:
    """The engine's reason, with internal ids put into words."""
    text = " ".join((text or "").split())
    text = re.sub(r" \(Unknown, but not needed for this rating: [^)]*\)", " (Facts still unknown could not change this rating.)", text)
    text = re.sub(r", depending on [^.()]*\.", ", depending on the questions still to establish.", text)
    if criterion:
        text = text.replace(f" ({criterion})", "")
    text = text.replace(" (rules)", "")
    text = text.replace("Not yet assessed: no facts recorded for this indicator.",
                        "No source read so far establishes the facts this indicator asks about.")
    return plain(_sources_named(text, refs, marks))


def _sources_named(text: str, refs: References, marks: dict[str, str]) -> str:
    """'[src-id]' or '(src-id)' or a bare source id -> the publication's name and its reference."""
    def name(sid: str) -> str:
        return f"{refs.source_name(sid)} {marks.get(sid) or refs.cite_source(sid)}"

    text = _REPORTED_BY.sub(lambda m: name(m.group(1)) if m.group(1) in refs.sources else m.group(0), text)
    for sid in sorted(refs.sources, key=len, reverse=True):
        if ("-" in sid or "_" in sid) and sid in text:
            text = re.sub(rf"\((?:see )?{re.escape(sid)}\)", lambda m: f"({name(sid)})", text)
            text = re.sub(rf"(?<![\w/.-]){re.escape(sid)}(?![\w-])", lambda m: name(sid), text)
    return text


def fact_line(f: FactOut, refs: References) -> tuple[str, str, str, str]:
    """('Does any provision criminalise grooming?', 'No', 'What the source says.', '[2]'). Where sources
    disagree about the value: ('...', '15 or 16 (the sources disagree)', 'NCMEC [1] gives 15; Lann Pya [2]
    gives 16. ...', '')."""
    answer = words(f.value) if f.known else "Unknown"
    said = " ".join(plain(_sources_named(x, refs, {})) for x in (f.citation.note if f.citation else None, f.note) if x)
    ref = refs.cite(f.citation) if f.citation is not None else ""
    if f.other_readings and f.citation is not None:
        given = [f"{refs.source_name(f.citation.source)} {ref} gives {words(f.value)}"]
        given += [f"{refs.source_name(r.citation.source)} {refs.cite(r.citation)} gives {words(r.value)}"
                  for r in f.other_readings]
        notes = [plain(_sources_named(r.note, refs, {})) for r in f.other_readings if r.note]
        answer = values_text(f.value, readings=f.other_readings, style=words) + " (the sources disagree)"
        said, ref = " ".join(["; ".join(given) + ".", *([said] if said else []), *notes]), ""
    return plain(f.question), answer, said, ref


def rating_line(rating: str, basis: str, reported_source: str | None, mark: str | None, refs: References) -> str:
    word = rating_label(rating)
    if rating in ("yes_or_partial", "partial_or_no"):  # a range: the sources settle only part of it
        if basis == "reported" and reported_source and mark:
            ruled_out = "Yes" if rating == "partial_or_no" else "No"
            return (f"{word}: {refs.source_name(reported_source)} {mark} rules out {ruled_out} and does "
                    "not say which of the two it is")
        return f"{word}: the facts below narrow it to these two ratings but do not settle which"
    if rating in ("yes", "partial", "no"):
        if basis == "reported":
            if reported_source and mark:
                return f"{word}, as rated by {refs.source_name(reported_source)} {mark} (the source's own rating)"
            return f"{word}, as reported by a source (its own rating, not derived from the facts)"
        return f"{word}, following from the facts below by the checklist's rules"
    if rating == "no_data":
        return f"{word}: a source looked for the information and did not find it"
    return "Not yet assessed"


def assessment_words(text: str) -> str:
    """'the 2022 profile' -> 'the 2022 assessment': a reader of a brief knows assessments, not files."""
    return re.sub(r"\bprofile(s?)\b", r"assessment\1", text)


def section(item, refs: References, facts: tuple[FactOut, ...], questions: tuple[str, ...],
            reported_source: str | None, year: int | None = None) -> Section:
    """``item``: an IndicatorResult or a Gap (both carry title, rating, basis, reason, citations...)."""
    title = item.title + (f" (checklist point {item.point})" if item.point is not None else "")
    # A source's own rating (or what it rules out) is cited where it is stated, with its locator and quote.
    marks = {c.source: refs.cite(c) for c in item.citations if c.fact is None}
    disputed = {f.id for f in facts if f.other_readings}
    for c in item.citations:  # sources that disagree about a fact: named with the citation they give
        if c.fact in disputed and c.source not in marks:
            marks[c.source] = refs.cite(c)
    rl = rating_line(item.rating, item.basis, reported_source, marks.get(reported_source or ""), refs)
    if disputed and item.rating in ("yes_or_partial", "partial_or_no") and item.basis == "derived":
        rl = f"{rating_label(item.rating)}: the sources disagree about the facts below, and their readings together allow these two ratings"
    from_year = getattr(item, "from_year", None)
    if from_year is not None and year is not None and from_year != year:
        rl += f" (as of {from_year})"
    carry = getattr(item, "carry_note", None)
    why = _reason(item.reason, item.criterion, refs, marks)
    fact_lines = tuple(fact_line(f, refs) for f in facts if f.known or f.citation is not None)
    disagreement = _reason(item.disagreement, item.criterion, refs, marks) if item.disagreement else None
    if disagreement and disputed and disagreement in why:  # the reason already names it
        disagreement = None
    if disagreement and reported_source in marks:
        disagreement = disagreement.replace(
            "The source reports", f"{refs.source_name(reported_source)} {marks[reported_source]} reports", 1)
    return Section(
        title=title,
        rating_line=rl,
        earlier=plain(assessment_words(carry)) if carry else None,
        why=why,
        facts=fact_lines,
        disagreement=disagreement,
        questions=tuple(plain(q) for q in questions),
        note=plain(_sources_named(item.notes, refs, marks)) if item.notes else None,
        recommendation=plain(item.recommendation) if item.recommendation else None,
        disputed=bool(disputed),
    )


def method_note(derived_titles: list[str], any_reported: bool) -> list[str]:
    """The note on method: one paragraph each, said once for the whole brief."""
    out = [
        "Each rating follows from the facts established, with their sources, by the rules of the checklist: "
        "a fact no source states is left unknown and is never counted as No. Not yet assessed means the "
        "sources read so far do not settle the indicator; No data means a source looked for the information "
        "and did not find it. The score counts Yes as 1 and Partial as 1/2 over the indicators rated Yes, "
        "Partial or No.",
    ]
    if any_reported:
        out.append("Where the facts recorded do not settle an indicator but a source states its own rating, the "
                   "brief gives that rating and names the source; where the two disagree, both are shown.")
    if derived_titles:
        names = "; ".join(derived_titles)
        out.append("ECPAT International publishes the Yes/Partial/No criteria of most indicators. For the "
                   f"following, the criteria were worked out by the legalcheck project from ECPAT's published "
                   f"ratings and checklist, and are not ECPAT's own: {names}.")
    return out


__all__ = ["RATING_LABELS", "References", "Section", "abbreviations_used", "capital", "long_date", "method_note",
           "plain", "possessive", "section", "sentence_name", "words"]
