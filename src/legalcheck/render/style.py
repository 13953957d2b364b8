"""How ratings look. Colour is never the only signal: every rating has a symbol and a word."""

from __future__ import annotations

from ..model import RATING_LABELS

SYMBOLS = {
    "yes": "●",
    "partial": "◐",
    "no": "○",
    "not_assessed": "?",
    "no_data": "–",
}
STYLES = {
    "yes": "bold green",
    "partial": "bold yellow",
    "no": "bold red",
    "not_assessed": "cyan",
    "no_data": "magenta",
}
# Excel fills (ARGB) and matching font colours, for renderers that need hex colours.
FILLS = {
    "yes": "FFC6EFCE",
    "partial": "FFFFEB9C",
    "no": "FFFFC7CE",
    "not_assessed": "FFDDEBF7",
    "no_data": "FFE7E6E6",
}


def label(rating: str) -> str:
    return RATING_LABELS.get(rating, rating)


def badge(rating: str) -> str:
    """'● Yes' — symbol and word, for plain text."""
    return f"{SYMBOLS.get(rating, '?')} {label(rating)}"


def rich_badge(rating: str):
    from rich.text import Text

    return Text(badge(rating), style=STYLES.get(rating, ""))


# Directions of change between two years (legalcheck diff): an arrow and a word, never colour alone.
DIRECTION_SYMBOLS = {
    "improved": "↑",
    "regressed": "↓",
    "unchanged": "=",
    "newly_assessed": "+",
    "no_longer_assessed": "−",
    "status_changed": "~",
}
DIRECTION_WORDS = {
    "improved": "improved",
    "regressed": "regressed",
    "unchanged": "unchanged",
    "newly_assessed": "newly assessed",
    "no_longer_assessed": "no longer assessed",
    "status_changed": "status changed",
}
DIRECTION_STYLES = {
    "improved": "bold green",
    "regressed": "bold red",
    "unchanged": "dim",
    "newly_assessed": "cyan",
    "no_longer_assessed": "magenta",
    "status_changed": "magenta",
}
DIRECTION_FILLS = {
    "improved": "FFC6EFCE",
    "regressed": "FFFFC7CE",
    "unchanged": "FFFFFFFF",
    "newly_assessed": "FFDDEBF7",
    "no_longer_assessed": "FFE7E6E6",
    "status_changed": "FFE7E6E6",
}


def change_badge(direction: str) -> str:
    """'↑ improved' — arrow and word, for plain text."""
    return f"{DIRECTION_SYMBOLS.get(direction, '?')} {DIRECTION_WORDS.get(direction, direction)}"


def rich_change_badge(direction: str):
    from rich.text import Text

    return Text(change_badge(direction), style=DIRECTION_STYLES.get(direction, ""))
