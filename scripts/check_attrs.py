"""Check the typed finding attrs on real articles: every finding's attrs follow its label's class and survive
a round trip through it byte for byte (``presslens.dossier.attrs``).

    python scripts/check_attrs.py [N]     # the examples plus the first N AllSides articles (default 50)

Prints one row per label (findings, analyzers) and exits 1 if any finding fails.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import islice
from pathlib import Path

from presslens import Settings
from presslens.dossier.attrs import AttrsError, attrs_class
from presslens.ingest.corpus import iter_corpus
from presslens.ingest.sources import load
from presslens.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main(n: int = 50) -> int:
    paths = [SHARED / "examples" / "palmyra.txt", ROOT / "examples" / "harbour-bridge.html"]
    articles = [load(p) for p in paths if p.exists()]
    news = SHARED / "data" / "news" / "allsides_sample" / "articles.jsonl"
    if news.exists():
        articles += [a for a in islice(iter_corpus(news, Settings()), n) if not hasattr(a, "code")]
    pipe = Pipeline(Settings())
    counts: dict[str, int] = defaultdict(int)
    producers: dict[str, set[str]] = defaultdict(set)
    failures: list[str] = []
    for art in articles:
        d = pipe.analyze(art)
        failures += [f"{art.origin}: {r.name} failed: {r.reason}" for r in d.runs if r.status == "failed"]
        for f in d.findings:
            counts[f.label] += 1
            producers[f.label].add(f.analyzer)
            cls = attrs_class(f.label)
            if cls is None:
                failures.append(f"{art.origin}: {f.label} has no typed attrs class")
                continue
            try:
                back = cls.from_dict(f.attrs).to_dict()
            except AttrsError as exc:
                failures.append(f"{art.origin}: {exc}")
                continue
            if json.dumps(back, ensure_ascii=False) != json.dumps(f.attrs, ensure_ascii=False):
                failures.append(f"{art.origin}: {f.id} does not round-trip through {cls.__name__}")
    print(f"{len(articles)} articles, {sum(counts.values())} findings, {len(counts)} labels")
    print(f"{'label':40} {'class':28} {'findings':>8}  analyzers")
    for label in sorted(counts):
        cls = attrs_class(label)
        print(f"{label:40} {cls.__name__ if cls else '-':28} {counts[label]:>8}  {', '.join(sorted(producers[label]))}")
    for line in failures[:50]:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
