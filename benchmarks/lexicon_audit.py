"""Do the editorial and persuasion lexicons earn their place on data other than the example article?

For every phrase of the editorial lexicons (intensifiers, outlet-voice phrases and verbs, boosters, hedges) and
of the persuasion cue lexicons, count the documents that contain it in corpora we did not write the rules from:

- the AllSides sample (8,000 news articles, ``news/allsides_sample``),
- PTC train articles (``ptc/train``; the persuasion model's training data),
- CheckThat! subjectivity train sentences (``subjectivity/train_en.tsv``),

and whether the example article (``examples/palmyra.txt``) contains it. A phrase "earns its place" when it occurs
in at least ``--min-docs`` AllSides articles or in any PTC/subjectivity train document. The editorial lexicons
must have no phrase that fails (``tests/editorial/test_lexicon_audit.py`` reads the JSON); the persuasion
lexicon's failures are listed for its owner (they are model features, dropping them means retraining).

    python benchmarks/lexicon_audit.py            # table + benchmarks/results/lexicon_audit.json
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()), ROOT / ".." / "shared")
DATA = SHARED / "data"
OUT = ROOT / "benchmarks" / "results" / "lexicon_audit.json"
#: AllSides documents a phrase needs (when no PTC/subjectivity document has it) to earn its place.
MIN_DOCS = 2


class Corpus:
    """Lower-cased documents joined into one string, with document boundaries for document frequency."""

    def __init__(self, name: str, docs: Iterable[str]) -> None:
        self.name = name
        parts: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for d in docs:
            d = d.lower().replace("’", "'")
            self.starts.append(pos)
            parts.append(d)
            pos += len(d) + 2
        self.text = "\n\x00".join(parts)
        self.n = len(self.starts)

    def doc_freq(self, rx: re.Pattern[str]) -> int:
        docs = {bisect.bisect_right(self.starts, m.start()) - 1 for m in rx.finditer(self.text)}
        return len(docs)


def phrase_pattern(phrase: str) -> str:
    p = phrase.lower().replace("’", "'")
    p = re.sub(r" (n't|'[a-z]+)", r"\1", p)  # persuasion phrases are spaCy-tokenised: "do n't" → "don't"
    return re.escape(p).replace("\\ ", r"\s+")


def phrase_regex(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + phrase_pattern(phrase) + r"(?![\w-])")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'"))


def load_corpora() -> dict[str, Corpus]:
    out: dict[str, Corpus] = {}
    allsides = DATA / "news" / "allsides_sample" / "articles.jsonl"
    if allsides.exists():
        with allsides.open(encoding="utf-8") as fh:
            out["allsides"] = Corpus("allsides", (json.loads(line).get("text") or "" for line in fh))
    ptc = DATA / "ptc" / "train" / "train-articles"
    if ptc.is_dir():
        out["ptc_train"] = Corpus("ptc_train", (p.read_text(encoding="utf-8") for p in sorted(ptc.glob("*.txt"))))
    subj = DATA / "subjectivity" / "train_en.tsv"
    if subj.exists():
        with subj.open(encoding="utf-8", newline="") as fh:
            out["subj_train"] = Corpus("subj_train", (r["sentence"] for r in csv.DictReader(fh, delimiter="\t")))
    return out


def lexicons() -> dict[str, tuple[str, ...]]:
    from presslens.editorial.certainty import BOOSTERS, HEDGES
    from presslens.editorial.voice import INTENSIFIERS, OUTLET_PHRASES, OUTLET_VERBS, STANCE_ADVERBS
    from presslens.persuasion.lexicons import LEXICONS

    lex = {
        "editorial.intensifier": INTENSIFIERS,
        "editorial.outlet_voice.phrase": OUTLET_PHRASES,
        "editorial.outlet_voice.verb": tuple(f"we {v}" for v in OUTLET_VERBS),
        "editorial.stance_adverb": STANCE_ADVERBS,
        "editorial.booster": BOOSTERS,
        "editorial.hedge": HEDGES,
    }
    for technique, phrases in LEXICONS.items():
        lex[f"persuasion.{technique}"] = phrases
    return lex


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-docs", type=int, default=MIN_DOCS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--only", default="", help="audit only lexicons whose name starts with this (e.g. editorial)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    corpora = load_corpora()
    if "allsides" not in corpora:
        print(f"AllSides sample not found under {DATA}", file=sys.stderr)
        return 2
    palmyra_path = SHARED / "examples" / "palmyra.txt"
    palmyra = palmyra_path.read_text(encoding="utf-8").lower().replace("’", "'") if palmyra_path.exists() else ""
    results: dict[str, list[dict[str, object]]] = {}
    failing: dict[str, list[str]] = {}
    for name, phrases in lexicons().items():
        if not name.startswith(args.only):
            continue
        uniq = sorted(set(phrases))
        counts = {p: {c.name: 0 for c in corpora.values()} for p in uniq}
        # one scan per lexicon and corpus (longest phrase wins where phrases nest) …
        norm = {_norm(p): p for p in uniq}
        combined = re.compile(r"(?<![\w-])(?:" + "|".join(phrase_pattern(p)
                                                          for p in sorted(uniq, key=len, reverse=True)) + r")(?![\w-])")
        for c in corpora.values():
            seen: dict[str, set[int]] = {}
            for m in combined.finditer(c.text):
                key = norm.get(_norm(m.group(0)))
                if key is not None:
                    seen.setdefault(key, set()).add(bisect.bisect_right(c.starts, m.start()) - 1)
            for key, docs in seen.items():
                counts[key][c.name] = len(docs)
        rows = []
        for phrase in uniq:
            rx = phrase_regex(phrase)
            got = counts[phrase]
            if got["allsides"] < args.min_docs:  # … and an exact scan where a nested phrase may have hidden it
                got = {c.name: c.doc_freq(rx) for c in corpora.values()}
            other = sum(v for k, v in got.items() if k != "allsides")
            earns = got["allsides"] >= args.min_docs or other > 0
            rows.append({"phrase": phrase, **got, "in_example": bool(rx.search(palmyra)), "earns_place": earns})
            if not earns:
                failing.setdefault(name, []).append(phrase)
        results[name] = rows
    print("corpora: " + ", ".join(f"{c.name} {c.n} docs" for c in corpora.values()))
    print(f"rule: a phrase earns its place with >= {args.min_docs} AllSides articles or any PTC/subjectivity train doc\n")
    print(f"{'lexicon':34} {'phrases':>8} {'fail':>5} {'in example':>10}  failing phrases")
    for name, rows in results.items():
        fails = failing.get(name, [])
        print(f"{name:34} {len(rows):8d} {len(fails):5d} {sum(1 for r in rows if r['in_example']):10d}  "
              + ", ".join(fails[:12]) + (" …" if len(fails) > 12 else ""), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "command": "python benchmarks/lexicon_audit.py",
        "min_docs": args.min_docs,
        "corpora": {c.name: c.n for c in corpora.values()},
        "failing": failing,
        "lexicons": results,
        "seconds": round(time.perf_counter() - t0, 1),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
