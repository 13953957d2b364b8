"""The floor the stack imposes: a minimal Typer app that prints a 14-row Rich table (as many rows as
the checklist has indicators, the table `legalcheck assess` prints).

legalcheck's benchmark times every command as a ratio to this script, run the same way (a fresh
process of the same Python, same environment). ``python benchmarks/baseline.py show``.
"""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def show() -> None:
    """Print a 14-row table."""
    table = Table(title="Baseline")
    table.add_column("Indicator")
    table.add_column("Rating")
    for i in range(14):
        table.add_row(f"Indicator {i + 1}", ("Yes", "Partial", "No")[i % 3])
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so Typer builds a command group as legalcheck does."""


if __name__ == "__main__":
    app()
