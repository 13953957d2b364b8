"""Markdown output, for reports and letters: one module per subject, and the escaping they share."""

from __future__ import annotations

from ...result import SourceOut
from ..text import source_record


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    text = (text or "").replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").strip()  # a lone CR ends a line too


def source_item(src: SourceOut) -> str:
    """'- **[id]** Title (Publisher, 2022) — https://...': one source as a list item."""
    return f"- **[{src.id}]** {source_record(src)}"
