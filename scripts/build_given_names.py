"""Build ``src/presslens/attribution/given_names.py``: the gender of given names, learned from the AllSides
articles themselves (issue 9, item 15: pronoun resolution needs to know that "Hillary Clinton" is not a "he").

Evidence is read off the articles with a regular expression: a capitalised given name followed by a
capitalised surname ("Hillary Clinton", "Xavier Becerra") and, later in the same sentence with no capitalised
word (no other name) and no quotation mark in between, a nominative pronoun ("… said she", "… who said he").
Each such pair is one vote for the given name. A name enters the table with at least
``--min-votes`` votes of which at least ``--min-share`` agree, and only if the word is a proper noun in the
corpus (it occurs in lower case less than a tenth as often as capitalised, which keeps out "President" and
sentence-initial words) and not a premodifier of things (it follows "the" in under 5% of its occurrences, which
keeps out "the Senate", "the Texas law", "the Obama administration"). The 30 articles of the speaker gold sample
(``benchmarks/speakers_gold.py``) are left out so that the benchmark does not score on its own evidence.

    python scripts/build_given_names.py          # writes src/presslens/attribution/given_names.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
OUT = ROOT / "src" / "presslens" / "attribution" / "given_names.py"
_PAIR = re.compile(r"\b([A-Z][a-z]{2,})\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b([^.;!?\"“”\nA-Z]{0,80}?)"
                   r"\b(he|she|himself|herself)\b")
_GENDER = {"he": "m", "his": "m", "him": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-votes", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.75)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from speakers_gold import select_articles

    held = {d["ID"] for _, d in select_articles(DATA)}
    votes: dict[str, Counter[str]] = {}
    cap: Counter[str] = Counter()
    low: Counter[str] = Counter()
    after_the: Counter[str] = Counter()
    n_articles = 0
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["ID"] in held:
                continue
            text = d.get("text") or ""
            n_articles += 1
            for w in re.findall(r"\b[A-Za-z]{3,}\b", text):
                (cap if w[0].isupper() else low)[w.lower()] += 1
            for w in re.findall(r"\b[Tt]he\s+([A-Z][a-z]{2,})\b", text):
                after_the[w.lower()] += 1
            for m in _PAIR.finditer(text):
                votes.setdefault(m.group(1), Counter())[_GENDER[m.group(3).lower()]] += 1
    table: dict[str, str] = {}
    for name, c in sorted(votes.items()):
        n = sum(c.values())
        g, k = c.most_common(1)[0]
        if n >= args.min_votes and k / n >= args.min_share and low[name.lower()] * 10 < cap[name.lower()] \
                and after_the[name.lower()] * 20 < cap[name.lower()]:
            table[name.lower()] = g
    body = ",\n".join(f"    {k!r}: {v!r}" for k, v in sorted(table.items()))
    args.out.write_text(
        '"""Gender of given names, learned from the AllSides sample by ``scripts/build_given_names.py``\n'
        f"({n_articles} articles, min votes {args.min_votes}, min share {args.min_share}; generated, do not edit).\n"
        '"""\n\n'
        f"GIVEN_NAME_GENDER: dict[str, str] = {{\n{body},\n}}\n",
        encoding="utf-8")
    print(f"{len(table)} given names ({sum(v == 'f' for v in table.values())} f) from {n_articles} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
