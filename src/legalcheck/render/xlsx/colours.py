"""Excel colours for ratings and directions of change (ARGB fills, RGB chart bars)."""

from __future__ import annotations

# Cell fills (ARGB), pale enough to read black text on.
FILLS = {
    "yes": "FFC6EFCE",
    "partial": "FFFFEB9C",
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
}
# Stronger versions of FILLS for chart bars (pale fills vanish in a chart); RGB hex.
CHART_COLOURS = {
    "yes": "63BE7B",
    "partial": "FFD966",
    "no": "F8696B",
    "not_assessed": "9BC2E6",
    "no_data": "BFBFBF",
}
