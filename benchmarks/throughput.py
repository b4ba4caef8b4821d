"""Throughput of ingestion + NLP + analyzers on a sample of real news articles.

Prints a table and writes ``benchmarks/results/throughput.json``. One process, so the figures are per core.

    python benchmarks/throughput.py                       # 200 AllSides articles, all analyzers
    python benchmarks/throughput.py --analyzers presslens.voice.v1,presslens.hedging.v1 --n 200
    python benchmarks/throughput.py --n 200 --analyzers all --vs-spacy    # full dossier vs plain spaCy

``--vs-spacy`` also times a plain ``en_core_web_sm`` pass with its full default pipeline (tok2vec, tagger,
parser, attribute ruler, lemmatizer, NER on every sentence, ``nlp.pipe`` with the same batch size) over the
same article texts, interleaved with the presslens run chunk by chunk (so that load from other processes
hits both alike), and reports ``presslens speed / spaCy speed`` (≥ 1.0: the full dossier is at least as fast
as the plain spaCy pass).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
FOUNDATION = ("presslens.quality.v1", "presslens.voice.v1", "presslens.hedging.v1", "presslens.republication.v1")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL/CSV corpus (default: AllSides sample)")
    ap.add_argument("--n", type=int, default=200, help="articles to process (default 200)")
    ap.add_argument("--analyzers", default=",".join(FOUNDATION),
                    help="comma-separated analyzers, or 'all' (default: the foundation analyzers)")
    ap.add_argument("--parse", default="lazy", choices=("lazy", "full", "none"))
    ap.add_argument("--vs-spacy", action="store_true", help="compare with a plain en_core_web_sm full pass")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "throughput.json")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2

    from presslens import Dossier, Settings, __version__
    from presslens.ingest import iter_articles
    from presslens.pipeline import Pipeline

    names = None if args.analyzers == "all" else tuple(a for a in args.analyzers.split(",") if a)
    settings = Settings(analyzers=names, parse=args.parse)
    t_load = time.perf_counter()
    pipe = Pipeline(settings)
    load_s = time.perf_counter() - t_load

    t0 = time.perf_counter()
    items = list(itertools.islice(iter_articles([args.data], settings), args.n))
    ingest_s = time.perf_counter() - t0
    articles = [a for a in items if not hasattr(a, "code")]

    spacy_s = None
    if args.vs_spacy:
        import spacy

        plain = spacy.load(_plain_model_name())
        list(plain.pipe(["Warm up the plain pipeline, he said."]))
        pipe.analyze(articles[0])  # warm-up of lazy loads, as for spaCy
        results = []
        analyze_s = spacy_s = 0.0
        step = settings.batch_size
        for k in range(0, len(articles), step):
            chunk = articles[k : k + step]
            t1 = time.perf_counter()
            for _ in plain.pipe((a.text for a in chunk), batch_size=step):
                pass
            spacy_s += time.perf_counter() - t1
            t1 = time.perf_counter()
            results.extend(pipe.analyze_many(chunk))
            analyze_s += time.perf_counter() - t1
    else:
        t1 = time.perf_counter()
        results = list(pipe.analyze_many(articles))
        analyze_s = time.perf_counter() - t1

    dossiers = [d for d in results if isinstance(d, Dossier)]
    failures = [f for f in items if hasattr(f, "code")] + [f for f in results if not isinstance(f, Dossier)]
    words = sum(d.article.word_count for d in dossiers)
    per_stage: dict[str, float] = defaultdict(float)
    sents = parsed = 0
    for d in dossiers:
        for k, v in d.provenance["timing_seconds"].items():
            per_stage[k] += v
        sents += d.provenance.get("sentences", 0)
        parsed += d.provenance.get("sentences_parsed", 0)
    nlp_s = per_stage.pop("nlp", 0.0)
    analyzers_s = sum(per_stage.values())
    total = ingest_s + analyze_s
    rows = [
        ("articles", len(dossiers)), ("failed inputs", len(failures)), ("words", words),
        ("pipeline load (s)", round(load_s, 2)), ("ingest (s)", round(ingest_s, 2)), ("spaCy base pass (s)", round(nlp_s, 2)),
        ("analyzers (s)", round(analyzers_s, 2)), ("analyzers / spaCy", round(analyzers_s / max(nlp_s, 1e-9), 3)),
        ("sentences parsed / total", f"{parsed}/{sents}"),
        ("articles/s (end to end)", round(len(dossiers) / total, 2)), ("words/s (end to end)", round(words / total)),
    ]
    if spacy_s is not None:
        rows += [("plain spaCy full pass (s)", round(spacy_s, 2)),
                 ("presslens analyze, same articles (s)", round(analyze_s, 2)),
                 ("plain spaCy words/s", round(words / spacy_s)),
                 ("presslens words/s (analyze only)", round(words / analyze_s)),
                 ("presslens / plain spaCy speed", round(spacy_s / analyze_s, 3))]
    for k, v in sorted(per_stage.items(), key=lambda kv: -kv[1]):
        rows.append((f"  {k} (s)", round(v, 3)))
    width = max(len(r[0]) for r in rows)
    print(f"presslens {__version__} throughput, one process, {len(dossiers)} articles from {args.data.name}")
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}")
    result = {
        "presslens": __version__, "python": platform.python_version(), "machine": platform.machine(),
        "cpu_count": os.cpu_count(), "data": str(args.data.name), "n_requested": args.n,
        "analyzers": [a.name for a in pipe.analyzers], "parse": args.parse,
        "articles": len(dossiers), "failures": [f.to_dict() for f in failures],
        "words": words, "load_s": load_s, "ingest_s": ingest_s, "nlp_s": nlp_s, "analyzers_s": analyzers_s,
        "analyzers_over_nlp": analyzers_s / max(nlp_s, 1e-9), "per_analyzer_s": dict(per_stage),
        "sentences": sents, "sentences_parsed": parsed, "articles_per_s": len(dossiers) / total,
        "words_per_s": words / total, "plain_spacy_s": spacy_s, "analyze_s": analyze_s,
        "speed_vs_plain_spacy": (spacy_s / analyze_s) if spacy_s else None, "median_words": statistics.median([d.article.word_count for d in dossiers] or [0]),
        "command": "python benchmarks/throughput.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.out}")
    return 0


def _plain_model_name() -> str:
    """The spaCy package presslens loaded (its plain, unmodified pipeline is loaded again for the comparison)."""
    import importlib.util

    from presslens.nlp import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("no en_core_web_sm package found")


if __name__ == "__main__":
    raise SystemExit(main())
