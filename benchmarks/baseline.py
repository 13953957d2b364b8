"""The floor the stack imposes: a minimal Typer app that prints a two-row Rich table.

legalcheck's benchmark times every command as a ratio to this script, run the same way (a fresh
process of the same Python, same environment). ``python benchmarks/baseline.py show``.
"""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def show() -> None:
    """Print a two-row table."""
    table = Table(title="Baseline")
    table.add_column("Indicator")
    table.add_column("Rating")
    table.add_row("Grooming", "Yes")
    table.add_row("Extradition", "No")
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so Typer builds a command group as legalcheck does."""


if __name__ == "__main__":
    app()
