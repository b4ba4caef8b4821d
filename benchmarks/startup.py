"""Start-up time of CLI commands (issue 9 #29), comparing source trees side by side in one run.

Each command runs in a fresh ``python -m presslens`` process with ``PYTHONPATH`` pointing at a tree's ``src``;
trees alternate run by run (A, B, A, B…) so that load on a shared machine hits both alike. The table shows
median wall-clock seconds and the before/after ratio; JSON goes to ``benchmarks/results/startup.json``.

    python benchmarks/startup.py --before 8106d25      # compare the working tree with a git revision
    python benchmarks/startup.py --repeats 5 --no-full  # skip the full single-article analysis
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
RESULTS = ROOT / "benchmarks" / "results" / "startup.json"


def commands(article: Path, full: bool) -> list[tuple[str, list[str]]]:
    cmds = [
        ("presslens --version", ["--version"]),
        ("presslens schema", ["schema"]),
        ("presslens analyzers", ["analyzers"]),
        ("presslens analyze --help", ["analyze", "--help"]),
        ("python -c 'import presslens.errors'", []),
        ("analyze a missing file", ["analyze", "missing.txt", "-q"]),
        ("analyze -o missing/dir/x.html", ["analyze", str(article), "-o", "missing/dir/x.html", "-q"]),
        ("analyze one article, voice.v1 only", ["analyze", str(article), "--analyzers", "presslens.voice.v1"]),
    ]
    if full:
        cmds.append(("analyze one article, all analyzers", ["analyze", str(article)]))
    return cmds


def run_once(src: Path, argv: list[str], cwd: Path) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-c", "import presslens.errors"] if not argv else [sys.executable, "-m", "presslens", *argv]
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - t0, res.returncode


def export_revision(rev: str, dest: Path) -> Path:
    """``src/`` of git revision ``rev`` extracted under ``dest`` (no worktree, no change to the repository)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", metavar="REV", help="git revision to compare with (its src/ is exported to a temp dir)")
    ap.add_argument("--after", metavar="REV", help="git revision to measure instead of the working tree")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--full-repeats", type=int, default=2, help="repeats of the full analysis (slow)")
    ap.add_argument("--no-full", action="store_true", help="skip the full single-article analysis")
    ap.add_argument("--article", type=Path, default=SHARED / "examples" / "palmyra.txt")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    if not args.article.exists():
        print(f"article not found: {args.article} (needs ../shared beside the checkout)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        trees: dict[str, Path] = {}
        if args.before:
            (Path(tmp) / "before").mkdir()
            trees[f"before ({args.before})"] = export_revision(args.before, Path(tmp) / "before")
        if args.after:
            (Path(tmp) / "after").mkdir()
            trees[f"after ({args.after})"] = export_revision(args.after, Path(tmp) / "after")
        else:
            trees["after (working tree)"] = ROOT / "src"
        cwd = Path(tmp) / "cwd"
        cwd.mkdir()
        rows = []
        for label, argv in commands(args.article.resolve(), not args.no_full):
            n = args.full_repeats if "all analyzers" in label else args.repeats
            times: dict[str, list[float]] = {t: [] for t in trees}
            codes: dict[str, int] = {}
            for _ in range(n):
                for tree, src in trees.items():
                    dt, rc = run_once(src, argv, cwd)
                    times[tree].append(dt)
                    codes[tree] = rc
            row = {"command": label, "repeats": n,
                   **{t: {"median_s": round(statistics.median(v), 3), "exit_code": codes[t]} for t, v in times.items()}}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    names = list(trees)
    head = f"| command | {' | '.join(names)} |" + (" after/before |" if len(names) == 2 else "")
    print(head)
    print("|---" * (len(names) + 1 + (len(names) == 2)) + "|")
    for r in rows:
        cells = [f"{r[t]['median_s']:.2f} s (exit {r[t]['exit_code']})" for t in names]
        ratio = f" {r[names[1]]['median_s'] / r[names[0]]['median_s']:.2f}× |" if len(names) == 2 else ""
        print(f"| {r['command']} | {' | '.join(cells)} |{ratio}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "note": "shared development machine; trees alternate run by run, compare ratios"},
        "trees": {t: str(p) for t, p in trees.items()}, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
