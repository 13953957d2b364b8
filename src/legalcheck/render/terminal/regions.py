"""The regions and their members, as a terminal table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ...repository import RegionListing


def render_regions(listing: RegionListing, console: Console, root: str = "this repository") -> None:
    regs = listing.regions
    if not regs.regions:
        console.print(Text(f"No regions defined in {root}: add regions.yaml (see 'legalcheck matrix --help')."),
                      soft_wrap=True)
        return
    table = Table(show_lines=True)
    table.add_column("Region", no_wrap=True)
    table.add_column("Members (· no profile yet)")
    for r in regs.regions:
        head = Text(r.id, style="bold")
        for a in r.aliases:
            head.append(f"\n{a}", style="dim")
        names = [(regs.countries[s].name if s in regs.countries else s) + ("" if s in listing.with_profile else " ·")
                 for s in r.members]
        body = Text(r.name + "\n", style="bold") + Text(", ".join(names))
        if r.notes:
            body.append(f"\n{r.notes.strip()}", style="italic")
        table.add_row(head, body)
    console.print(table)
