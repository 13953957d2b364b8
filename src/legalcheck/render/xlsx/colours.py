"""Excel colours for ratings and directions of change (ARGB fills, RGB chart bars)."""

from __future__ import annotations

# Cell fills (ARGB), pale enough to read black text on.
FILLS = {
    "yes": "FFC6EFCE",
    "yes_or_partial": "FFE2F0D9",  # between the green of Yes and the yellow of Partial
    "partial": "FFFFEB9C",
    "partial_or_no": "FFFCE4D6",  # between the yellow of Partial and the red of No
    "no": "FFFFC7CE",
    "not_assessed": "FFDDEBF7",
    "no_data": "FFE7E6E6",
}
DIRECTION_FILLS = {
    "improved": "FFC6EFCE",
    "regressed": "FFFFC7CE",
    "unchanged": "FFFFFFFF",
    "newly_assessed": "FFDDEBF7",
    "no_longer_assessed": "FFE7E6E6",
    "status_changed": "FFE7E6E6",
    "narrowed": "FFDDEBF7",
    "widened": "FFE7E6E6",
    "shifted": "FFE7E6E6",
}
# Stronger versions of FILLS for chart bars (pale fills vanish in a chart); RGB hex.
CHART_COLOURS = {
    "yes": "63BE7B",
    "yes_or_partial": "A9D08E",
    "partial": "FFD966",
    "partial_or_no": "F4B183",
    "no": "F8696B",
    "not_assessed": "9BC2E6",
    "no_data": "BFBFBF",
}
