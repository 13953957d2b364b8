"""What every command shares: the repository chosen by ``--data``, turning library errors into one
clear line and an exit code, ``--format`` choices from the renderer registry, and ``--output``.

The floor below the commands: it imports the library and the renderer registry, never ``cli``.
Heavy modules (pydantic, openpyxl, Rich tables) are imported only when a command runs.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import typer

from ..errors import EXIT_INTERNAL, DataError, LegalcheckError, UsageError, escape_control, problem_lines
from ..output import output_path
from ..render import FOREIGN_SUFFIXES, FORMATS, formats

if TYPE_CHECKING:
    from ..repository import Repository

F = TypeVar("F", bound=Callable[..., Any])

ENV_VAR = "LEGALCHECK_DATA"


# --------------------------------------------------------------------------- the repository


@dataclass
class Settings:
    data: Path | None = None
    debug: bool = False


settings = Settings()


def repository() -> Repository:
    """The repository named by ``--data``, else ``$LEGALCHECK_DATA``, else the bundled data."""
    from ..repository import Repository

    from .progress import reporter

    chosen = settings.data or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    try:
        repo = Repository(chosen) if chosen is not None else Repository()
    except UsageError as e:
        origin = "--data" if settings.data else f"${ENV_VAR}"
        raise UsageError(f"{origin} {e.message}") from None
    repo.progress = reporter()  # a bar on stderr for long work, only on a terminal
    return repo


# --------------------------------------------------------------------------- errors

# What the command line adds to a library error's hint (errors.LegalcheckError.hint).
HINTS = {
    "countries": ". Run 'legalcheck countries' to list them.",
    "regions": ". Run 'legalcheck regions' to list them.",
    "indicators": ". Run 'legalcheck checklist' to list them.",
    "no-regions": ", or list the countries with --countries",
    "shared-name": " (and run 'legalcheck validate' to find the shared name or code)",
    "matrix-members": " (--countries nepal,india,...)",
    "never-overwrites": "; new-year never overwrites one",
    "new-country": ("; to start a country that has no profile yet: legalcheck new-country NAME --iso2 XX --iso3 XXX "
                    "--year YEAR, or fill in an Excel questionnaire: legalcheck questionnaire NAME --year YEAR --xlsx FILE"),
    "new-year": "; to start another year of it: legalcheck new-year COUNTRY YEAR",
    "init": ": legalcheck init DIR, then --data DIR",
    "slug": " with --slug",
    "new": "; to start a new country of that name, add --new",
    "questionnaire": " (legalcheck questionnaire COUNTRY --year YEAR --xlsx FILE)",
    "force": " (add --force)",
}


def error(message: str) -> None:
    """Print an error line to stderr (never through Rich, so long paths are not wrapped)."""
    sys.stderr.write(f"error: {escape_control(message)}\n")


def say(message: str, err: bool = False) -> None:
    """A message line (e.g. 'Wrote FILE: questionnaire for NAME'): what it repeats from the command
    line or the data is shown escaped, never as terminal control."""
    typer.echo(escape_control(message), err=err)


def guard(func: F) -> F:
    """Turn domain errors into one clear message and a documented exit code; no tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as e:
            for line in problem_lines(e.problems):
                sys.stderr.write(f"{line}\n")
            error(f"{e.summary} in the data; nothing was assessed (run 'legalcheck validate' to check all files)")
            raise typer.Exit(e.exit_code) from None
        except LegalcheckError as e:
            error(e.message + HINTS.get(e.hint or "", ""))
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            error("interrupted")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly.
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            except OSError:
                pass
            raise typer.Exit(0) from None
        except Exception as e:  # a bug: say so plainly, traceback only on request
            if settings.debug:
                traceback.print_exc()
            error(f"internal error: {type(e).__name__}: {e} (this is a bug in legalcheck; rerun with --debug for details)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def console(stderr: bool = False):
    """A Rich console; honours NO_COLOR, is plain when output is not a terminal, and never reads data as markup."""
    from ..render.safety import make_console

    return make_console(stderr=stderr)


# --------------------------------------------------------------------------- --format and --output


def format_choices(name: str, *result_types: str, exclude: tuple[str, ...] = ()) -> type[enum.Enum]:
    """The ``--format`` choices of a command: the formats registered for all its result types."""
    names = [f for f in formats(*result_types) if f not in exclude]
    return enum.Enum(name, {f: f for f in names}, type=str)  # type: ignore[return-value]


def format_option() -> Any:
    """``--format``; its choices are the parameter's enum type (the help lists them); no default,
    so --output can decide."""
    return typer.Option(
        None, "--format", "-f", show_default=False,
        help="Output format (default: table; with --output, from the file name).",
    )


OUTPUT_HELP = ("Write to this file instead of the screen; the format follows the file name (.json, .md, ...; "
               "any other name: the table as plain text). It is written whole or not at all, replaces an "
               "existing file, and is never written inside the checklist/ or countries/ data.")


def output_option() -> Any:
    return typer.Option(None, "--output", "-o", show_default=False, help=OUTPUT_HELP, parser=output_path)


def min_rated_option() -> Any:
    return typer.Option(
        None, "--min-rated", min=1, show_default=False,
        help="Give a score only when at least this many indicators are rated Yes, Partial or No (default: half "
             "the indicators shown); below it the score is withheld and what it would rest on is shown.",
    )


def _names(choices: list[str]) -> str:
    items = [f"{FORMATS[c].words} ({FORMATS[c].suffixes[0]})" for c in FORMATS if c in choices]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _needs_file(format: str) -> UsageError:
    """A file format (Excel) asked for without --output: the one message for it."""
    return UsageError(f"{FORMATS[format].words} output is a file: give --output FILE{FORMATS[format].suffixes[0]}")


def output_format(command: str, format: Any, output: Path | None, choices: type[enum.Enum],
                  option: str = "--output", data_root: Path | None = None) -> str:
    """The format to render in, after checking ``output`` (if any) can be written and fits it.

    One check for every command and for ``--xlsx``: the target must be a writable file outside the
    data; a name that says a format (.json, .xlsx, .pdf) must be one the command writes, and an
    Excel workbook needs a .xlsx name (text is never written under one).
    """
    allowed = [c.value for c in choices]  # type: ignore[attr-defined]
    chosen = format.value if isinstance(format, enum.Enum) else format
    if output is None:
        if chosen is not None and FORMATS[chosen].kind == "file":
            raise _needs_file(chosen)
        return chosen or "table"
    from ..output import check_target

    check_target(output, data_root)
    suffix = output.suffix.lower()
    named = next((f.name for f in FORMATS.values() if suffix in f.suffixes), None)
    if option != "--output":  # e.g. --xlsx: the option names the format
        if suffix not in FORMATS[chosen].suffixes:
            raise UsageError(f"{option} {output}: give a file name ending in {FORMATS[chosen].suffixes[0]}")
        return chosen
    if suffix in FOREIGN_SUFFIXES or (named is not None and named not in allowed):
        raise UsageError(f"{output}: {command} writes {_names(allowed)}, not {suffix} files; choose one of those names")
    if chosen is None:
        return named or "table"
    if (chosen == "xlsx") != (named == "xlsx"):
        raise UsageError(f"{output}: an Excel workbook needs a name ending in .xlsx, and only a workbook may have one")
    return chosen


def show(result: Any, format: str, output: Path | None = None, data_root: Path | None = None,
         **options: Any) -> Path | None:
    """Render ``result`` in ``format`` to the screen, or write it to ``output`` (atomically).

    Returns the path written, or None when printed. ``options`` go to the renderers that take them.
    """
    from ..render import call, renderer

    fn = renderer(result, format)
    kind = FORMATS[format].kind
    if kind == "directory" and output is None:
        raise UsageError(f"a {FORMATS[format].words} is a directory of files: give the directory to write it into")
    if output is None:
        if kind not in ("console", "text"):
            raise _needs_file(format)
        try:
            if kind == "console":
                call(fn, result, console(), **options)
            else:
                from ..render import pieces

                for piece in pieces(result, format, **options):  # a large text is never held whole
                    typer.echo(piece, nl=False)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): guard stops quietly
        except OSError as e:  # e.g. standard output sent to a full disk
            from ..errors import OutputError

            why = (e.strerror or "unknown reason").lower()
            raise OutputError(f"could not write to standard output ({why})") from None
        return None
    from ..render import write

    return write(result, format, output, data_root=data_root, **options)


def check_directory(format: str, output: Path, data_root: Path | None = None) -> None:
    """Before the work: the directory a directory format (``html``, ``datapackage``) will replace
    must be new, empty, or an earlier one of the same kind."""
    from ..output import check_tree_target

    check_tree_target(output, FORMATS[format].signature, FORMATS[format].words, data_root)


def announce(written: Path | None) -> None:
    """'Wrote FILE' on stderr, so stdout stays clean for a pipe."""
    if written is not None:
        say(f"Wrote {written}", err=True)


def split(value: str | None) -> list[str]:
    """'nepal, india,' -> ['nepal', 'india']."""
    return [x.strip() for x in value.split(",") if x.strip()] if value else []
