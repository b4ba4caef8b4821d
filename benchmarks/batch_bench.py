"""Batch engine: throughput with 1 and 2 workers, peak memory at two corpus sizes, time lost to a kill + resume.

All runs go through the CLI (``presslens batch``) in a subprocess, on the first N articles of the AllSides
sample, into fresh stores under a temporary folder. Peak memory is the largest resident set of the batch
process tree, sampled every 0.2 s from /proc.

    python benchmarks/batch_bench.py --n 40                       # default analyzers → results/batch.json
    python benchmarks/batch_bench.py --memory 250,1000 --memory-analyzers presslens.voice.v1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"


def _tree_rss_mb(pid: int) -> float:
    """Resident set of a process and its descendants (MB), from /proc."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return total / 1024


def run(cmd: list[str], kill_after_items: int | None = None) -> dict:
    """Run a batch command; optionally SIGKILL it once it reports this many analysed items."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    killed = False
    assert proc.stderr is not None
    for line in proc.stderr:
        if kill_after_items is not None and " analysed," in line:
            n = int(line.split(" analysed,")[0].rsplit(" ", 1)[1])
            if n >= kill_after_items:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
    proc.wait()
    proc.stderr.close()
    done.set()
    th.join()
    return {"seconds": round(time.perf_counter() - t0, 1), "peak_rss_mb": round(peak[0], 1), "killed": killed,
            "rc": proc.returncode}


def count(store: Path) -> tuple[int, int, int]:
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    n, d = con.execute("SELECT count(*), count(DISTINCT item_key) FROM articles").fetchall()[0]
    f = con.execute("SELECT count(*) FROM failures").fetchall()[0][0]
    con.close()
    return n, d, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40, help="articles for throughput and kill/resume (default 40)")
    ap.add_argument("--analyzers", default=None, help="analyzers (default: the default set)")
    ap.add_argument("--memory", default="250,1000", help="corpus sizes for the peak-memory runs")
    ap.add_argument("--memory-analyzers", default="presslens.voice.v1",
                    help="analyzers for the memory runs (cheap, so the larger size finishes)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: throughput,resume,memory")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "batch.json")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    skip = set(filter(None, args.skip.split(",")))
    lines = DATA.read_text(encoding="utf-8").splitlines()
    tmp = Path(tempfile.mkdtemp(prefix="presslens-batch-bench-"))
    result: dict[str, object] = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                             "load_average_at_start": round(os.getloadavg()[0], 1),
                                             "note": "2 cores shared with 7 other engineers' jobs"}}

    def corpus(n: int) -> Path:
        p = tmp / f"a{n}.jsonl"
        if not p.exists():
            p.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
        return p

    def cmd(inp: Path, store: Path, workers: int, analyzers: str | None) -> list[str]:
        c = [sys.executable, "-m", "presslens.cli", "batch", str(inp), "--store", str(store), "--workers",
             str(workers), "--chunk", "4", "--progress", "log", "--progress-every", "1"]
        return c + (["--analyzers", analyzers] if analyzers else [])

    if "throughput" not in skip:
        tp = {}
        for w in (1, 2):
            r = run(cmd(corpus(args.n), tmp / f"tp{w}.duckdb", w, args.analyzers))
            r["articles_per_s"] = round(args.n / r["seconds"], 3)
            tp[f"workers_{w}"] = r
            print(f"{w} worker(s): {r}")
        tp["scaling"] = round(tp["workers_2"]["articles_per_s"] / tp["workers_1"]["articles_per_s"], 2)
        result["throughput"] = {"n": args.n, "analyzers": args.analyzers or "default", **tp}
        print(f"scaling 1→2 workers: {tp['scaling']}")
    if "resume" not in skip:
        store = tmp / "resume.duckdb"
        full = run(cmd(corpus(args.n), tmp / "uninterrupted.duckdb", 2, args.analyzers))
        first = run(cmd(corpus(args.n), store, 2, args.analyzers), kill_after_items=args.n // 2)
        after_kill = count(store)
        second = run(cmd(corpus(args.n), store, 2, args.analyzers))
        n, distinct, failures = count(store)
        result["kill_resume"] = {
            "n": args.n, "uninterrupted_s": full["seconds"], "killed_run_s": first["seconds"],
            "stored_at_kill": after_kill[0], "resumed_run_s": second["seconds"],
            "time_lost_s": round(first["seconds"] + second["seconds"] - full["seconds"], 1),
            "articles": n, "distinct": distinct, "failures": failures, "exactly_once": n == distinct == args.n - failures,
        }
        print(f"kill + resume: {result['kill_resume']}")
    if "memory" not in skip:
        mem = {}
        for size in (int(x) for x in args.memory.split(",")):
            r = run(cmd(corpus(size), tmp / f"mem{size}.duckdb", 2, args.memory_analyzers))
            mem[str(size)] = r
            print(f"memory, {size} articles: {r}")
        result["memory"] = {"analyzers": args.memory_analyzers, "workers": 2, **mem}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
