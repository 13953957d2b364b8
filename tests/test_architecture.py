"""The import graph of the package: no loop, and no import running back up the floors.

Every ``import`` in every module counts, at the top or inside a function: a lazy import is still a
dependency. The floors, bottom to top, are the order data flows in (docs/architecture.md):
"""

from __future__ import annotations

import ast
from pathlib import Path

import legalcheck

PACKAGE = Path(legalcheck.__file__).resolve().parent

# Bottom to top. A module may import modules on its own floor or below, never above.
FLOORS: list[tuple[str, ...]] = [
    ("legalcheck", "errors", "model", "records", "newfiles"),  # the package itself only holds __version__ (and re-exports Repository)
    ("result", "logic", "yamlload", "cache", "draft", "yamledit", "parallel"),
    ("schema", "core_schemas", "engine", "diff", "matrix", "coverage", "profile_schema", "report"),
    ("data",),
    ("regions",),
    ("validation", "output", "scaffold", "questionnaire", "reading"),
    ("repository",),
    ("render",),
    ("commands",),
    ("cli", "__main__"),
]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = ["legalcheck", *rel.parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts[:1]}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports (resolved: ``from .x import y`` is x, or x.y if a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("legalcheck")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("legalcheck"):
                target = node.module
            else:
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & known
            out |= subs or {target}
    return {m for m in out if m in known and m != name}


def floor(name: str) -> int:
    short = name.split(".")[1] if "." in name else name
    for i, group in enumerate(FLOORS):
        if short in group:
            return i
    raise AssertionError(f"{name} is on no floor: add it to FLOORS and to docs/architecture.md")


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    g = {name: imports(name, path, known) for name, path in mods.items()}
    g["legalcheck"] = set()  # the package's lazy re-export of Repository is a convenience, not a dependency
    return g


def test_every_module_is_on_a_floor():
    g = graph()
    # The walk must see the package, or the loop below would pass on nothing.
    assert {"legalcheck.cli", "legalcheck.engine", "legalcheck.model"} <= set(g)
    for name in g:
        assert 0 <= floor(name) < len(FLOORS)


def test_no_import_runs_up_the_floors():
    upward = [(a, b) for a, deps in graph().items() for b in deps if floor(b) > floor(a)]
    assert upward == []


def test_the_import_graph_has_no_loop():
    g = graph()
    loops = []

    def visit(node: str, stack: list[str], done: set[str]) -> None:
        for dep in sorted(g[node]):
            if dep in stack:
                loops.append(stack[stack.index(dep):] + [dep])
            elif dep not in done:
                visit(dep, stack + [dep], done)
        done.add(node)

    done: set[str] = set()
    for start in sorted(g):
        if start not in done:
            visit(start, [start], done)
    assert loops == []


def test_the_graph_is_read_from_real_imports():
    """The checker itself finds what it must: cli imports the commands, a command the repository."""
    g = graph()
    assert "legalcheck.commands.assess" in g["legalcheck.cli"]
    assert "legalcheck.commands.common" in g["legalcheck.commands.assess"]
    assert "legalcheck.regions" in g["legalcheck.validation"] and "legalcheck.data" in g["legalcheck.regions"]
