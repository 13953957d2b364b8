"""The command-line interface: the ``legalcheck`` app, its global options, and its commands.

Each command is a plain function in ``legalcheck/commands/<name>.py`` (parse arguments → call the
``Repository`` → hand the result to a renderer); this module, the top floor, registers them on
``app``. Heavy imports (pydantic, openpyxl) happen inside the commands, so ``legalcheck --help``
stays fast.
"""

import gc
import sys
from pathlib import Path

import typer

from . import __version__
from .commands import (assess, checklist, countries, diff, export, gaps, matrix, new_year, questionnaire, report,
                       scaffold, validate, words)
from .commands.common import settings

words.install()  # help and argument errors in plain words (no Python types, no pydantic messages)

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
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"legalcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    data: Path = typer.Option(
        None,
        "--data",
        # No envvar= here: commands.common.repository() reads $LEGALCHECK_DATA itself, and so can
        # name it in an error (with Typer reading it too, a bad value was blamed on --data).
        help="An assessment repository with checklist/ and countries/ (default: $LEGALCHECK_DATA if set, "
             "else the bundled data).",
        show_default=False,
    ),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback for internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    settings.data = data
    settings.debug = debug


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM (a timeout, `kill`) and SIGHUP (a closed terminal window or SSH session) into a normal exit, so clean-up runs: an
    output file being written leaves no hidden temporary file behind."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda signum, frame: sys.exit(128 + signum))


def main() -> None:
    exit_cleanly_on_sigterm()
    # A run builds many small objects that live to its end (the modules a command loads, parsed
    # files, profiles, assessments), and none in cycles of its own: with Python's default thresholds
    # the cyclic collector walks them over and over (a fifth of a 1,000-file validate). Collect less
    # often, never the start-up's. Set here, not when this module is imported: importing
    # legalcheck.cli (a test, a program that embeds ``app``) must not change its process's collector;
    # the ``legalcheck`` command and ``python -m legalcheck`` (``__main__.main``) set the same
    # thresholds before importing anything, which spares the import some 3 ms.
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    # A console or file that cannot show a character (e.g. 'ü' or '●' on a legacy code page) gets
    # a '?' instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and "utf" not in (stream.encoding or "").lower():
            stream.reconfigure(errors="replace")
    app()


# The commands, in the order `legalcheck --help` lists them.
COMMANDS = {
    "assess": assess.assess,
    "checklist": checklist.checklist,
    "explain": checklist.explain,
    "validate": validate.validate,
    "countries": countries.countries,
    "gaps": gaps.gaps,
    "diff": diff.diff,
    "new-year": new_year.new_year,
    "init": scaffold.init,
    "new-country": scaffold.new_country,
    "questionnaire": questionnaire.questionnaire,
    "import": questionnaire.import_,
    "schema": scaffold.schema,
    "matrix": matrix.matrix,
    "summary": matrix.summary,
    "regions": matrix.regions,
    "report": report.report,
    "export": export.export,
}
for _name, _command in COMMANDS.items():
    app.command(_name, help=words.reflow(_command.__doc__))(_command)
