"""`legalcheck init`, `legalcheck new-country` and `legalcheck schema`: thin commands over
``legalcheck.scaffold`` and ``legalcheck.profile_schema``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from ..cli import app, guard, settings


@app.command()
@guard
def init(
    directory: Path = typer.Argument(..., help="The new repository's directory (new, or empty).", show_default=False),
) -> None:
    """Make a new assessment repository: the checklist, the regions file, a countries/ folder, the
    profile schema for editors, a short README and a .gitignore. Every command then works on it with
    --data DIR.

    Examples:

      legalcheck init ~/our-assessments

      legalcheck --data ~/our-assessments new-country Kenya --iso2 KE --iso3 KEN --year 2024
    """
    from ..data import load_checklist
    from ..scaffold import init_repository

    root = settings().root
    written = init_repository(directory, root, load_checklist(root))
    typer.echo(f"Created the assessment repository {directory} ({len(written)} files).")
    typer.echo(f"Next: legalcheck --data {directory} questionnaire COUNTRY --year YEAR --xlsx FILE "
               f"(Excel), or legalcheck --data {directory} new-country NAME --iso2 XX --iso3 XXX (YAML).")


@app.command("new-country")
@guard
def new_country(
    name: str = typer.Argument(..., help="The country's name, e.g. Kenya or \"Côte d'Ivoire\"."),
    iso2: str = typer.Option(..., "--iso2", help="ISO 3166 alpha-2 code, e.g. KE.", show_default=False),
    iso3: str = typer.Option(..., "--iso3", help="ISO 3166 alpha-3 code, e.g. KEN.", show_default=False),
    year: int = typer.Option(None, "--year", help="The profile's year (default: this year).", show_default=False),
    as_of: str = typer.Option(None, "--as-of", help="The date the information describes the law at, YYYY-MM-DD (default: YEAR-01-01).", show_default=False),
    slug: str = typer.Option(None, "--slug", help="The folder name under countries/ (default: made from NAME, e.g. cote-d-ivoire).", show_default=False),
) -> None:
    """Start a country: write countries/<slug>/YEAR.yaml, a draft profile in which every indicator's
    facts are listed with their question and allowed values as comments, all unknown, so that
    'legalcheck validate' accepts it as it is. Refuses a country that already exists (use new-year).

    Examples:

      legalcheck new-country Kenya --iso2 KE --iso3 KEN --year 2024

      legalcheck --data ~/our-assessments new-country "Côte d'Ivoire" --iso2 CI --iso3 CIV
    """
    from ..data import load_checklist
    from ..scaffold import new_country_args, write_new_profile

    root = settings().root
    args = new_country_args(name, iso2, iso3, year, as_of, slug)
    target, schema = write_new_profile(root, load_checklist(root), args)
    typer.echo(f"Created {target}: a draft profile of {args.name} for {args.year}, every fact unknown.")
    if schema is not None:
        typer.echo(f"Wrote {schema} so that editors complete and check the profile.")
    typer.echo("Fill in the facts a source states (each with a citation), then run 'legalcheck validate'.")


class SchemaFormat(str, enum.Enum):
    json = "json"
    markdown = "markdown"


@app.command()
@guard
def schema(
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of the screen.", show_default=False),
    format: SchemaFormat = typer.Option(SchemaFormat.json, "--format", "-f", help="json: the JSON Schema; markdown: the field reference for people."),
) -> None:
    """Print the JSON Schema (draft 2020-12) of a country profile, generated from the checklist:
    every field, each indicator's facts with their types, allowed values and ranges, and the
    questions as descriptions. Editors use it to complete and check profiles as they are typed;
    'legalcheck validate' remains the full check.

    Examples:

      legalcheck schema -o profile.schema.json

      legalcheck schema --format markdown -o docs/field-reference.md
    """
    from ..data import load_checklist
    from ..profile_schema import field_reference_markdown, schema_text

    root = settings().root
    checklist = load_checklist(root)
    text = schema_text(checklist) if format is SchemaFormat.json else field_reference_markdown(checklist)
    if output is None:
        typer.echo(text, nl=False)
        return
    from ..output import write_text_atomic

    write_text_atomic(output, text, data_root=root)
    sys.stderr.write(f"wrote {output}\n")
