"""Speaker clustering errors on AllSides articles (issue 9, item 15), counted by detectors, not by hand.

The AllSides sample has no speaker gold, so this script counts errors that can be recognised mechanically
in the ``attribution.speaker`` findings of the first ``--n`` articles (file order, texts over 500 chars):

- **split surname**: two person speakers of one article share a surname ("Donald Trump" / "Trump"): one
  person counted twice;
- **unlinked role**: a person speaker named only by a role word ("president", "the governor") while another
  person speaker of the article carries that word in name or role ("President Donald Trump");
- **non-speaker**: a speaker named "you", "number", "law", "Twitter"… (no source at all);
- **parties**: independent parties per article (mean) and articles with more parties than 6.

Run it on two checkouts (``PYTHONPATH``) to compare code versions on the same articles::

    OMP_NUM_THREADS=1 nice python benchmarks/speakers_allsides.py --n 200

Writes ``benchmarks/results/speakers_allsides.json`` (or ``--out``). Pronoun errors need gold: they are
scored on the hand-checked sample by ``benchmarks/speakers_gold.py``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
OUT = ROOT / "benchmarks" / "results" / "speakers_allsides.json"
NOT_SPEAKERS = {"you", "number", "a number", "law", "the law", "twitter", "facebook"}
ROLE_WORDS = {"president", "governor", "mayor", "senator", "judge", "minister", "secretary", "spokesman",
              "spokeswoman", "chairman", "director", "justice", "attorney", "sheriff", "chief"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    from presslens import Article, Settings
    from presslens.pipeline import Pipeline

    texts = []
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if len(d.get("text") or "") > 500:
                texts.append(d["text"])
            if len(texts) >= args.n:
                break
    pipe = Pipeline(Settings(analyzers=("presslens.quotes.v1", "presslens.sourcing.v1")))
    split = unlinked = nonspk = n_speakers = 0
    parties: list[int] = []
    examples: dict[str, list[str]] = {"split": [], "unlinked": [], "non_speaker": []}
    for text in texts:
        d = pipe.analyze(Article(text))
        sps = [f.attrs for f in d.findings if f.label == "attribution.speaker"]
        n_speakers += len(sps)
        persons = [s for s in sps if s.get("kind") == "person"]
        for a, b in itertools.combinations(persons, 2):
            sa, sb = str(a.get("name", "")).split(), str(b.get("name", "")).split()
            if sa and sb and sa[-1].lower() == sb[-1].lower() and sa[-1][:1].isupper():
                split += 1
                examples["split"].append(f"{a.get('name')} / {b.get('name')}")
        for s in persons:
            name = re.sub(r"^(?:the|a|an)\s+", "", str(s.get("name", "")).lower())
            if name in ROLE_WORDS and any(
                o is not s and name in f"{o.get('name', '')} {o.get('role', '')}".lower() for o in persons
            ):
                unlinked += 1
                examples["unlinked"].append(name)
        for s in sps:
            if str(s.get("name", "")).lower().strip() in NOT_SPEAKERS:
                nonspk += 1
                examples["non_speaker"].append(str(s.get("name")))
        parties.append(int(d.indicators.get("attribution_independent_parties") or 0))
    result = {
        "articles": len(texts), "speakers": n_speakers, "split_surname_pairs": split, "unlinked_roles": unlinked,
        "non_speakers": nonspk, "mean_independent_parties": round(sum(parties) / max(1, len(parties)), 3),
        "articles_over_6_parties": sum(p > 6 for p in parties),
        "examples": {k: v[:15] for k, v in examples.items()},
    }
    for k, v in result.items():
        if k != "examples":
            print(f"{k:<28} {v}")
    print("examples:", json.dumps(result["examples"], ensure_ascii=False)[:800])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
