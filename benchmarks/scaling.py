"""How the cost of one article grows with its length (issue 9, item 2): every analyzer must be linear.

Builds articles of 25k, 100k and 400k characters (default) by joining whole AllSides articles in file order
(``--source allsides``) or by repeating the palmyra example (``--source palmyra``, the issue's repro), cuts
each at a paragraph boundary, and times one full-dossier analysis per size in one process (after a warm-up).
For each size it prints the NLP pass, each analyzer and the total, in seconds and in milliseconds per 1,000
characters; ``growth`` is (time per character at this size) / (time per character at the smallest size):
1.0 means linear, 4.0 at 4× the length would mean quadratic. Writes ``benchmarks/results/scaling.json``.

    OMP_NUM_THREADS=1 nice python benchmarks/scaling.py                    # 25k, 100k, 400k, AllSides
    python benchmarks/scaling.py --sizes 25000,100000 --source palmyra
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
ALLSIDES = SHARED / "data" / "news" / "allsides_sample" / "articles.jsonl"
PALMYRA = SHARED / "examples" / "palmyra.txt"
OUT = ROOT / "benchmarks" / "results" / "scaling.json"


def build_text(source: str, size: int) -> str:
    """About ``size`` characters of real news text, cut after a whole paragraph."""
    parts: list[str] = []
    total = 0
    if source == "palmyra":
        base = PALMYRA.read_text(encoding="utf-8").strip()
        while total < size:
            parts.append(base)
            total += len(base) + 2
    else:
        with ALLSIDES.open(encoding="utf-8") as fh:
            for line in fh:
                text = (json.loads(line).get("text") or "").strip()
                if len(text) < 500:
                    continue
                parts.append(text)
                total += len(text) + 2
                if total >= size:
                    break
    text = "\n\n".join(parts)
    cut = text.rfind("\n", 0, size)
    return text[: cut if cut > size // 2 else size].rstrip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="25000,100000,400000", help="comma-separated article sizes in characters")
    ap.add_argument("--source", choices=("allsides", "palmyra"), default="allsides")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    needed = ALLSIDES if args.source == "allsides" else PALMYRA
    if not needed.exists():
        print(f"data not found: {needed} (needs ../shared beside the checkout)", file=sys.stderr)
        return 2

    from presslens import Article, Settings, __version__
    from presslens.pipeline import Pipeline

    sizes = sorted(int(s) for s in args.sizes.split(","))
    pipe = Pipeline(Settings(time_budget=0, max_chars=max(sizes) + 1))
    pipe.analyze(Article(build_text(args.source, 5000)))  # warm-up: lazy model loads

    rows: list[dict[str, object]] = []
    for size in sizes:
        text = build_text(args.source, size)
        t0 = time.perf_counter()
        dossier = pipe.analyze(Article(text))
        total = time.perf_counter() - t0
        timing = dict(dossier.provenance["timing_seconds"])
        failed = [r.name for r in dossier.runs if r.status != "ok"]
        rows.append({"chars": len(text), "words": dossier.article.word_count, "total_s": round(total, 3),
                     "nlp_s": timing.pop("nlp"), "analyzers_s": round(sum(timing.values()), 3),
                     "per_analyzer_s": timing, "sentences": dossier.provenance["sentences"],
                     "sentences_parsed": dossier.provenance["sentences_parsed"], "failed": failed})

    base = rows[0]
    for r in rows:
        for key in ("total_s", "nlp_s", "analyzers_s"):
            per = float(r[key]) / int(r["chars"])  # type: ignore[arg-type]
            per0 = float(base[key]) / int(base["chars"])  # type: ignore[arg-type]
            r[key.replace("_s", "_growth")] = round(per / per0, 3) if per0 else None
        r["total_ms_per_1k_chars"] = round(1e6 * float(r["total_s"]) / int(r["chars"]), 2)  # type: ignore[arg-type]

    names = list(base["per_analyzer_s"])  # type: ignore[arg-type]
    print(f"{'chars':>8} {'total s':>8} {'ms/1k ch':>9} {'growth':>7} {'nlp s':>7} {'anlz s':>7} {'anlz growth':>11}")
    for r in rows:
        print(f"{r['chars']:>8} {r['total_s']:>8} {r['total_ms_per_1k_chars']:>9} {r['total_growth']:>7} "
              f"{r['nlp_s']:>7} {r['analyzers_s']:>7} {r['analyzers_growth']:>11}")
    print("\nper analyzer, ms per 1,000 characters (growth vs the smallest size):")
    for n in names:
        cells = []
        for r in rows:
            per = 1e6 * r["per_analyzer_s"].get(n, 0.0) / r["chars"]  # type: ignore[union-attr, operator]
            per0 = 1e6 * base["per_analyzer_s"].get(n, 0.0) / base["chars"]  # type: ignore[union-attr, operator]
            cells.append(f"{per:7.2f} ({per / per0:4.2f})" if per0 > 0.005 else f"{per:7.2f}       ")
        print(f"  {n:<28} " + "  ".join(cells))
    if any(r["failed"] for r in rows):
        print("analyzers not ok:", {r["chars"]: r["failed"] for r in rows})

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "presslens": __version__, "source": args.source, "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), "rows": rows,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
