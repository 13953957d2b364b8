"""`legalcheck validate [PATH ...]`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..cli import ListFormat, app, guard, settings
from ..errors import EXIT_INVALID_DATA, count, problem_lines


@app.command()
@guard
def validate(
    paths: list[Path] = typer.Argument(None, help="Files or directories to check (default: the whole repository).", show_default=False),
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table: one problem per line; json: a list."),
) -> None:
    """Check every checklist rule file and country profile, and report every problem found.

    Problems are printed as file:line:col: field.path: message, with a did-you-mean for misspelt
    keys and ids. Besides the structure of each file it checks cross-references (a profile's facts
    must be declared by the indicator, values must fit their types, rules may only name declared
    facts, cited sources must be listed) and proves each indicator's rubric complete: every
    combination of fact values gives exactly one rating.

    Exit code 0 when all is well, 4 when problems were found.

    Examples:

      legalcheck validate

      legalcheck validate countries/nepal/2022.yaml

      legalcheck --data ~/my-assessments validate
    """
    from ..data import validate_repository

    problems, checked = validate_repository(settings().root, paths or None)
    problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.col or 0, p.field, p.message))
    if format is ListFormat.json:
        import json
        from dataclasses import asdict

        typer.echo(json.dumps({"checked": checked, "problems": [asdict(p) for p in problems]}, indent=2, ensure_ascii=False))
    else:
        for line in problem_lines(problems):
            sys.stderr.write(f"{line}\n")
    if problems:
        n = len(problems)
        sys.stderr.write(f"{count(n, 'problem')} in {count(checked, 'file')} checked\n")
        raise typer.Exit(EXIT_INVALID_DATA)
    if format is ListFormat.table:
        typer.echo(f"OK: {checked} files checked, no problems")
