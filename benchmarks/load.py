"""Load test of the web service: `presslens serve` on loopback, driven by an async httpx client.

Prints a table and writes ``benchmarks/results/load.json``. Every request goes to 127.0.0.1 and the number of
requests is bounded. Phases:

1. **cheap**: ``--cheap`` requests (default 10,000) spread over ``GET /healthz``, ``GET /api/dossiers/{id}``
   and ``GET /`` at each concurrency in ``--cheap-concurrency``; the service's resident memory (all its
   processes) is sampled every 1,000 requests to show whether it stays flat.
2. **analysis**: ``--analyses`` ``POST /api/analyze`` of real articles (the AllSides sample, else palmyra) at
   each concurrency in ``--analysis-concurrency`` (the rated load: at most slots + queue in flight).
3. **overload**: ``--burst`` analyses at once against a queue of ``--max-queue``: the excess must be answered
   429 or 503 (shed), never another 5xx, and the service must stay healthy afterwards.

    python benchmarks/load.py                         # the figures in docs/benchmarks.md
    python benchmarks/load.py --cheap 2000 --analyses 20 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
PALMYRA = ROOT / ".." / "shared" / "examples" / "palmyra.txt"
OUT = ROOT / "benchmarks" / "results" / "load.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _texts(n: int) -> list[str]:
    texts: list[str] = []
    if DATA.exists():
        with DATA.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                text = row.get("text") or row.get("content") or ""
                if 400 <= len(text) <= 8000:
                    texts.append(text)
                if len(texts) >= n:
                    break
    if not texts:
        texts = [PALMYRA.read_text(encoding="utf-8")]
    return [texts[i % len(texts)] for i in range(n)]


def _rss(pid: int) -> float:
    """Resident memory (MB) of the service: the process and its children (uvicorn workers)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20
    except psutil.NoSuchProcess:
        return float("nan")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _drive(client: httpx.AsyncClient, requests: list[tuple[str, str, Any]], concurrency: int,
                 on_done: Any = None) -> dict[str, Any]:
    """Send ``requests`` with at most ``concurrency`` in flight; latencies and status counts."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors = 0
    it = iter(enumerate(requests))

    async def worker() -> None:
        nonlocal errors
        for i, (method, path, body) in it:
            t0 = time.perf_counter()
            try:
                r = await client.request(method, path, json=body)
                statuses[r.status_code] += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - t0)
            if on_done is not None:
                on_done(i)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - t0
    n = len(requests)
    return {
        "requests": n, "concurrency": concurrency, "seconds": round(wall, 3),
        "throughput_rps": round(n / wall, 1) if wall else None,
        "p50_ms": round(1000 * _pct(latencies, 0.50), 1), "p95_ms": round(1000 * _pct(latencies, 0.95), 1),
        "p99_ms": round(1000 * _pct(latencies, 0.99), 1), "max_ms": round(1000 * max(latencies, default=0), 1),
        "status": dict(sorted(statuses.items())), "transport_errors": errors,
        "5xx": sum(c for s, c in statuses.items() if s >= 500),
        "5xx_not_shed": sum(c for s, c in statuses.items() if s >= 500 and s != 503),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("PRESSLENS_API_TOKEN", None)
    cmd = [sys.executable, "-m", "presslens", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(args.workers), "--max-queue", str(args.max_queue), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {"command": " ".join(cmd[1:]), "machine": platform.platform(),
                               "cpus": os.cpu_count(), "python": platform.python_version()}
    try:
        async with httpx.AsyncClient(base_url=base, timeout=120,
                                     limits=httpx.Limits(max_connections=256, max_keepalive_connections=256)) as client:
            t0 = time.perf_counter()
            while True:
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.perf_counter() - t0 > 180:
                    raise SystemExit(f"service did not start: {proc.stderr.read() if proc.stderr else ''}")
                await asyncio.sleep(0.3)
            results["startup_seconds"] = round(time.perf_counter() - t0, 1)
            texts = _texts(max(args.analyses, args.burst))
            first = await client.post("/api/analyze", json={"text": texts[0]})
            first.raise_for_status()
            dossier_id = first.json()["article"]["id"]
            results["rss_mb_after_first_analysis"] = round(_rss(proc.pid), 1)

            # 1. cheap endpoints, memory sampled every 1,000 requests
            cheap = []
            mix = [("GET", "/healthz", None), ("GET", f"/api/dossiers/{dossier_id}?include_text=false", None),
                   ("GET", "/", None)]
            for conc in args.cheap_concurrency:
                memory = [round(_rss(proc.pid), 1)]
                reqs = [mix[i % len(mix)] for i in range(args.cheap)]
                def sample(i: int, memory: list[float] = memory) -> None:
                    if (i + 1) % 1000 == 0:
                        memory.append(round(_rss(proc.pid), 1))

                row = await _drive(client, reqs, conc, on_done=sample)
                row["rss_mb_every_1000"] = memory
                row["rss_growth_mb"] = round(memory[-1] - memory[0], 1)
                cheap.append(row)
            results["cheap"] = cheap

            # 2. analyses at the rated concurrency (never more in flight than slots + queue)
            analysis = []
            for conc in args.analysis_concurrency:
                reqs = [("POST", "/api/analyze", {"text": t, "include_text": False}) for t in texts[: args.analyses]]
                row = await _drive(client, reqs, conc)
                row["rss_mb"] = round(_rss(proc.pid), 1)
                analysis.append(row)
            results["analysis"] = analysis

            # 3. overload: a burst far above the queue
            reqs = [("POST", "/api/analyze", {"text": t, "include_text": False}) for t in texts[: args.burst]]
            burst = await _drive(client, reqs, args.burst)
            burst["healthy_after"] = (await client.get("/healthz")).status_code == 200
            results["overload"] = burst
            results["rss_mb_end"] = round(_rss(proc.pid), 1)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return results


def _table(results: dict[str, Any]) -> str:
    lines = [f"{'phase':<10} {'conc':>4} {'reqs':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
             f"{'5xx*':>5} {'shed':>5} status"]
    for phase in ("cheap", "analysis"):
        for r in results[phase]:
            shed = r["status"].get(429, 0) + r["status"].get(503, 0)
            lines.append(f"{phase:<10} {r['concurrency']:>4} {r['requests']:>6} {r['throughput_rps']:>7} "
                         f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['5xx_not_shed']:>5} {shed:>5} "
                         f"{r['status']}")
    o = results["overload"]
    shed = o["status"].get(429, 0) + o["status"].get(503, 0)
    lines.append(f"{'overload':<10} {o['concurrency']:>4} {o['requests']:>6} {o['throughput_rps']:>7} "
                 f"{o['p50_ms']:>8} {o['p95_ms']:>8} {o['p99_ms']:>8} {o['5xx_not_shed']:>5} {shed:>5} {o['status']}")
    lines.append("(5xx* = server errors other than 503 load shedding; shed = 429 + 503)")
    for r in results["cheap"]:
        lines.append(f"memory over {r['requests']} cheap requests at concurrency {r['concurrency']}: "
                     f"{r['rss_mb_every_1000'][0]} -> {r['rss_mb_every_1000'][-1]} MB (growth {r['rss_growth_mb']} MB)")
    lines.append(f"service healthy after the overload burst: {o['healthy_after']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cheap", type=int, default=10_000, help="cheap requests per concurrency (default 10,000)")
    ap.add_argument("--cheap-concurrency", type=int, nargs="+", default=[16])
    ap.add_argument("--analyses", type=int, default=40, help="analyses per concurrency (default 40)")
    ap.add_argument("--analysis-concurrency", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--burst", type=int, default=40, help="simultaneous analyses in the overload phase")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--max-queue", type=int, default=4)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if max(args.cheap, args.analyses, args.burst) > 100_000:
        ap.error("request counts are bounded at 100,000")
    results = asyncio.run(run(args))
    print(_table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    bad = sum(r["5xx_not_shed"] for r in results["cheap"] + results["analysis"]) + results["overload"]["5xx_not_shed"]
    return 1 if bad or not results["overload"]["healthy_after"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
