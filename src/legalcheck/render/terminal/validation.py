"""What `validate` found, one problem per line (file:line:col: field: message), never wrapped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from ...repository import Validation


def render_validation(v: Validation, console: Console) -> None:
    from ...errors import problem_lines

    for line in problem_lines(v.problems):  # at most 50 per file, then how many more
        console.print(Text(line), soft_wrap=True)
    if v.ok:
        console.print(Text(f"OK: {v.checked} files checked, no problems"), soft_wrap=True)
