"""Time legalcheck as users run it — whole processes — against the floor the stack imposes.

    uv run python benchmarks/run.py            # full run (~5 minutes on 2 cores)
    uv run python benchmarks/run.py --quick    # 5 runs each, no 2,000-country set
    uv run python benchmarks/run.py --runs 20

Every command is started as a fresh process of this Python (the `legalcheck` entry-point script of
the same environment, as users run it; the baseline `benchmarks/baseline.py` — a minimal Typer app
printing a two-row Rich table — likewise as a script), with stdout and stderr to /dev/null,
NO_COLOR=1 and COLUMNS=120 (Rich still lays out every table at 120 columns; it just does not emit
colour codes). Each command runs once to warm up (and to check it works: a command that does not
exist on this branch is reported "not available"), then the commands take turns, round after round,
so that a slow patch of the machine hits them all alike; the figure is the median of the rounds.
Each run of a command is paired with a baseline run just before it, and its ratio is the median of
the per-pair ratios (robust to the machine slowing down or speeding up during the run).

legalcheck keeps a per-user cache of validated files (see src/legalcheck/cache.py); the benchmark
points it at a fresh temporary directory, so "warm" figures are the second and later runs of the
same command, as in an analyst's day, and the "no cache" rows (LEGALCHECK_NO_CACHE=1) show a cold
first run. The package's bytecode is compiled first (these machines set PYTHONDONTWRITEBYTECODE,
and an editable install is otherwise never compiled).

Writes the table to stdout and the results to benchmarks/results.json (--quick:
benchmarks/results-quick.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import resource  # POSIX: CPU time of child processes
except ImportError:  # Windows: wall-clock only
    resource = None

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

YEAR_FROM, YEAR_TO = synth.FIRST_YEAR, synth.FIRST_YEAR + 4


@dataclass
class Bench:
    name: str
    what: str  # for the table
    argv: list[str] | list[list[str]]  # one command, or alternatives tried in turn
    env: dict[str, str] = field(default_factory=dict)
    needs: str | None = None  # a subcommand that must exist
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system CPU seconds of the process
    ratios: list[float] = field(default_factory=list)  # time / the baseline run just before it
    cpu_ratios: list[float] = field(default_factory=list)
    status: str = "ok"
    used: list[str] | None = None
    imports: dict[str, bool] = field(default_factory=dict)


def legalcheck_cmd() -> list[str]:
    script = Path(sys.executable).parent / ("legalcheck.exe" if os.name == "nt" else "legalcheck")
    if script.exists():
        return [sys.executable, str(script)]  # the entry-point script, run by this Python
    return [sys.executable, "-m", "legalcheck"]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall-clock and CPU seconds of one process, its exit code and its stderr."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    t0 = time.perf_counter()
    p = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    cpu = float("nan")
    if resource:
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return elapsed, cpu, p.returncode, p.stderr.decode("utf-8", "replace")


def imported(argv: list[str], env: dict[str, str]) -> dict[str, bool]:
    """Which heavy libraries the command imports (one run under -X importtime)."""
    assert argv[0] == sys.executable
    p = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    mods = {line.rsplit("|", 1)[-1].strip() for line in p.stderr.decode("utf-8", "replace").splitlines()
            if line.startswith("import time:")}
    return {lib: lib in mods for lib in ("openpyxl", "pydantic", "yaml")}


def compile_package() -> None:
    import legalcheck

    pkg = Path(legalcheck.__file__).resolve().parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(pkg)], check=True)


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    return info


def main() -> int:
    ap = argparse.ArgumentParser(description="Time legalcheck's commands against a minimal Typer+Rich app.")
    ap.add_argument("--quick", action="store_true", help="5 runs each and no 2,000-country set")
    ap.add_argument("--runs", type=int, help="timed runs per command (default 10; 5 with --quick)")
    ap.add_argument("--out", type=Path, help="where to write the JSON results")
    ap.add_argument("--keep", action="store_true", help="keep the generated repositories (the path is printed)")
    ap.add_argument("--update-readme", action="store_true",
                    help="rewrite the README's results table from this run (tests check the two agree)")
    args = ap.parse_args()
    if args.quick and args.update_readme:
        ap.error("--update-readme takes a full run (the README shows benchmarks/results.json)")
    runs = args.runs or (5 if args.quick else 10)
    out = args.out or HERE / ("results-quick.json" if args.quick else "results.json")

    info = machine()  # load average before the run starts
    print("compiling bytecode ...", flush=True)
    compile_package()
    tmp = Path(tempfile.mkdtemp(prefix="legalcheck-bench-"))
    try:
        results = measure(args, runs, tmp, info)
    finally:
        if args.keep:
            print(f"kept the generated data in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    if args.update_readme:
        update_readme(results)
        print(f"updated the table in {README}")
    return 0


def measure(args: argparse.Namespace, runs: int, tmp: Path, info: dict) -> dict:
    lc = legalcheck_cmd()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALCHECK_")}
    env.update(NO_COLOR="1", COLUMNS="120", LEGALCHECK_CACHE_DIR=str(tmp / "cache"))
    nocache = {"LEGALCHECK_NO_CACHE": "1"}

    sets = {"S200": 200} if args.quick else {"S200": 200, "S2000": 2000}
    paths: dict[str, Path] = {}
    for label, n in sets.items():
        print(f"generating {n} countries x 5 years ...", flush=True)
        paths[label] = synth.generate(tmp / label.lower(), n, 5)
    s200 = str(paths["S200"])
    slugs = ",".join(synth.slug(i) for i in range(1, 201))
    xlsx = str(tmp / "matrix.xlsx")

    benches = [
        Bench("baseline", "minimal Typer app printing a two-row Rich table", [sys.executable, str(HERE / "baseline.py"), "show"]),
        Bench("help", "legalcheck --help", lc + ["--help"]),
        Bench("assess", "legalcheck assess nepal (bundled data)", lc + ["assess", "nepal"]),
        Bench("assess-nocache", "  same, without the cache (a first run)", lc + ["assess", "nepal"], env=nocache),
        Bench("validate-200", "validate, 200 countries x 5 years", lc + ["--data", s200, "validate"]),
        Bench("validate-200-nocache", "  same, without the cache (a first run)", lc + ["--data", s200, "validate"], env=nocache),
    ]
    if "S2000" in paths:
        s2000 = str(paths["S2000"])
        benches += [
            Bench("validate-2000", "validate, 2,000 countries x 5 years", lc + ["--data", s2000, "validate"]),
            Bench("validate-2000-nocache", "  same, without the cache (a first run)", lc + ["--data", s2000, "validate"], env=nocache),
        ]
    benches += [
        Bench("matrix-200", "matrix, 200 countries, to the terminal",
              [lc + ["--data", s200, "matrix", "--countries", c, "--year", str(YEAR_TO)] for c in (slugs, synth.REGION)],
              needs="matrix"),
        Bench("matrix-200-xlsx", "matrix, 200 countries, --xlsx",
              [lc + ["--data", s200, "matrix", "--countries", c, "--year", str(YEAR_TO), "--xlsx", xlsx]
               for c in (slugs, synth.REGION)], needs="matrix"),
        Bench("diff-200", f"diff {YEAR_FROM} -> {YEAR_TO}, region of 200 countries",
              [lc + ["--data", s200, "diff", "--region", synth.REGION, str(YEAR_FROM), str(YEAR_TO)],
               lc + ["--data", s200, "diff", "--countries", synth.REGION, str(YEAR_FROM), str(YEAR_TO)],
               lc + ["--data", s200, "diff", "--countries", slugs, str(YEAR_FROM), str(YEAR_TO)]], needs="diff"),
    ]

    print("warming up and checking each command ...", flush=True)
    active = []
    for b in benches:
        if b.needs and run(lc + [b.needs, "--help"], env)[2] != 0:
            b.status = "not available"
            print(f"  {b.name}: not available on this branch", flush=True)
            continue
        e = {**env, **b.env}
        tried = [b.argv] if isinstance(b.argv[0], str) else b.argv
        errors = []
        for argv in tried:
            _, _, code, err = run(argv, e)
            if code == 0:
                b.used = argv
                break
            errors.append(f"exit {code}: {(err.strip().splitlines() or [''])[-1][:200]}")
        if b.used is None:
            b.status = "failed (" + "; ".join(errors) + ")"
            print(f"  {b.name}: {b.status}", flush=True)
            continue
        b.imports = imported(b.used, e)
        active.append(b)

    def timed(b: Bench) -> tuple[float, float]:
        elapsed, cpu, code, err = run(b.used, {**env, **b.env})
        if code != 0:
            raise SystemExit(f"{b.name} failed during timing (exit {code}): {err.strip()[-300:]}")
        b.times.append(elapsed)
        b.cpu.append(cpu)
        return elapsed, cpu

    baseline, others = active[0], active[1:]
    for r in range(runs):
        print(f"round {r + 1}/{runs} ...", flush=True)
        for b in others:
            # Each run is paired with a baseline run just before it: the ratio of the pair cancels
            # most of the drift in the machine's speed (other work, frequency changes).
            base_t, base_cpu = timed(baseline)
            t, cpu = timed(b)
            b.ratios.append(t / base_t)
            b.cpu_ratios.append(cpu / base_cpu if base_cpu else float("nan"))

    return report(benches, runs, tmp, lc, info)


README = HERE.parent / "docs" / "performance.md"  # the page with the results table
START, END = "<!-- benchmark-table:start -->", "<!-- benchmark-table:end -->"


def markdown_table(results: dict) -> str:
    """The README's table of a run's results (tests/test_benchmark_docs.py checks it matches)."""
    m = results["machine"]
    lines = [
        f"Run of {results['date']} on {m['cpus']} cores ({m.get('cpu', 'unknown CPU')}), Python {m['python']}, "
        f"{results['runs']} rounds; baseline median {results['baseline_ms']:.0f} ms.",
        "",
        "| command | median | ratio to baseline | CPU ratio | imports |",
        "|---|---:|---:|---:|---|",
    ]
    for b in results["benchmarks"]:
        if b["median_ms"] is None:
            lines.append(f"| {b['what'].strip()} | {b['status']} | | | |")
            continue
        imports = ", ".join(k for k, v in (b["imports"] or {}).items() if v) or "—"
        lines.append(f"| {b['what'].strip()} | {b['median_ms']:.0f} ms | {b['ratio']:.2f}x | {b['cpu_ratio']:.2f}x | {imports} |")
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for t in results["targets"]:
        value = t["value"] if not isinstance(t["value"], list) else (", ".join(t["value"]) or "none")
        limit = t["limit"] if not isinstance(t["limit"], list) else "none"
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['what']} | {value if value is not None else '—'} | {limit} | {met} |")
    return "\n".join(lines)


def update_readme(results: dict) -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{markdown_table(results)}\n{END}{tail}", encoding="utf-8")


def report(benches: list[Bench], runs: int, tmp: Path, lc: list[str], info: dict) -> dict:
    by = {b.name: b for b in benches}
    base = statistics.median(by["baseline"].times)

    def med(name: str) -> float | None:
        b = by.get(name)
        return statistics.median(b.times) if b and b.times else None

    def shown(argv: list[str] | None) -> str | None:
        if argv is None:
            return None
        if argv[: len(lc)] == lc:
            words = ["legalcheck"] + argv[len(lc):]
        else:
            words = ["python"] + [os.path.relpath(a, HERE.parent) if a.startswith(str(HERE)) else a for a in argv[1:]]
        slugs = ",".join(synth.slug(i) for i in range(1, 201))
        return " ".join(words).replace(str(tmp), "$TMP").replace(slugs, "<200 slugs>")

    rows = []
    print(f"\n{'command':<44} {'median':>9} {'ratio':>7} {'cpu ratio':>9}  imports")
    for b in benches:
        m = med(b.name)
        ratio = statistics.median(b.ratios) if b.ratios else (1.0 if b.name == "baseline" else None)
        imports = ", ".join(k for k, v in b.imports.items() if v) or ("-" if b.imports else "")
        cpu_ratio = statistics.median(b.cpu_ratios) if b.cpu_ratios else (1.0 if b.name == "baseline" else None)
        if m is None:
            print(f"{b.what:<44} {b.status:>17}")
        else:
            print(f"{b.what:<44} {m * 1000:>7.0f}ms {ratio:>6.2f}x {cpu_ratio:>8.2f}x  {imports}")
        rows.append({"name": b.name, "what": b.what, "command": shown(b.used), "env": b.env or None,
                     "status": b.status, "median_ms": round(m * 1000, 1) if m else None,
                     "min_ms": round(min(b.times) * 1000, 1) if b.times else None,
                     "max_ms": round(max(b.times) * 1000, 1) if b.times else None,
                     "ratio": round(ratio, 2) if ratio else None,
                     "cpu_median_ms": round(statistics.median(b.cpu) * 1000, 1) if b.cpu else None,
                     "cpu_ratio": round(cpu_ratio, 2) if cpu_ratio else None, "imports": b.imports or None})

    def ratio(name: str) -> float | None:
        b = by.get(name)
        return statistics.median(b.ratios) if b and b.ratios else None

    def target(name: str, value: float | None, limit: float, what: str) -> dict:
        ok = None if value is None else value <= limit
        return {"target": name, "what": what, "value": round(value, 2) if value is not None else None,
                "limit": limit, "met": ok}

    def growth(small: str, large: str) -> float | None:
        a, b = med(small), med(large)
        return b / a if a and b else None

    def no_import(lib: str, names: list[str]) -> dict:
        checked = [by[n] for n in names if by[n].imports]
        bad = [b.name for b in checked if b.imports.get(lib)]
        return {"target": f"no {lib}", "what": f"{lib} not imported by: {', '.join(b.name for b in checked)}",
                "value": bad, "limit": [], "met": not bad if checked else None}

    non_excel = [b.name for b in benches if b.name not in ("baseline", "matrix-200-xlsx")]
    targets = [
        target("assess", ratio("assess"), 1.3, "legalcheck assess nepal / baseline"),
        no_import("openpyxl", non_excel),
        target("assess-nocache", ratio("assess-nocache"), 1.3, "assess nepal without the cache (a first run) / baseline"),
        target("validate-200", ratio("validate-200"), 4.0, "validate 200x5 / baseline"),
        target("validate-200-nocache", ratio("validate-200-nocache"), 4.0, "validate 200x5 without the cache (a first run) / baseline"),
        target("matrix-200", ratio("matrix-200"), 4.0, "matrix 200 to the terminal / baseline"),
        target("matrix-200-xlsx", ratio("matrix-200-xlsx"), 4.0, "matrix 200 --xlsx / baseline"),
        target("growth", growth("validate-200", "validate-2000"), 12.0, "validate 2000x5 time / validate 200x5 time"),
        target("growth-nocache", growth("validate-200-nocache", "validate-2000-nocache"), 12.0,
               "validate growth without the cache (first runs)"),
    ]
    print(f"\n{'target':<18} {'value':>8} {'limit':>7}  met")
    for t in targets:
        value = t["value"] if not isinstance(t["value"], list) else (", ".join(t["value"]) or "none")
        met = {True: "yes", False: "NO", None: "not measured"}[t["met"]]
        print(f"{t['target']:<18} {value!s:>8} {t['limit']!s:>7}  {met}")
    if hasattr(os, "getloadavg"):
        info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": info,
        "runs": runs,
        "method": "median of the timed runs after one warm-up; fresh processes; commands interleaved round by round; "
                  "stdout/stderr to /dev/null, NO_COLOR=1, COLUMNS=120; cache in a fresh temporary directory. "
                  "ratio: median over the rounds of (the command's wall-clock time / that of a baseline run just "
                  "before it) - targets are judged on it; cpu_ratio: the same with user+system CPU time, a "
                  "cross-check less sensitive to other load on the machine",
        "baseline_ms": round(base * 1000, 1),
        "benchmarks": rows,
        "targets": targets,
    }


if __name__ == "__main__":
    raise SystemExit(main())
