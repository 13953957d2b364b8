"""`legalcheck questionnaire` (an Excel workbook to fill in) and `legalcheck import` (read it back):
thin commands over ``legalcheck.questionnaire``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..cli import app, guard, settings


@app.command()
@guard
def questionnaire(
    country: str = typer.Argument(..., help="Country slug, name or ISO code; a name without a profile starts a new country."),
    xlsx: Path = typer.Option(..., "--xlsx", "-o", help="The workbook to write (.xlsx).", show_default=False),
    year: int = typer.Option(None, "--year", help="The year the answers describe (default: the latest profile's year; this year for a new country).", show_default=False),
    new: bool = typer.Option(False, "--new", help="Start a new country even though the name is close to an existing one."),
) -> None:
    """Write an Excel questionnaire to fill in and import: a row per fact with its question, the
    allowed answers as a drop-down, the current answer and its citation (source, law, provision,
    quote); the sources; the ratings sources report; the country's name and codes. Only the answer
    cells can be edited. For a year without a profile the answers are filled from the nearest
    earlier one; for a country without a profile they start as unknown.

    Examples:

      legalcheck questionnaire nepal --xlsx nepal-2022.xlsx

      legalcheck questionnaire nepal --year 2025 --xlsx nepal-2025.xlsx

      legalcheck --data ~/our-assessments questionnaire Kenya --year 2024 --xlsx kenya-2024.xlsx
    """
    from ..output import write_atomic
    from ..questionnaire.prepare import prepare
    from ..questionnaire.workbook import write_questionnaire

    root = settings().root
    q = prepare(root, country, year, new=new)
    write_atomic(xlsx, lambda tmp: write_questionnaire(q, tmp), data_root=root)
    origin = (f"answers from the {q.based_on} profile" if q.based_on is not None else "a new country: every answer unknown")
    typer.echo(f"Wrote {xlsx}: questionnaire for {q.country.get('name') or q.slug}, {q.year} ({origin}).")
    typer.echo(f"Fill in the shaded cells, then: legalcheck import {xlsx} --dry-run")


@app.command("import")
@guard
def import_(
    file: Path = typer.Argument(..., help="A filled questionnaire (.xlsx) made by 'legalcheck questionnaire'.", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check everything and show the rating changes; write nothing."),
    force: bool = typer.Option(False, "--force", help="Import even though the profile changed after the questionnaire was made (the questionnaire's answers win)."),
) -> None:
    """Read a filled questionnaire back into the country's profile (countries/<slug>/YEAR.yaml).

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
    from ..data import load_checklist
    from ..errors import EXIT_INVALID_DATA, count
    from ..questionnaire.apply import import_questionnaire, rating_changes, write_import
    from ..render.style import label

    root = settings().root
    result = import_questionnaire(root, file, load_checklist(root), force=force)
    if result.problems:
        for p in result.problems:
            sys.stderr.write(f"{p}\n")
        sys.stderr.write(f"error: {count(len(result.problems), 'problem')} in {file}; nothing was written\n")
        raise typer.Exit(EXIT_INVALID_DATA)
    changes = rating_changes(result)
    if result.old is None:
        typer.echo(f"Ratings of the new profile:")
    elif changes:
        typer.echo(f"Rating changes (against the {result.based_on} profile):")
    for indicator, before, after in changes:
        typer.echo(f"  {indicator}: {after_text(before, after, result.old is None, label)}")
    if result.old is not None and not changes:
        typer.echo("No rating changes.")
    if not result.changed:
        typer.echo(f"{result.target} already says this; nothing was written.")
        return
    if not result.comments_kept:
        sys.stderr.write(f"warning: the layout of {result.target} could not be edited in place: it is rewritten whole, without its comments\n")
    verb = "create" if result.created else "update"
    if dry_run:
        typer.echo(f"Dry run: would {verb} {result.target}; nothing was written.")
        return
    write_import(result)
    typer.echo(f"{'Created' if result.created else 'Updated'} {result.target}. Check it with: legalcheck validate")


def after_text(before: str, after: str, new: bool, label) -> str:
    return label(after) if new else f"{label(before)} → {label(after)}"
