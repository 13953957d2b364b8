"""`legalcheck init`, `legalcheck new-country` and `legalcheck schema`."""

from pathlib import Path

import typer

from .common import announce, format_choices, guard, output_format, output_option, repository, say, show

SchemaFormat = format_choices("SchemaFormat", "ProfileSchema")


@guard
def init(
    directory: Path = typer.Argument(..., help="The new repository's directory (new, or empty).", show_default=False),
) -> None:
    """Make a new assessment repository of your own, to work in with --data DIR.

    It holds the checklist, the regions file, an empty countries/ folder, the profile schema for
    editors, a short README and a .gitignore.

    Examples:

      legalcheck init ~/our-assessments

      legalcheck --data ~/our-assessments questionnaire Kenya --year 2024 --xlsx kenya-2024.xlsx
    """
    created = repository().new_repository(directory)
    files = sum(1 for p in created.root.rglob("*") if p.is_file())
    say(f"Created the assessment repository {directory} ({files} files).")
    say(f"Next: legalcheck --data {directory} questionnaire COUNTRY --year YEAR --xlsx FILE "
               f"(Excel), or legalcheck --data {directory} new-country NAME --iso2 XX --iso3 XXX (YAML).")


@guard
def new_country(
    name: str = typer.Argument(..., help="The country's name, e.g. Kenya or \"Côte d'Ivoire\"."),
    iso2: str = typer.Option(..., "--iso2", help="ISO 3166 alpha-2 code, e.g. KE.", show_default=False),
    iso3: str = typer.Option(..., "--iso3", help="ISO 3166 alpha-3 code, e.g. KEN.", show_default=False),
    year: int = typer.Option(None, "--year", help="The profile's year (default: this year).", show_default=False),
    as_of: str = typer.Option(None, "--as-of", help="The date the information describes the law at, YYYY-MM-DD (default: YEAR-01-01).", show_default=False),
    slug: str = typer.Option(None, "--slug", help="The folder name under countries/ (default: made from NAME, e.g. cote-d-ivoire).", show_default=False),
) -> None:
    """Start a country with no profile yet: a draft profile listing every fact, all unknown.

    Writes countries/<slug>/YEAR.yaml, in which every indicator's facts are listed with their
    question and allowed values as comments, all unknown, so that 'legalcheck validate' accepts it
    as it is. Refuses a country that already exists (use new-year).

    Examples:

      legalcheck new-country Kenya --iso2 KE --iso3 KEN --year 2024

      legalcheck --data ~/our-assessments new-country "Côte d'Ivoire" --iso2 CI --iso3 CIV
    """
    made = repository().new_country(name, iso2, iso3, year, as_of, slug)
    say(f"Created {made.path}: a draft profile of {made.name} for {made.year}, every fact unknown.")
    if made.schema is not None:
        say(f"Wrote {made.schema} so that editors complete and check the profile.")
    say("Fill in the facts a source states (each with a citation), then run 'legalcheck validate'.")


@guard
def schema(
    format: SchemaFormat = typer.Option(None, "--format", "-f", show_default=False,  # type: ignore[valid-type]
                                        help="json: the JSON Schema (default); markdown: the field reference for people."),
    output: Path = output_option(),
) -> None:
    """The JSON Schema of a country profile, for editors (or, as Markdown, the field reference).

    The schema (draft 2020-12) is generated from the checklist: every field, each indicator's facts
    with their types, allowed values and ranges, and the questions as descriptions. Editors use it to complete and check profiles as they are typed;
    'legalcheck validate' remains the full check. --format markdown gives the field reference.

    Examples:

      legalcheck schema -o profile.schema.json

      legalcheck schema --format markdown -o docs/field-reference.md
    """
    repo = repository()
    fmt = output_format("schema", format, output, SchemaFormat, data_root=repo.root)
    announce(show(repo.profile_schema(), "json" if fmt == "table" else fmt, output, data_root=repo.root))
