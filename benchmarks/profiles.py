"""Speed of both profiles against a plain en_core_web_sm pass, on the same articles, in one run.

Three systems over the same N AllSides articles (default 200), one process, interleaved in one run so the
machine's load hits them alike (the development machine is shared; compare the ratios, not the absolute figures):

``spacy``     ``spacy.load("en_core_web_sm")`` (or the bundled copy) with its default pipeline, ``nlp.pipe``;
``fast``      the full default dossier (every built-in analyzer), ``--profile fast``;
``accurate``  the same with ``--profile accurate`` (shared encoder + heads).

Also measured: cold start of each profile (loading the pipeline and models, then the first article) in a fresh
subprocess. Writes ``benchmarks/results/profiles.json``.

``--steps`` instead times the accurate profile step by step over the same articles (the spaCy pass, the encoder:
tokenising and windowing, onnxruntime; each analyzer after the encoder; inside persuasion the span tagger's head,
its Viterbi decoding and the technique head) and counts encoder calls per article; writes
``benchmarks/results/profiles_steps.json``.

Usage (one thread for spaCy and one for the encoder: the script sets ``PRESSLENS_ENCODER_THREADS``,
``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS`` and ``MKL_NUM_THREADS`` to 1 unless they are set)::

    python benchmarks/profiles.py --n 200 --rounds 1
    python benchmarks/profiles.py --n 200 --rounds 3 --no-cold   # interleaved rounds on a shared machine
    python benchmarks/profiles.py --n 50 --steps
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

# one core each, spaCy and the encoder alike (numpy and onnxruntime are imported later; an explicit setting wins)
for _var in ("PRESSLENS_ENCODER_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
OUT = ROOT / "benchmarks" / "results" / "profiles.json"
OUT_STEPS = ROOT / "benchmarks" / "results" / "profiles_steps.json"

COLD = """
import time, sys
t0 = time.perf_counter()
from presslens.api import load_pipeline
from presslens.ingest import from_text
pipe = load_pipeline(profile=sys.argv[1])
t1 = time.perf_counter()
pipe.analyze(from_text(open(sys.argv[2], encoding="utf-8").read()))
t2 = time.perf_counter()
print(round(t1 - t0, 2), round(t2 - t0, 2))
"""


def _plain_model_name() -> str:
    """The first spaCy package of presslens's defaults that is installed (as ``benchmarks/throughput.py`` does)."""
    import importlib.util

    from presslens.nlp import DEFAULT_MODELS

    return next(n for n in DEFAULT_MODELS if importlib.util.find_spec(n) is not None)


def _timed(owner: object, attr: str, key: str, clock: dict[str, float], calls: dict[str, int]) -> None:
    """Wrap ``owner.attr`` so that its wall time adds up in ``clock[key]`` and its calls in ``calls[key]``."""
    import functools

    fn = getattr(owner, attr)

    @functools.wraps(fn)
    def wrapper(*a: object, **k: object) -> object:
        t0 = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            clock[key] = clock.get(key, 0.0) + time.perf_counter() - t0
            calls[key] = calls.get(key, 0) + 1

    setattr(owner, attr, wrapper)


