"""Terminal colours for ratings and directions of change, always beside the symbol and word of
``render.text`` (colour is never the only signal; NO_COLOR turns it off)."""

from __future__ import annotations

from rich.text import Text

from ..text import badge, change_badge

STYLES = {
    "yes": "bold green",
    "yes_or_partial": "green",
    "partial": "bold yellow",
    "partial_or_no": "dark_orange",
    "no": "bold red",
    "not_assessed": "cyan",
    "no_data": "magenta",
}
DIRECTION_STYLES = {
    "improved": "bold green",
    "regressed": "bold red",
    "unchanged": "dim",
    "newly_assessed": "cyan",
    "no_longer_assessed": "magenta",
    "status_changed": "magenta",
    "narrowed": "cyan",
    "widened": "magenta",
    "shifted": "magenta",
}


def rich_badge(rating: str) -> Text:
    return Text(badge(rating), style=STYLES.get(rating, ""))


def rich_change_badge(direction: str) -> Text:
    return Text(change_badge(direction), style=DIRECTION_STYLES.get(direction, ""))
