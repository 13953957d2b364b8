"""`legalcheck assess COUNTRY`."""

from __future__ import annotations

from pathlib import Path

import typer

from ..cli import Format, app, console, guard, settings

# --output without --format: the format from the file name; anything else is the table as text.
_SUFFIX_FORMATS = {".json": Format.json, ".md": Format.markdown, ".markdown": Format.markdown}
TEXT_WIDTH = 100  # columns of the table when written to a file
# Names that promise a file assess cannot make: text in them would not open in Excel or Word.
_OTHER_FORMATS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".pdf", ".docx", ".doc", ".odt", ".html", ".htm"}


@app.command()
@guard
def assess(
    country: str = typer.Argument(..., help="Country slug, name or ISO code, any case: nepal, Nepal, NP, NPL, viet-nam, Vietnam."),
    year: int = typer.Option(None, "--year", "-y", help="Profile year (default: the latest)."),
    format: Format = typer.Option(
        None, "--format", "-f", show_default=False,
        help="Output format (default: table; with --output, from the file name: .json, .md, else the table as plain text).",
    ),
    output: Path = typer.Option(
        None, "--output", "-o", show_default=False,
        help="Write to this file instead of the screen. It is written whole or not at all, replaces an existing "
             "file, and is never written inside the checklist/ or countries/ data.",
    ),
    min_rated: int = typer.Option(None, "--min-rated", min=1, help="Give a score only when at least this many indicators are rated Yes, Partial or No (default: half the indicators shown); below it the score is withheld and the coverage shown.", show_default=False),
) -> None:
    """Assess one country: each indicator's rating, the criterion that decided it, and the citations.

    Examples:

      legalcheck assess nepal

      legalcheck assess PH --year 2022 --format json

      legalcheck assess "Viet Nam" --output viet-nam.md

      legalcheck assess NPL -o nepal.txt
    """
    from ..api import assess_country
    from ..errors import UsageError

    if output is not None and output.suffix.lower() in _OTHER_FORMATS:
        raise UsageError(f"{output}: assess writes JSON (.json), Markdown (.md) or plain text (.txt), "
                         f"not {output.suffix} files; choose one of those names")
    if format is None:
        format = _SUFFIX_FORMATS.get(output.suffix.lower(), Format.table) if output else Format.table
    result = assess_country(settings().root, country, year, min_rated=min_rated)
    if output is not None:
        from ..output import write_text_atomic

        written = write_text_atomic(output, _text(result, format), data_root=settings().root)
        typer.echo(f"Wrote {written}", err=True)
    elif format is Format.table:
        from ..render.terminal import render_assessment

        render_assessment(result, console())
    else:
        typer.echo(_text(result, format), nl=False)


def _text(result, format: Format) -> str:
    """The assessment as text in ``format``; the table is plain (no colour), TEXT_WIDTH columns."""
    if format is Format.json:
        from ..render.jsonout import dumps

        return dumps(result)
    if format is Format.markdown:
        from ..render.markdown import assessment_markdown

        return assessment_markdown(result)
    import io

    from rich.console import Console

    from ..render.terminal import render_assessment

    buffer = io.StringIO()
    render_assessment(result, Console(file=buffer, width=TEXT_WIDTH, no_color=True, color_system=None,
                                      highlight=False, soft_wrap=False, force_terminal=False))
    return buffer.getvalue()
