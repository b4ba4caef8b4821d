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

A pair only votes when spaCy's named-entity recogniser (the pipeline presslens loads) reads the given name as
the **first word of a PERSON entity** in its context (``--no-ner`` turns this off). The capitalisation tests
alone let in words that open other capitalised phrases followed by a pronoun: boilerplate ("Advertisement"),
organisations ("Fox News", "BuzzFeed", "Bain Capital"), places ("New York", "North Carolina", "Rhode Island"),
titles of works ("Grammy") and middle names ("Christine Blasey Ford", "Alison Lundergan Grimes"); NER labels
those votes ORG, GPE, WORK_OF_ART, inside-PERSON or nothing (figures in docs/attribution.md). Only names with
``--min-votes`` raw votes are run through NER (a name with fewer cannot pass), about 4,900 contexts.

    python scripts/build_given_names.py          # writes src/presslens/attribution/given_names.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
OUT = ROOT / "src" / "presslens" / "attribution" / "given_names.py"
_PAIR = re.compile(r"\b([A-Z][a-z]{2,})\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b([^.;!?\"“”\nA-Z]{0,80}?)"
                   r"\b(he|she|himself|herself)\b")
_GENDER = {"he": "m", "his": "m", "him": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


#: Characters of text before a pair handed to NER with it (enough for a title or a preceding name).
CONTEXT_BEFORE = 60


def ner_labels(pairs: list[tuple[str, str, str, int]]) -> list[str]:
    """The NER label (``B-PERSON``, ``I-ORG``, ``O``…) of each pair's given name, read in its context."""
    import spacy

    from presslens.nlp import DEFAULT_MODELS

    nlp = None
    for name in DEFAULT_MODELS:
        try:
            nlp = spacy.load(name, exclude=["parser", "lemmatizer"])
            break
        except OSError:
            continue
    if nlp is None:
        raise SystemExit(f"no spaCy pipeline found (tried {', '.join(DEFAULT_MODELS)}); or pass --no-ner")
    out = []
    for (_, _, _, offset), doc in zip(pairs, nlp.pipe((p[2] for p in pairs), batch_size=256), strict=True):
        tok = next((t for t in doc if t.idx == offset), None)
        out.append(f"{tok.ent_iob_}-{tok.ent_type_}" if tok is not None and tok.ent_type_ else "O")
    return out


def _passes(c: Counter[str], key: str, ev: Evidence, min_votes: int, min_share: float) -> bool:
    n = sum(c.values())
    if not n:
        return False
    k = c.most_common(1)[0][1]
    return n >= min_votes and k / n >= min_share and ev.low[key] * 10 < ev.cap[key] \
        and ev.after_the[key] * 20 < ev.cap[key]


@dataclass
class Evidence:
    """What the texts say: (given name, gender, context, offset) pairs and capitalisation counts."""

    pairs: list[tuple[str, str, str, int]] = field(default_factory=list)
    cap: Counter[str] = field(default_factory=Counter)
    low: Counter[str] = field(default_factory=Counter)
    after_the: Counter[str] = field(default_factory=Counter)

    def add(self, text: str) -> None:
        for w in re.findall(r"\b[A-Za-z]{3,}\b", text):
            (self.cap if w[0].isupper() else self.low)[w.lower()] += 1
        for w in re.findall(r"\b[Tt]he\s+([A-Z][a-z]{2,})\b", text):
            self.after_the[w.lower()] += 1
        for m in _PAIR.finditer(text):
            start = max(0, m.start() - CONTEXT_BEFORE)
            self.pairs.append((m.group(1), _GENDER[m.group(3).lower()], text[start:m.end()], m.start() - start))


def build_table(ev: Evidence, min_votes: int = 3, min_share: float = 0.75, ner: bool = True
                ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The table (lower-case given name → "m"/"f") and a per-name report (votes by NER label, kept or not,
    kept under the rule without NER)."""
    raw = Counter(p[0] for p in ev.pairs)
    pairs = [p for p in ev.pairs if raw[p[0]] >= min_votes]  # fewer raw votes can never pass
    labels = ner_labels(pairs) if ner else ["B-PERSON"] * len(pairs)
    votes: dict[str, Counter[str]] = {}
    all_votes: dict[str, Counter[str]] = {}
    by_label: dict[str, Counter[str]] = {}
    for (name, gender, _, _), label in zip(pairs, labels, strict=True):
        by_label.setdefault(name, Counter())[label] += 1
        all_votes.setdefault(name, Counter())[gender] += 1
        if label == "B-PERSON":
            votes.setdefault(name, Counter())[gender] += 1
    table = {name.lower(): c.most_common(1)[0][0] for name, c in sorted(votes.items())
             if _passes(c, name.lower(), ev, min_votes, min_share)}
    report = {n.lower(): {"labels": dict(c.most_common()), "kept": n.lower() in table,
                          "kept_without_ner": _passes(all_votes[n], n.lower(), ev, min_votes, min_share)}
              for n, c in sorted(by_label.items())}
    return table, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-votes", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.75)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-ner", action="store_true", help="count every pair (the table before the NER check)")
    ap.add_argument("--report", type=Path, default=None,
                    help="write a JSON report: per name, its votes by NER label and whether it is kept")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from speakers_gold import select_articles

    held = {d["ID"] for _, d in select_articles(DATA)}
    ev = Evidence()
    n_articles = 0
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["ID"] in held:
                continue
            ev.add(d.get("text") or "")
            n_articles += 1
    table, report = build_table(ev, args.min_votes, args.min_share, ner=not args.no_ner)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    body = ",\n".join(f"    {k!r}: {v!r}" for k, v in sorted(table.items()))
    args.out.write_text(
        '"""Gender of given names, learned from the AllSides sample by ``scripts/build_given_names.py``\n'
        f"({n_articles} articles, min votes {args.min_votes}, min share {args.min_share}"
        f"{'' if args.no_ner else ', votes checked by NER'}; generated, do not edit).\n"
        '"""\n\n'
        f"GIVEN_NAME_GENDER: dict[str, str] = {{\n{body},\n}}\n",
        encoding="utf-8")
    print(f"{len(table)} given names ({sum(v == 'f' for v in table.values())} f) from {n_articles} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
