"""Time of the persuasion analyzer on AllSides articles, against another revision of it (issue 9, item 28).

The articles are those of ``benchmarks/throughput.py`` (the first ``--n`` of the AllSides sample). Per article
the spaCy pass and ``presslens.quotes.v1`` (whose attribution cues the persuasion analyzer reads) run once;
then ``presslens.persuasion.v1`` of this checkout analyses that context, and with ``--before REV`` so does the
analyzer of git revision ``REV`` (its ``src/presslens/persuasion/`` extracted with ``git archive`` into a
temporary folder and imported beside this one), taking turns at going first. Reported: seconds per ``--n``
articles (process CPU time and wall time) for each, their ratio, and whether both give the same findings
(ids, labels, offsets and attributes equal; scores within 1e-6).

    OMP_NUM_THREADS=1 nice python benchmarks/persuasion_speed.py --n 200 --before main

Writes ``benchmarks/results/persuasion_speed.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import io
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
OUT = ROOT / "benchmarks" / "results" / "persuasion_speed.json"
PACKAGE = "src/presslens/persuasion"


def _import_revision(rev: str, folder: Path) -> Any:
    """The ``PersuasionAnalyzer`` class of git revision ``rev`` (imported as ``presslens._persuasion_before``)."""
    import presslens

    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, PACKAGE], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(folder, filter="data")
    name = "presslens._persuasion_before"
    pkg = types.ModuleType(name)
    pkg.__path__ = [str(folder / PACKAGE)]
    sys.modules[name] = pkg
    presslens._persuasion_before = pkg  # type: ignore[attr-defined]
    return importlib.import_module(name + ".analyzer").PersuasionAnalyzer


def _same(a: list[Any], b: list[Any]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if (x.id, x.label, x.start, x.end) != (y.id, y.label, y.start, y.end) or json.dumps(
                x.attrs, sort_keys=True) != json.dumps(y.attrs, sort_keys=True):
            return False
        if abs(x.score - y.score) > 1e-6:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--before", default=None, metavar="REV", help="git revision to compare with (e.g. main)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2

    from presslens import Settings
    from presslens.analyzers.base import Context
    from presslens.ingest import iter_articles
    from presslens.persuasion.analyzer import PersuasionAnalyzer
    from presslens.pipeline import Pipeline

    settings = Settings(analyzers=("presslens.quotes.v1",))
    pipe = Pipeline(settings)
    quotes = pipe.analyzers[0]
    articles = [a for a in itertools.islice(iter_articles([DATA], settings), args.n) if not hasattr(a, "code")]
    variants: dict[str, Any] = {"this checkout": PersuasionAnalyzer(settings)}
    with tempfile.TemporaryDirectory() as tmp:
        if args.before:
            variants[f"revision {args.before}"] = _import_revision(args.before, Path(tmp))(settings)
        names = list(variants)
        cpu = dict.fromkeys(names, 0.0)
        wall = dict.fromkeys(names, 0.0)
        differ = []
        words = findings = 0
        warm = True
        for k, article in enumerate([articles[0], *articles]):
            nlp_doc = pipe.nlp(article)
            ctx = Context(article=article, nlp=nlp_doc, settings=settings)
            ctx.results[quotes.name] = quotes.analyze(ctx)
            out = {}
            for name in names if k % 2 == 0 else names[::-1]:
                c = dataclasses.replace(ctx, ids=set(ctx.ids), results=dict(ctx.results))
                t0, w0 = time.process_time(), time.perf_counter()
                out[name] = variants[name].analyze(c).findings
                if not warm:  # the first article warms both up and is not counted
                    cpu[name] += time.process_time() - t0
                    wall[name] += time.perf_counter() - w0
            if not warm:
                words += len(article.text.split())
                findings += len(out[names[0]])
                if len(names) > 1 and not _same(out[names[0]], out[names[1]]):
                    differ.append(article.origin or article.id)
            warm = False
    n = len(articles)
    result: dict[str, Any] = {
        "articles": n, "words": words, "findings": findings,
        "cpu_s": {k: round(v, 3) for k, v in cpu.items()}, "wall_s": {k: round(v, 3) for k, v in wall.items()},
        "note": "one process, analyzers alternating per article; CPU time is the process's own",
    }
    print(f"{n} AllSides articles, {words} words, {findings} persuasion findings (this checkout)")
    for name in names:
        print(f"  {name:<24} CPU {cpu[name]:7.2f} s   wall {wall[name]:7.2f} s")
    if len(names) > 1:
        result["before"] = args.before
        result["ratio_cpu"] = round(cpu[names[1]] / max(cpu[names[0]], 1e-9), 2)
        result["ratio_wall"] = round(wall[names[1]] / max(wall[names[0]], 1e-9), 2)
        result["articles_with_different_findings"] = differ
        print(f"  speed-up: {result['ratio_cpu']}x CPU, {result['ratio_wall']}x wall; "
              f"articles whose findings differ: {len(differ)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
