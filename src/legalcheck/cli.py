"""The command-line interface: a thin layer that loads, calls the core, and renders.

Each command lives in ``legalcheck/commands/<name>.py`` and registers itself on ``app``; heavy
imports (pydantic, openpyxl) happen inside the commands, so ``legalcheck --help`` stays fast.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

import typer

from . import __version__
from .errors import EXIT_INTERNAL, DataError, LegalcheckError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="legalcheck",
    help=(
        "Assess national legislation against ECPAT's legal checklist on the sexual exploitation of "
        "children. Ratings (Yes / Partial / No / Not assessed / No data) are derived from cited facts "
        "by declarative rules, and every rating says which criterion decided it.\n\n"
        "Examples:\n\n"
        "  legalcheck assess nepal\n\n"
        "  legalcheck assess NPL --year 2022 --format json\n\n"
        "  legalcheck explain grooming\n\n"
        "  legalcheck validate"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ListFormat(str, enum.Enum):
    table = "table"
    json = "json"


@dataclass
class Settings:
    data: Path | None = None
    debug: bool = False

    @property
    def root(self) -> Path:
        from .data import resolve_data_dir

        return resolve_data_dir(self.data)


_settings = Settings()


def settings() -> Settings:
    return _settings


def _version(value: bool) -> None:
    if value:
        typer.echo(f"legalcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    data: Path = typer.Option(
        None,
        "--data",
        envvar="LEGALCHECK_DATA",
        help="An assessment repository with checklist/ and countries/ (default: the bundled data).",
        show_default=False,
    ),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback for internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    _settings.data = data
    _settings.debug = debug


def error(message: str) -> None:
    """Print an error line to stderr (never through Rich, so long paths are not wrapped)."""
    sys.stderr.write(f"error: {message}\n")


def guard(func: F) -> F:
    """Turn domain errors into one clear message and a documented exit code; no tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as e:
            for p in e.problems:
                sys.stderr.write(f"{p}\n")
            error(f"{e.summary} in the data; nothing was assessed (run 'legalcheck validate' to check all files)")
            raise typer.Exit(e.exit_code) from None
        except LegalcheckError as e:
            error(e.message)
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
            if _settings.debug:
                traceback.print_exc()
            error(f"internal error: {type(e).__name__}: {e} (this is a bug in legalcheck; rerun with --debug for details)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def console(stderr: bool = False):
    """A Rich console; honours NO_COLOR, and is plain when output is not a terminal."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM (a closed window, a timeout, `kill`) into a normal exit, so clean-up runs: an
    output file being written leaves no hidden temporary file behind."""
    import signal

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def main() -> None:
    exit_cleanly_on_sigterm()
    # A console or file that cannot show a character (e.g. 'ü' or '●' on a legacy code page) gets
    # a '?' instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and "utf" not in (stream.encoding or "").lower():
            stream.reconfigure(errors="replace")
    app()


# Commands register themselves on `app` when imported.
from .commands import assess as _assess  # noqa: E402,F401
from .commands import checklist as _checklist  # noqa: E402,F401
from .commands import validate as _validate  # noqa: E402,F401
from .commands import countries as _countries  # noqa: E402,F401
from .commands import gaps as _gaps  # noqa: E402,F401
from .commands import diff as _diff  # noqa: E402,F401
from .commands import matrix as _matrix  # noqa: E402,F401
from .commands import report as _report  # noqa: E402,F401
from .commands import export as _export  # noqa: E402,F401
