"""What `validate` found, one problem per line (file:line:col: field: message), never wrapped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from ...repository import Validation


def render_validation(v: Validation, console: Console) -> None:
    for p in v.problems:
        console.print(Text(str(p)), soft_wrap=True)
    if v.ok:
        console.print(Text(f"OK: {v.checked} files checked, no problems"), soft_wrap=True)
