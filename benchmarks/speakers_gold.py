"""Speaker clustering and pronoun resolution scored against a hand-checked gold sample (issue 9, item 15).

The gold sample (``benchmarks/data/speakers_gold.jsonl``, rules in ``benchmarks/data/speakers_gold.md``) holds,
for 30 AllSides articles picked by a fixed rule (:func:`select_articles`), every speaker mention of every quote
``presslens.quotes.v1`` extracts, with the person or body who really speaks, read off the article by hand
(annotated blind: the annotator saw the article with the mentions marked, not the system's answer). Every
third selected article is **held out** (scored only at the end of a change, never looked at while developing).

Scores, per part (dev / held-out):

- **pronoun accuracy**: he/she/him/her mentions whose resolved speaker is the gold person: the speaker entity
  also holds a named mention of that person, or its name carries the gold surname (or gold alias);
- **named-mention accuracy** by mention type (bare surname, role noun, full name), same test;
- **cluster errors** over non-pronoun mentions: *merge* = one speaker entity holding mentions of two or more
  gold speakers (counted once per extra speaker), *split* = one gold speaker spread over several entities
  (counted once per extra entity); mentions left without a speaker are counted apart;
- **speaker precision**: speaker entities that stand for exactly one real source (no non-speaker, no
  merge, not a second entity of a source already counted) over all speaker entities with gold mentions;
  **speaker recall**: gold sources that have an entity.

Usage::

    OMP_NUM_THREADS=1 nice python benchmarks/speakers_gold.py                 # dev part
    OMP_NUM_THREADS=1 nice python benchmarks/speakers_gold.py --part heldout  # at the end only
    OMP_NUM_THREADS=1 nice python benchmarks/speakers_gold.py --part all --out benchmarks/results/x.json

Writes ``benchmarks/results/speakers_gold_<part>.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "news" / "allsides_sample" / "articles.jsonl"
GOLD = ROOT / "benchmarks" / "data" / "speakers_gold.jsonl"
OUT_DIR = ROOT / "benchmarks" / "results"

#: Selection rule (documented in benchmarks/data/speakers_gold.md).
START_LINE = 4000  # the detector benchmark and earlier item-15 work used the first 200 articles
MIN_CHARS, MAX_CHARS, N_ARTICLES = 1500, 3500, 30
_SAID = re.compile(r"\b(?:said|says)\b")
_PRON_CUE = re.compile(r"\b(?:he|she) (?:said|says|added|continued|told)\b")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
NO_SOURCE = {"NOT_SPEAKER", "UNKNOWN"}


def select_articles(path: Path = DATA) -> list[tuple[str, dict[str, Any]]]:
    """(part, article) for the sample: from line ``START_LINE`` on, in file order, texts of 1,500–3,500
    characters with at least three "said/says" and one "he/she said|says|added|continued|told", at most one
    article per outlet, the first 30; every third (3rd, 6th, …) is held out."""
    out: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < START_LINE:
                continue
            d = json.loads(line)
            t = d.get("text") or ""
            if not (MIN_CHARS <= len(t) <= MAX_CHARS) or d.get("source") in seen:
                continue
            if len(_SAID.findall(t)) < 3 or not _PRON_CUE.search(t):
                continue
            seen.add(d["source"])
            out.append(("heldout" if len(out) % 3 == 2 else "dev", d))
            if len(out) >= N_ARTICLES:
                break
    return out


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


_PIPE: Any = None


def system_output(text: str) -> list[dict[str, Any]]:
    """One row per quote with a speaker mention: mention span and text, resolved speaker (id, name, kind, all
    its mention spans)."""
    global _PIPE
    from presslens import Article, Settings
    from presslens.pipeline import Pipeline

    if _PIPE is None:
        _PIPE = Pipeline(Settings(analyzers=("presslens.quotes.v1",)))
    d = _PIPE.analyze(Article(text))
    speakers = {f.id: f for f in d.findings if f.label == "attribution.speaker"}
    rows = []
    for f in d.findings:
        if f.label != "attribution.quote":
            continue
        m = _get(f.attrs, "speaker_mention")
        if not m:
            continue
        sid = _get(f.attrs, "speaker_id")
        sp = speakers.get(sid or "")
        rows.append({
            "m_start": int(_get(m, "start")), "m_end": int(_get(m, "end")), "m_text": str(_get(m, "text")),
            "speaker_id": sid, "speaker_name": str(_get(sp.attrs, "name")) if sp else None,
            "speaker_kind": str(_get(sp.attrs, "kind")) if sp else None,
            "speaker_mentions": [(int(_get(x, "start")), int(_get(x, "end")))
                                 for x in (_get(sp.attrs, "mentions") or [])] if sp else [],
        })
    return rows


def mention_type(text: str) -> str:
    """pronoun (he/she/him/her), group_pronoun (they/it/we/I/you), full_name (two or more capitalised words
    besides titles: "Mr. Rahami" is not one), single_name (one capitalised word, with or without a title:
    "Trump", "Mr. Nadler", "Facebook"), role (a common-noun phrase: "the president", "a company spokesman")."""
    low = text.lower().strip()
    if low in PERSON_PRONOUNS:
        return "pronoun"
    if low in {"they", "them", "it", "we", "i", "you", "us", "me"}:
        return "group_pronoun"
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    words = [w for w in words if w.lower() not in {"the", "a", "an"}]
    caps = [w for w in words if w[:1].isupper()]
    if caps and len(caps) == len(words):
        titles = {"mr.", "mrs.", "ms.", "dr.", "president", "sen.", "rep.", "gov.", "judge", "justice", "gen."}
        bare = [w for w in caps if w.lower() not in titles]
        return "full_name" if len(bare) >= 2 else "single_name"
    return "role"


def _aliases(g: dict[str, Any]) -> list[str]:
    if g.get("aliases"):
        return [a.lower() for a in g["aliases"]]
    toks = g["gold"].split()
    return [toks[-1].lower()] if toks else []


def _words(s: str) -> str:
    return " " + " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split()) + " "


def _name_has(name: str | None, aliases: list[str]) -> bool:
    if not name:
        return False
    low = _words(name)
    return any(_words(a) in low for a in aliases)


def score(gold: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Any]:
    by_art: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_art[g["article"]].append(g)
    acc: dict[str, Counter[str]] = defaultdict(Counter)
    merges = splits = unresolved = n_named = 0
    n_ent = n_ent_ok = n_src = n_src_found = 0
    errors: list[dict[str, Any]] = []
    for aid, gs in by_art.items():
        rows = system_output(texts[aid])
        by_span = {(r["m_start"], r["m_end"]): r for r in rows}
        gold_at = {(g["start"], g["end"]): g for g in gs}
        ent_gold: dict[str, list[str]] = defaultdict(list)  # speaker id -> gold of its non-pronoun mentions
        ent_all: dict[str, list[str]] = defaultdict(list)
        src_ents: dict[str, set[str]] = defaultdict(set)
        for g in gs:
            r = by_span.get((g["start"], g["end"]))
            mt = g["mention_type"]
            sid = r["speaker_id"] if r else None
            if sid:
                ent_all[sid].append(g["gold"])
                if mt != "pronoun":
                    ent_gold[sid].append(g["gold"])
            if g["gold"] in NO_SOURCE:
                continue
            if mt != "pronoun":
                n_named += 1
                if sid is None:
                    unresolved += 1
                else:
                    src_ents[g["gold"]].add(sid)
        # correctness of each mention with a real gold speaker
        for g in gs:
            if g["gold"] in NO_SOURCE:
                continue
            r = by_span.get((g["start"], g["end"]))
            ok = False
            if r and r["speaker_id"]:
                same = any(gold_at.get(sp, {}).get("gold") == g["gold"]
                           and gold_at[sp]["mention_type"] not in ("pronoun", "group_pronoun")
                           for sp in r["speaker_mentions"] if sp != (g["start"], g["end"]))
                ok = same or _name_has(r["speaker_name"], _aliases(g))
                if g["mention_type"] in ("pronoun", "group_pronoun") and ok:
                    # a pronoun is wrong when its entity also holds another named gold speaker
                    named = {x for x in ent_gold[r["speaker_id"]] if x not in NO_SOURCE}
                    ok = not named or named == {g["gold"]}
            acc[g["mention_type"]]["n"] += 1
            acc[g["mention_type"]]["ok"] += ok
            if not ok:
                errors.append({"article": aid, "part": g["part"], "mention": g["text"], "start": g["start"],
                               "type": g["mention_type"], "gold": g["gold"],
                               "system": r["speaker_name"] if r else None})
        for golds in ent_gold.values():
            real = {x for x in golds if x not in NO_SOURCE}
            if len(real) > 1:
                merges += len(real) - 1
                errors.append({"article": aid, "merge": sorted(real)})
        for src, sids in src_ents.items():
            if len(sids) > 1:
                splits += len(sids) - 1
                errors.append({"article": aid, "split": src, "entities": len(sids)})
        counted: set[str] = set()
        for sid, golds in ent_all.items():
            n_ent += 1
            real = Counter(x for x in golds if x not in NO_SOURCE)
            if len(real) == 1:
                src = next(iter(real))
                if src not in counted and len(set(ent_gold.get(sid, [])) - NO_SOURCE) <= 1:
                    n_ent_ok += 1
                    counted.add(src)
            elif not real:
                errors.append({"article": aid, "non_speaker_entity": sorted(set(golds))})
        gsrc = {g["gold"] for g in gs if g["gold"] not in NO_SOURCE}
        n_src += len(gsrc)
        n_src_found += len(gsrc & counted)
    table = {t: {"n": c["n"], "correct": c["ok"], "accuracy": round(c["ok"] / c["n"], 3) if c["n"] else None}
             for t, c in sorted(acc.items())}
    return {
        "articles": len(by_art), "mentions": len(gold), "accuracy_by_mention_type": table,
        "merge_errors": merges, "split_errors": splits, "named_mentions": n_named,
        "named_mentions_without_speaker": unresolved,
        "speaker_entities": n_ent, "speaker_precision": round(n_ent_ok / n_ent, 3) if n_ent else None,
        "gold_sources": n_src, "speaker_recall": round(n_src_found / n_src, 3) if n_src else None,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    gold = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    gold = [g for g in gold if args.part == "all" or g["part"] == args.part]
    texts = {d["ID"]: d["text"] for _, d in select_articles()}
    missing = {g["article"] for g in gold} - set(texts)
    if missing:
        print(f"gold articles not in the selection: {sorted(missing)}", file=sys.stderr)
        return 2
    res = score(gold, texts)
    res["part"] = args.part
    print(f"part: {args.part}  articles: {res['articles']}  gold mentions: {res['mentions']}")
    print(f"{'mention type':<16}{'n':>5}{'correct':>9}{'accuracy':>10}")
    for t, c in res["accuracy_by_mention_type"].items():
        print(f"{t:<16}{c['n']:>5}{c['correct']:>9}{c['accuracy'] if c['accuracy'] is not None else '-':>10}")
    for k in ("merge_errors", "split_errors", "named_mentions", "named_mentions_without_speaker",
              "speaker_entities", "speaker_precision", "gold_sources", "speaker_recall"):
        print(f"{k:<32}{res[k]}")
    out = args.out or OUT_DIR / f"speakers_gold_{args.part}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
