"""Where one legalcheck run spends its time: imports, reading, YAML, validation, rubric proof,
evaluation, rendering, and the rest.

    python benchmarks/phases.py -- --data DIR validate      # prints JSON: seconds per phase

Runs the `legalcheck` command line in this process (a fresh one: run it as a subprocess, as
benchmarks/run.py does) with the library's functions for each phase wrapped in a timer. Time is
charged to the innermost phase running (a YAML parse inside profile loading counts as YAML, an
import inside rendering as imports), so the phases add up to the whole run:

* imports: every module imported, from the first `import legalcheck.cli` on (the floor's own
  imports — typer, rich, and pydantic, which typer imports — included);
* read: reading data files (`yamlload.read_bytes`);
* yaml: parsing them (`yamlload.parse_text`, and the re-read with positions when a file has a problem);
* validation: pydantic (`schema.validate`);
* rubric proof: proving each indicator's rubric complete (`logic.check_rubric`);
* evaluation: the rules applied to each indicator of each profile (`engine.evaluate_indicator`);
* rendering: the renderer (`render.call`);
* other: everything else — argument parsing, the checks in `data` after validation, building the
  matrix or diff from assessments, the cache.

The work is measured on one process (``LEGALCHECK_NO_FORK=1`` unless set): a forked child's CPU time
would not be counted. The timers cost a little; the figures are for finding where the time goes, not for the targets
(benchmarks/run.py times whole processes without them).
"""

from __future__ import annotations

import builtins
import json
import sys
import time

_clock = time.process_time  # CPU time: less disturbed by other work on a shared machine
_totals: dict[str, float] = {}
_stack: list[list] = []  # [phase, start, time spent in nested phases]


def _enter(phase: str) -> None:
    _stack.append([phase, _clock(), 0.0])


def _leave() -> None:
    phase, start, nested = _stack.pop()
    spent = _clock() - start
    _totals[phase] = _totals.get(phase, 0.0) + spent - nested
    if _stack:
        _stack[-1][2] += spent


def _timed(phase: str, fn):
    def wrapper(*args, **kwargs):
        _enter(phase)
        try:
            return fn(*args, **kwargs)
        finally:
            _leave()

    wrapper.__wrapped__ = fn
    return wrapper


_real_import = builtins.__import__


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    # Only the first import of a module costs; charge the lookups of later ones too (they are cheap).
    if name in sys.modules and not fromlist and level == 0:
        return _real_import(name, globals, locals, fromlist, level)
    _enter("imports")
    try:
        return _real_import(name, globals, locals, fromlist, level)
    finally:
        _leave()


PHASES = {
    "read": ("legalcheck.yamlload", "read_bytes"),
    "yaml": ("legalcheck.yamlload", "parse_text"),
    "validation": ("legalcheck.schema", "validate"),
    "rubric proof": ("legalcheck.logic", "check_rubric"),
    "evaluation": ("legalcheck.engine", "evaluate_indicator"),
    "rendering": ("legalcheck.render", "call"),
}
ORDER = ["imports", "read", "yaml", "validation", "rubric proof", "evaluation", "rendering", "other"]


def _wrap_everywhere() -> None:
    """Replace each phase function in every legalcheck module that holds it (``from x import f``)."""
    for phase, (module, name) in PHASES.items():
        __import__(module)
        original = getattr(sys.modules[module], name)
        wrapped = _timed(phase, original)
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("legalcheck") and getattr(mod, name, None) is original:
                setattr(mod, name, wrapped)


def main(argv: list[str]) -> dict:
    t0 = _clock()
    _enter("other")
    builtins.__import__ = _import
    _enter("imports")
    import legalcheck.cli as cli
    # The modules holding phase functions, so they can be wrapped (their import is counted).
    import legalcheck.engine, legalcheck.logic, legalcheck.render, legalcheck.schema, legalcheck.yamlload  # noqa: E401,F401
    _leave()
    _wrap_everywhere()
    sys.argv = ["legalcheck", *argv]
    code = 0
    try:
        cli.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        builtins.__import__ = _real_import
    while _stack:
        _leave()
    total = _clock() - t0
    return {"exit": code, "total": round(total, 4), "phases": {p: round(_totals.get(p, 0.0), 4) for p in ORDER}}


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    import io
    import os

    # All the work in this process, where its CPU time is measured: validate's forked child
    # (legalcheck.parallel) would take half the profiles out of the phases.
    os.environ.setdefault("LEGALCHECK_NO_FORK", "1")
    real_stdout = sys.stdout
    sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # the command's output
    try:
        result = main(args)
    finally:
        sys.stdout.flush()
        sys.stdout = real_stdout
    print(json.dumps(result))
