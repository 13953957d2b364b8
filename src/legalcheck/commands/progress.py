"""Progress for long work, on stderr, only when stderr is a terminal and the work takes more than a
moment: a first `validate` over thousands of profiles or a large `matrix --xlsx` shows a sign of
life; a pipe, a file or a quick run gets nothing. The library only reports (done, total) through
``Repository.progress``; drawing is here, with Rich."""

from __future__ import annotations

import sys
import time
from typing import Any

DELAY = 0.5  # seconds of silence before a bar appears


class Reporter:
    """``reporter(what, done, total)``: a Rich progress bar on ``console`` once ``delay`` seconds
    have passed since the first call; it goes away when done == total."""

    def __init__(self, console: Any, delay: float = DELAY) -> None:
        self.console = console
        self.delay = delay
        self.started: float | None = None
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if self.bar is None and (now - self.started < self.delay or done >= total):
            if done >= total:
                self.started = None
            return
        if self.bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(what, total=total)
        self.bar.update(self.task, completed=done, total=total, description=what)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        self.bar, self.task, self.started = None, None, None


def reporter() -> Reporter | None:
    """A Reporter when stderr is a terminal, else None (nothing is drawn)."""
    if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return None
    from ..render.safety import make_console

    return Reporter(make_console(stderr=True))