def steps(articles: list, out: Path) -> int:
    """The accurate profile step by step (see module docstring); one article at a time, as ``analyze``."""
    import presslens.encoders as encoders
    import presslens.persuasion.accurate as technique
    import presslens.persuasion.accurate_si as si
    from presslens.config import Settings
    from presslens.pipeline import Pipeline

    pipe = Pipeline(Settings(profile="accurate"))
    clock: dict[str, float] = {}
    calls: dict[str, int] = {}
    _timed(encoders.Encoder, "encode_ids", "encoder: onnxruntime (encode_ids)", clock, calls)
    _timed(encoders.Encoder, "encode", "encoder: span/sentence texts (encode)", clock, calls)
    _timed(encoders, "_article_windows", "encoder: tokenise + windows", clock, calls)
    _timed(encoders, "encode_texts", "encoder: whole pass (encode_texts)", clock, calls)
    _timed(si.SpanTagger, "token_proba", "persuasion: span tagger head", clock, calls)
    _timed(si, "viterbi", "persuasion: Viterbi", clock, calls)
    _timed(technique.AccurateTechniques, "proba", "persuasion: technique head + mix", clock, calls)
    per_analyzer: dict[str, float] = {}
    for art in articles:
        d = pipe.analyze(art)
        for k, v in d.provenance["timing_seconds"].items():
            per_analyzer[k] = per_analyzer.get(k, 0.0) + v
    n = len(articles)
    enc_total = clock.get("encoder: whole pass (encode_texts)", 0.0)
    # the encoder pass runs inside whichever analyzer asks first: report the analyzers without it
    first = [k for k in per_analyzer if k != "nlp"]
    result = {
        "articles": n,
        # passes that did work (encode_texts is also called, and answers from the cache, for each later analyzer)
        "encoder_calls_per_article": {k: round(v / n, 3) for k, v in calls.items()
                                      if k.startswith("encoder") and "whole pass" not in k},
        "steps_s_per_article": {k: round(v / n, 4) for k, v in sorted(clock.items())},
        "analyzers_s_per_article_including_encoder": {k: round(v / n, 4) for k, v in per_analyzer.items()},
        "total_s_per_article": round(sum(per_analyzer.values()) / n, 4),
        "encoder_s_per_article": round(enc_total / n, 4),
        "analyzers": first,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'step':44} {'s/article':>10}")
    for k, v in result["steps_s_per_article"].items():  # type: ignore[union-attr]
        print(f"{k:44} {v:>10}")
    print("-- per analyzer (the first to ask pays the encoder pass)")
    for k, v in sorted(result["analyzers_s_per_article_including_encoder"].items(), key=lambda kv: -kv[1]):  # type: ignore[union-attr]
        print(f"{k:44} {v:>10}")
    print(f"{'total':44} {result['total_s_per_article']:>10}")
    print("encoder calls per article:", json.dumps(result["encoder_calls_per_article"]))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds; each system's best round is kept")
    ap.add_argument("--steps", action="store_true", help="time the accurate profile step by step instead")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start subprocesses")
    ap.add_argument("--cold-repeats", type=int, default=3, help="fresh processes per profile for the cold start")
    ap.add_argument("--out", type=Path, default=None, help="results JSON (default benchmarks/results/profiles.json, "
                    "or profiles_steps.json with --steps)")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    import spacy

    from presslens.config import Settings
    from presslens.ingest import iter_articles
    from presslens.pipeline import Pipeline

    articles = [a for a in iter_articles([DATA], Settings()) if not hasattr(a, "code")][: args.n]
    if args.steps:
        return steps(articles, args.out or OUT_STEPS)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    # the same spaCy package presslens loads, loaded again with spacy.load: its plain, unmodified default pipeline
    # (presslens's own loader swaps in array versions of the attribute ruler and lemmatizer, which would make the
    # baseline faster than the plain pass the issue compares against)
    plain = spacy.load(_plain_model_name())
    pipes = {p: Pipeline(Settings(profile=p)) for p in ("fast", "accurate")}
    timings: dict[str, list[float]] = {"spacy": [], "fast": [], "accurate": []}
    failures = {"fast": 0, "accurate": 0}
    load_start = os.getloadavg()
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in plain.pipe(texts, batch_size=16):
            pass
        timings["spacy"].append(time.perf_counter() - t0)
        for name, pipe in pipes.items():
            t0 = time.perf_counter()
            failures[name] = sum(1 for d in pipe.analyze_many(articles) if not hasattr(d, "findings"))
            timings[name].append(time.perf_counter() - t0)
    best = {k: min(v) for k, v in timings.items()}
    result: dict[str, object] = {
        "articles": len(texts), "words": words, "rounds": args.rounds,
        "seconds_best": {k: round(v, 2) for k, v in best.items()},
        "seconds_all_rounds": {k: [round(x, 2) for x in v] for k, v in timings.items()},
        "ratio_per_round": [{k: round(timings["spacy"][r] / timings[k][r], 3) for k in ("fast", "accurate")}
                            for r in range(args.rounds)],
        "load_average_1min": {"start": round(load_start[0], 2), "end": round(os.getloadavg()[0], 2)},
        "articles_per_s": {k: round(len(texts) / v, 2) for k, v in best.items()},
        "ratio_to_spacy": {k: round(best["spacy"] / v, 3) for k, v in best.items()},
        "failures": failures, "spacy_pipeline": plain.pipe_names,
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count(), "encoder_threads": os.environ.get("PRESSLENS_ENCODER_THREADS"),
                    "omp_threads": os.environ.get("OMP_NUM_THREADS"),
                    "note": "ratios within this run are what to compare; a load average above the CPU count means "
                            "other jobs shared the machine"},
    }
    cold = {}
    sample = ROOT / ".." / "shared" / "examples" / "palmyra.txt"
    for prof in () if args.no_cold else ("fast", "accurate"):
        runs = []
        for _ in range(args.cold_repeats):  # fresh processes; the median is kept (a shared machine swings them)
            out = subprocess.run([sys.executable, "-c", COLD, prof, str(sample)], capture_output=True, text=True,
                                 check=True).stdout.split()
            runs.append((float(out[0]), float(out[1])))
        cold[prof] = {"load_s": statistics.median(r[0] for r in runs),
                      "load_and_first_article_s": statistics.median(r[1] for r in runs), "runs": len(runs)}
    result["cold_start"] = cold
    out_path = args.out or OUT
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'system':10} {'articles/s':>10} {'× spaCy':>8}")
    for k in ("spacy", "fast", "accurate"):
        print(f"{k:10} {result['articles_per_s'][k]:>10} {result['ratio_to_spacy'][k]:>8}")  # type: ignore[index]
    print("per round:", json.dumps(result["ratio_per_round"]), "load average:", json.dumps(result["load_average_1min"]))
    print("cold start:", json.dumps(cold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
