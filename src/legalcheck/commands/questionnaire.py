"""`legalcheck questionnaire` (an Excel workbook to fill in) and `legalcheck import` (read it back)."""

import sys
from pathlib import Path

import typer

from ..output import output_path
from .common import error, format_choices, guard, output_format, repository, say, show

QuestionnaireFormat = format_choices("QuestionnaireFormat", "Questionnaire")


@guard
def questionnaire(
    country: str = typer.Argument(..., help="Country slug, name or ISO code; a name without a profile starts a new country."),
    xlsx: Path = typer.Option(..., "--xlsx", "-o", parser=output_path, help="The workbook to write (.xlsx).", show_default=False),
    year: int = typer.Option(None, "--year", help="The year the answers describe (default: the latest profile's year; this year for a new country).", show_default=False),
    new: bool = typer.Option(False, "--new", help="Start a new country even though the name is close to an existing one."),
) -> None:
    """Write an Excel questionnaire to fill in, then read back with 'legalcheck import'.

    A row per fact with its question, the allowed answers as a drop-down, the current answer and its citation (source, law, provision,
    quote); the sources; the ratings sources report; the country's name and codes. Only the answer
    cells can be edited. For a year without a profile the answers are filled from the nearest
    earlier one; for a country without a profile they start as unknown.

    Examples:

      legalcheck questionnaire nepal --xlsx nepal-2022.xlsx

      legalcheck questionnaire nepal --year 2025 --xlsx nepal-2025.xlsx

      legalcheck --data ~/our-assessments questionnaire Kenya --year 2024 --xlsx kenya-2024.xlsx
    """
    repo = repository()
    fmt = output_format("questionnaire", "xlsx", xlsx, QuestionnaireFormat, option="--xlsx", data_root=repo.root)
    q = repo.questionnaire(country, year, new=new)
    show(q, fmt, xlsx, data_root=repo.root)
    origin = (f"answers from the {q.based_on} profile" if q.based_on is not None else "a new country: every answer unknown")
    say(f"Wrote {xlsx}: questionnaire for {q.country.get('name') or q.slug}, {q.year} ({origin}).")
    say(f"Fill in the shaded cells, then: legalcheck import {xlsx} --dry-run")


@guard
def import_(
    file: Path = typer.Argument(..., help="A filled questionnaire (.xlsx) made by 'legalcheck questionnaire'.", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check everything and show the rating changes; write nothing."),
    force: bool = typer.Option(False, "--force", help="Import even though the profile changed after the questionnaire was made (the questionnaire's answers win)."),
) -> None:
    """Read a filled questionnaire back into the country's profile.

    Writes countries/<slug>/YEAR.yaml.

    Every answer is checked as 'legalcheck validate' checks a profile; each problem is listed as
    Sheet!Cell: message, all at once, and nothing is written until there are none. An existing
    profile keeps its comments and every line whose answer did not change. Prints the ratings the
    import changes. A questionnaire made for another checklist version is refused, and so is one
    whose profile changed after it was made (its answers would undo those changes) unless --force.

    Exit code 0 when imported (or, with --dry-run, importable), 4 when the answers have problems.

    Examples:

      legalcheck import kenya-2024.xlsx --dry-run

      legalcheck --data ~/our-assessments import kenya-2024.xlsx
    """
    from ..errors import EXIT_INVALID_DATA, count, problem_lines
    from ..questionnaire.apply import rating_changes
    from ..render.text import label

    repo = repository()
    result = repo.read_questionnaire(file, force=force)
    if result.problems:
        for line in problem_lines(result.problems, within=str(file)):
            sys.stderr.write(f"{line}\n")
        error(f"{count(len(result.problems), 'problem')} in {file}; nothing was written")
        raise typer.Exit(EXIT_INVALID_DATA)
    changes = rating_changes(result)
    lines = []  # printed after the write, so a failed write prints only its error (stdout stays empty)
    if result.old is None:
        lines.append("Ratings of the new profile:")
    elif changes:
        lines.append(f"Rating changes (against the {result.based_on} profile):")
    for indicator, before, after in changes:
        lines.append(f"  {indicator}: {label(after) if result.old is None else f'{label(before)} → {label(after)}'}")
    if result.old is not None and not changes:
        lines.append("No rating changes.")
    if not result.changed:
        lines.append(f"{result.target} already says this; nothing was written.")
    elif dry_run:
        lines.append(f"Dry run: would {'create' if result.created else 'update'} {result.target}; nothing was written.")
    else:
        repo.save_import(result)
    if result.changed and not result.comments_kept:
        say(f"warning: the layout of {result.target} could not be edited in place: it is rewritten whole, without its comments", err=True)
    for line in lines:
        say(line)
    if not result.changed or dry_run:
        return
    say(f"{'Created' if result.created else 'Updated'} {result.target}. Check it with: legalcheck validate")
