"""Reproducibly pick the articles annotated for the quantities evaluation (see README.md).

Seeded random draw from ``shared/data/news``: AllSides articles of 1,200–3,400 characters holding at least six
digit-bearing tokens, at most one per outlet, plus fake-news-corpus articles of 800–3,400 characters with at
least four, then AllSides articles of 1,500–3,600 characters with at least 15 (number-dense, from other
outlets). Prints one line per article (source, id, sha256-16 of the text, outlet).

Usage::

    python eval/quantities/select_articles.py [--allsides 19] [--fakenews 4] [--dense 8]
    # the blind set, drawn after the extractor was frozen:
    python eval/quantities/select_articles.py --seed 11 --allsides 6 --fakenews 0 --dense 4 \
        --exclude eval/quantities/gold.jsonl
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

NEWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "news"
ALLSIDES = NEWS / "allsides_sample" / "articles.jsonl"
FAKENEWS = NEWS / "fakenewscorpus_sample" / "news_sample.csv"
SEED = 5
_DIGIT_TOKEN = re.compile(r"\S*\d\S*")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def allsides() -> Iterator[tuple[str, str, str]]:
    """(id, outlet, text) of every AllSides article."""
    with ALLSIDES.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield row["ID"], row["source"], row["text"]


def fakenews() -> Iterator[tuple[str, str, str]]:
    """(id, domain, content) of every fake-news-corpus article."""
    csv.field_size_limit(sys.maxsize)
    with FAKENEWS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row["id"], row["domain"], row["content"]


def load(source: str, article_id: str) -> str:
    """The text of one article (``source`` is ``allsides`` or ``fakenews``)."""
    rows = allsides() if source == "allsides" else fakenews()
    for aid, _, text in rows:
        if aid == article_id:
            return text
    raise KeyError(f"{source}:{article_id} not found")


def pick(n_allsides: int, n_fake: int, n_dense: int, seed: int = SEED, exclude: frozenset[str] = frozenset()
         ) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    out: list[tuple[str, str, str, str]] = []
    groups = (("allsides", list(allsides()), 1200, 3400, 6, n_allsides),
              ("fakenews", list(fakenews()), 800, 3400, 4, n_fake),
              ("allsides", list(allsides()), 1500, 3600, 15, n_dense))
    for source, rows, lo, hi, min_digits, n in groups:
        rng.shuffle(rows)
        outlets = {o[3] for o in out if o[0] == source}
        taken = {o[1] for o in out}
        got = 0
        for aid, outlet, text in rows:
            if got >= n:
                break
            if not (lo <= len(text) <= hi) or outlet in outlets or aid in taken or aid in exclude:
                continue
            if len(_DIGIT_TOKEN.findall(text)) < min_digits:
                continue
            outlets.add(outlet)
            got += 1
            out.append((source, aid, text_hash(text)[:16], outlet))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--allsides", type=int, default=19)
    ap.add_argument("--fakenews", type=int, default=4)
    ap.add_argument("--dense", type=int, default=8, help="extra AllSides articles with >= 15 digit tokens")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="gold JSONL whose articles are left out (for a fresh blind set)")
    args = ap.parse_args()
    exclude = frozenset(json.loads(line)["id"] for p in args.exclude for line in p.read_text(encoding="utf-8").splitlines()
                        if line.strip())
    for row in pick(args.allsides, args.fakenews, args.dense, args.seed, exclude):
        print("\t".join(row))


if __name__ == "__main__":
    main()
