"""`legalcheck validate [PATH ...]`."""

import sys
from pathlib import Path

import typer

from ..errors import EXIT_INVALID_DATA, UsageError, count
from .common import announce, console, format_choices, guard, output_format, output_option, repository, show

ValidateFormat = format_choices("ValidateFormat", "Validation")


@guard
def validate(
    paths: list[Path] = typer.Argument(None, help="Files or directories to check (default: the whole repository).", show_default=False),
    format: ValidateFormat = typer.Option(None, "--format", "-f", show_default=False,
                                          help="table: one problem per line (default); json: a list."),
    output: Path = output_option(),
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
    repo = repository()
    fmt = output_format("validate", format, output, ValidateFormat, data_root=repo.root)
    missing = [str(p) for p in paths or () if not p.exists()]
    if missing:  # a mistyped path is a usage problem (exit 2), not bad data (exit 4)
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    result = repo.validate(paths or None)
    if fmt == "table" and output is None:
        # Problems go to stderr, one unwrapped line each; "OK" to stdout.
        from ..render.terminal.validation import render_validation

        render_validation(result, console(stderr=not result.ok))
    else:
        announce(show(result, fmt, output, data_root=repo.root))
    if not result.ok:
        sys.stderr.write(f"{count(len(result.problems), 'problem')} in {count(result.checked, 'file')} checked\n")
        raise typer.Exit(EXIT_INVALID_DATA)
