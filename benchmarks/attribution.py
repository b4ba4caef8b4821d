"""Benchmark of presslens.quotes.v1 against PolNeAR and the hand-annotated news set, with a textacy baseline.

Usage::

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/attribution.py                  # PolNeAR dev + eval set
    python benchmarks/attribution.py --polnear-split train --limit 80 --no-baseline   # development
    python benchmarks/attribution.py --skip-polnear                                  # hand-annotated set only

Metrics (see docs/benchmarks/attribution.md):

- **quote span P/R/F1**, *exact* (after stripping whitespace and ``.,;:`` at both ends of both spans) and
  *overlap* (one-to-one greedy matching, overlap ≥ 50% of the longer span);
- **speaker accuracy**: among overlap-matched quotes whose gold relation has a source, the share whose
  predicted speaker mention overlaps the gold source span, or whose resolved speaker entity has a mention
  that does; on the hand-annotated set the resolved speaker *name* must also match the gold name
  (same surname / same organisation head words), which scores pronoun resolution end to end;
- **cue P/R/F1**: predicted cue spans vs gold cue spans (overlap match).

The baseline is textacy 0.13 ``extract.triples.direct_quotations`` on the same text with the full spaCy
parse (``load_nlp(parse="full")``); it only finds direct quotes and bails out (no quotes) on documents with
an odd number of quotation-mark tokens. Throughput: base NLP pass time vs the analyzer's time, split into
its lazy parse and its own rules. Results go to ``benchmarks/results/attribution.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
POLNEAR = DATA / "quotes" / "polnear"
EVAL = ROOT / "eval" / "attribution" / "annotations.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "attribution.json"
RESULTS_ACCURATE = ROOT / "benchmarks" / "results" / "attribution_accurate.json"

_STRIP = " \t\n.,;:"


@dataclass
class Gold:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    speaker_name: str = ""


@dataclass
class Pred:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    mention: tuple[int, int] | None
    entity_mentions: list[tuple[int, int]] = field(default_factory=list)
    speaker_name: str = ""
    cue_class: str = "speech"
    tagged: bool = False  # found by the accurate profile's quote tagger (how = tagged)


# -- data ------------------------------------------------------------------------------------------------
def read_ann(path: Path) -> list[Gold]:
    """Attribution relations of a brat .ann file (first annotator), spans as (min start, max end) of their
    fragments (parsed by :func:`presslens._training.polnear.read_relations`, the training script's reader)."""
    from presslens._training.polnear import read_relations

    def hull(frags: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
        return (min(a for a, _ in frags), max(b for _, b in frags)) if frags else None

    out = []
    for rel in read_relations(path):
        content = hull(rel.content)
        assert content is not None  # read_relations keeps only relations with a content
        out.append(Gold(content, hull(rel.cue), hull(rel.source)))
    return out


def polnear_docs(split: str, limit: int | None, every: int = 1) -> list[tuple[str, str, list[Gold], tuple[int, int] | None]]:
    tdir, adir = POLNEAR / split / "text", POLNEAR / split / "attributions"
    docs = []
    for txt in sorted(tdir.glob("*.txt"))[::every][: limit or None]:
        anns = sorted(adir.glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        docs.append((txt.stem, txt.read_text(encoding="utf-8"), read_ann(anns[0]), None))
    return docs


def news_texts() -> dict[str, str]:
    """Article id → text for the news samples the hand annotations refer to."""
    import csv

    texts: dict[str, str] = {}
    allsides = DATA / "news" / "allsides_sample" / "articles.jsonl"
    if allsides.exists():
        with allsides.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                texts["allsides:" + row["ID"]] = row["text"]
    fnc = DATA / "news" / "fakenewscorpus_sample" / "news_sample.csv"
    if fnc.exists():
        csv.field_size_limit(sys.maxsize)
        with fnc.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts["fnc:" + row["id"]] = row["content"]
    return texts


def eval_docs() -> tuple[list[tuple[str, str, list[Gold], tuple[int, int] | None]], list[str]]:
    """Hand-annotated documents (text read from shared data, checked against the stored hash)."""
    if not EVAL.exists():
        return [], []
    texts = news_texts()
    docs, drift = [], []
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = texts.get(rec["article_id"])
        if text is None or hashlib.sha256(text.encode("utf-8")).hexdigest() != rec["text_sha256"]:
            drift.append(rec["article_id"])
            continue
        golds = [Gold(tuple(q["quote"]), tuple(q["cue"]) if q.get("cue") else None,
                      tuple(q["speaker"]) if q.get("speaker") else None, q.get("speaker_name", ""))
                 for q in rec["quotes"]]
        docs.append((rec["article_id"], text, golds, (0, rec["window"])))
    return docs, drift


# -- predictions -------------------------------------------------------------------------------------------
def presslens_preds(nlp: Any, text: str, timing: dict[str, float], merge: bool = True, tagger: Any = None) -> list[Pred]:
    """presslens's quotes of ``text`` as the analyzer finds them (``tagger``: the accurate profile's
    :class:`~presslens.attribution.tagger.QuoteTagger`, whose relations join the rules' quotes)."""
    from presslens.article import Article
    from presslens.attribution.quotes import QuoteExtractor
    from presslens.attribution.speakers import resolve_speakers

    t0 = time.perf_counter()
    doc = nlp(Article(text))
    t1 = time.perf_counter()
    quotes = QuoteExtractor(doc).extract()
    resolve_speakers(doc, quotes)
    t2 = time.perf_counter()
    ex = QuoteExtractor(doc)
    quotes = ex.extract()  # second run: the parse is cached, so this is the rules' own time
    resolve_speakers(doc, quotes)
    t3 = time.perf_counter()
    timing["nlp"] += t1 - t0
    timing["analyzer_total"] += t2 - t1
    timing["analyzer_rules"] += t3 - t2
    timing["sentences"] += len(doc.sents)
    timing["sentences_parsed"] += doc.n_parsed
    if tagger is not None:
        from presslens.attribution.tagger import combine
        from presslens.encoders import sentence_states

        t4 = time.perf_counter()
        states = sentence_states(doc, window=tagger.window)
        t5 = time.perf_counter()
        quotes = combine(ex, quotes, tagger.relations(text, states, ex, quotes), tagger.options)
        t6 = time.perf_counter()
        timing["encoder"] = timing.get("encoder", 0.0) + t5 - t4
        timing["tagger"] = timing.get("tagger", 0.0) + t6 - t5
    timing["_doc"] = doc  # type: ignore[assignment]  # handed to the scorer for the speech-cue subset
    return preds_of(doc, quotes, merge)


def preds_of(doc: Any, quotes: list[Any], merge: bool = True) -> list[Pred]:
    """Scored predictions of an article's quotes (``RawQuote``), speakers resolved; ``merge`` joins the parts of
    one quotation (PolNeAR annotates one discontinuous content per quotation)."""
    from presslens.attribution.quotes import quote_groups
    from presslens.attribution.speakers import resolve_speakers

    speakers, idx = resolve_speakers(doc, quotes)
    preds: dict[int, Pred] = {}
    for q, k, g in zip(quotes, idx, quote_groups(quotes), strict=True):
        sp = speakers[k] if k is not None else None
        if merge and g in preds:
            p = preds[g]
            p.content = (min(p.content[0], q.start), max(p.content[1], q.end))
            continue
        preds[g if merge else len(preds)] = Pred(
            (q.start, q.end), (q.cue.start, q.cue.end) if q.cue else None,
            (q.mention.start, q.mention.end) if q.mention else None, list(sp.mentions) if sp else [],
            sp.name if sp else "", q.cue.cue_class if q.cue else "speech", q.how == "tagged")
    return list(preds.values())


def speech_cue(doc: Any, gold: Gold) -> bool:
    """Whether a gold relation's cue is a speech/writing verb or "according to" (the scope of presslens)."""
    from presslens.attribution.lexicon import SPEECH_LEMMAS

    if gold.cue is None:
        return False
    span = doc.doc.char_span(gold.cue[0], gold.cue[1], alignment_mode="expand")
    if span is None:
        return False
    return any(t.lemma_.lower() in SPEECH_LEMMAS or t.lower_ == "according" for t in span)


def textacy_preds(full_nlp: Any, text: str, timing: dict[str, float]) -> list[Pred]:
    from textacy.extract.triples import direct_quotations

    t0 = time.perf_counter()
    doc = full_nlp.language(text)
    t1 = time.perf_counter()
    preds = []
    try:
        for sp, cue, content in direct_quotations(doc):
            ment = (sp[0].idx, sp[-1].idx + len(sp[-1].text)) if sp else None
            preds.append(Pred((content.start_char, content.end_char),
                              (cue[0].idx, cue[-1].idx + len(cue[-1].text)) if cue else None, ment,
                              [ment] if ment else [], " ".join(t.text for t in sp)))
    except ValueError:
        timing["bailed_docs"] += 1
    timing["nlp_full"] += t1 - t0
    timing["extract"] += time.perf_counter() - t1
    return preds


# -- scoring ------------------------------------------------------------------------------------------------
def _norm(text: str, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    while a < b and text[a] in _STRIP:
        a += 1
    while b > a and text[b - 1] in _STRIP:
        b -= 1
    return a, b


def _ov(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "pred": n_pred, "gold": n_gold}


def _name_match(pred: str, gold: str) -> bool:
    def words(s: str) -> set[str]:
        drop = {"the", "a", "an", "of", "mr.", "mrs.", "ms.", "dr.", "’s", "'s"}
        s = s.replace("’s", "").replace("'s", "").replace("(", " ").replace(")", " ")
        return {w.strip(".,’'").lower() for w in s.split()} - drop - {""}

    p, g = words(pred), words(gold)
    if not p or not g:
        return False
    last = gold.replace("’s", "").replace("'s", "").split()[-1].strip(".,").lower()
    return p <= g or g <= p or last in p


class Scorer:
    def __init__(self) -> None:
        self.n_gold = self.n_pred = self.tp_exact = self.tp_overlap = 0
        self.spk_total = self.spk_ok = self.name_total = self.name_ok = 0
        self.cue_gold = self.cue_pred = self.cue_tp = 0
        self.speech_gold = self.speech_found = 0
        self.tagged_pred = self.tagged_tp = self.tagged_spk_total = self.tagged_spk_ok = 0

    def add(self, text: str, golds: list[Gold], preds: list[Pred], window: tuple[int, int] | None,
            speech: list[bool] | None = None) -> None:
        if window is not None:  # score only quotes inside the annotated window
            keep = [g.content[0] < window[1] for g in golds]
            golds = [g for g, k in zip(golds, keep, strict=True) if k]
            speech = [s for s, k in zip(speech, keep, strict=True) if k] if speech is not None else None
            preds = [p for p in preds if p.content[0] < window[1]]
        if speech is not None:  # recall on the relations whose cue is a speech verb or "according to"
            for g, sp in zip(golds, speech, strict=True):
                if sp:
                    self.speech_gold += 1
                    self.speech_found += any(
                        _ov(g.content, p.content) >= 0.5 * max(g.content[1] - g.content[0], p.content[1] - p.content[0])
                        for p in preds)
        self.n_gold += len(golds)
        self.n_pred += len(preds)
        self.tagged_pred += sum(p.tagged for p in preds)
        gs = {_norm(text, g.content) for g in golds}
        self.tp_exact += len({_norm(text, p.content) for p in preds} & gs)
        pairs = sorted(((min(1.0, _ov(g.content, p.content) / max(1, max(g.content[1] - g.content[0],
                                                                          p.content[1] - p.content[0]))), gi, pi)
                        for gi, g in enumerate(golds) for pi, p in enumerate(preds)), reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for score, gi, pi in pairs:
            if score < 0.5:
                break
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            self.tp_overlap += 1
            g, p = golds[gi], preds[pi]
            self.tagged_tp += p.tagged
            if g.source is not None:
                self.spk_total += 1
                ok = (p.mention is not None and _ov(p.mention, g.source) > 0) or any(
                    _ov(m, g.source) > 0 for m in p.entity_mentions)
                self.spk_ok += ok
                if p.tagged:
                    self.tagged_spk_total += 1
                    self.tagged_spk_ok += ok
            if g.speaker_name:
                self.name_total += 1
                self.name_ok += _name_match(p.speaker_name, g.speaker_name)
        gcues = {g.cue for g in golds if g.cue}
        pcues = {p.cue for p in preds if p.cue}
        self.cue_gold += len(gcues)
        self.cue_pred += len(pcues)
        matched: set[tuple[int, int]] = set()
        for pc in pcues:
            hit = next((gc for gc in gcues if gc not in matched and _ov(gc, pc) > 0), None)
            if hit is not None:
                matched.add(hit)
                self.cue_tp += 1

    def report(self) -> dict[str, Any]:
        out = {
            "quote_exact": _prf(self.tp_exact, self.n_pred, self.n_gold),
            "quote_overlap50": _prf(self.tp_overlap, self.n_pred, self.n_gold),
            "speaker_accuracy": round(self.spk_ok / self.spk_total, 4) if self.spk_total else None,
            "speaker_n": self.spk_total,
            "cue": _prf(self.cue_tp, self.cue_pred, self.cue_gold),
        }
        if self.speech_gold:
            out["speech_cue_recall_overlap50"] = round(self.speech_found / self.speech_gold, 4)
            out["speech_cue_gold"] = self.speech_gold
        if self.tagged_pred:  # the accurate profile: the tagger's quotes apart from the rules' ones
            rules_total = self.spk_total - self.tagged_spk_total
            out["tagged"] = {
                "pred": self.tagged_pred, "tp": self.tagged_tp,
                "precision": round(self.tagged_tp / self.tagged_pred, 4),
                "speaker_accuracy": round(self.tagged_spk_ok / self.tagged_spk_total, 4) if self.tagged_spk_total else None,
                "rules_speaker_accuracy": round((self.spk_ok - self.tagged_spk_ok) / rules_total, 4) if rules_total else None,
            }
        if self.name_total:
            out["speaker_name_accuracy"] = round(self.name_ok / self.name_total, 4)
            out["speaker_name_n"] = self.name_total
        return out


def run(docs: Iterable[tuple[str, str, list[Gold], tuple[int, int] | None]], baseline: bool,
        merge: bool = True, profile: str = "fast") -> dict[str, Any]:
    """Score presslens (and the textacy baseline) on ``docs``; ``merge`` joins the parts of one quotation;
    ``profile="accurate"`` adds the quote tagger's relations to the rules' quotes, as the analyzer does."""
    from presslens.nlp import load_nlp

    tagger = None
    if profile == "accurate":
        from presslens.attribution.tagger import load_quote_tagger

        tagger = load_quote_tagger()
    nlp = load_nlp()
    full = load_nlp(parse="full") if baseline else None
    ours, base, speech_only = Scorer(), Scorer(), Scorer()
    t_ours = dict.fromkeys(("nlp", "analyzer_total", "analyzer_rules", "sentences", "sentences_parsed"), 0.0)
    t_base = dict.fromkeys(("nlp_full", "extract", "bailed_docs"), 0.0)
    n = 0
    for _name, text, golds, window in docs:
        n += 1
        preds = presslens_preds(nlp, text, t_ours, merge=merge, tagger=tagger)
        doc = t_ours.pop("_doc")
        speech = [speech_cue(doc, g) for g in golds]
        ours.add(text, golds, preds, window, speech)
        speech_only.add(text, golds, [p for p in preds if p.cue_class in ("speech", "according")], window, speech)
        if full is not None:
            base.add(text, golds, textacy_preds(full, text, t_base), window, speech)
    res: dict[str, Any] = {"docs": n, "profile": profile, "presslens": ours.report(),
                           "presslens_speech_only": speech_only.report()}
    if tagger is not None:
        res["model"] = tagger.card()
        res["tagger_ms_per_article"] = round(1000 * t_ours["tagger"] / max(1, n), 2)
        res["encoder_ms_per_article"] = round(1000 * t_ours["encoder"] / max(1, n), 2)
    t_ours["parse_share_of_nlp"] = (t_ours["analyzer_total"] - t_ours["analyzer_rules"]) / max(1e-9, t_ours["nlp"])
    t_ours["rules_share_of_nlp"] = t_ours["analyzer_rules"] / max(1e-9, t_ours["nlp"])
    t_ours["analyzer_share_of_nlp"] = t_ours["analyzer_total"] / max(1e-9, t_ours["nlp"])
    res["timing_presslens"] = {k: round(v, 4) for k, v in t_ours.items()}
    if full is not None:
        res["textacy"] = base.report()
        res["timing_textacy"] = {k: round(v, 4) for k, v in t_base.items()}
    return res


def _table(name: str, res: dict[str, Any]) -> str:
    rows = [f"## {name} ({res['docs']} docs)",
            f"{'system':<22} {'exact P/R/F1':<22} {'overlap50 P/R/F1':<22} {'speaker acc':<19} {'cue P/R/F1':<22} "
            "R(speech cues)"]
    for sysname in ("presslens", "presslens_speech_only", "textacy"):
        r = res.get(sysname)
        if not r:
            continue

        def f(m: dict[str, float]) -> str:
            return f"{m['p']:.3f}/{m['r']:.3f}/{m['f1']:.3f}"

        acc = r["speaker_accuracy"]
        acc_s = f"{acc:.3f}" if acc is not None else "n/a"
        if "speaker_name_accuracy" in r:
            acc_s += f" (name {r['speaker_name_accuracy']:.3f})"
        rows.append(f"{sysname:<22} {f(r['quote_exact']):<22} {f(r['quote_overlap50']):<22} {acc_s:<19} "
                    f"{f(r['cue']):<22} {r.get('speech_cue_recall_overlap50', 0):.3f}")
    t = res["timing_presslens"]
    tg = res["presslens"].get("tagged")
    if tg:
        rows.append(f"tagged quotes: {tg['pred']} added, {tg['tp']} match gold (precision {tg['precision']:.3f}); speaker "
                    f"acc. on them {tg['speaker_accuracy']}, on the rules' quotes {tg['rules_speaker_accuracy']}")
    if "tagger" in t:
        rows.append(f"accurate profile: quote tagger (head + Viterbi + merge) {res['tagger_ms_per_article']:.1f} ms/article; "
                    "the shared encoder pass (window 128) "
                    f"{res['encoder_ms_per_article']:.0f} ms/article (paid once for every accurate analyzer)")
    rows.append(f"presslens time: NLP base pass {t['nlp']:.2f}s, analyzer {t['analyzer_total']:.2f}s "
                f"({100 * t['analyzer_share_of_nlp']:.1f}% of NLP; lazy parse "
                f"{100 * t['parse_share_of_nlp']:.1f}%, rules {100 * t['rules_share_of_nlp']:.1f}%), "
                f"{int(t['sentences_parsed'])}/{int(t['sentences'])} sentences parsed")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear-split", default="dev", choices=("train", "dev"))
    ap.add_argument("--limit", type=int, default=None, help="first N PolNeAR articles only")
    ap.add_argument("--every", type=int, default=1, help="every Nth PolNeAR article (a spread-out sample)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--skip-polnear", action="store_true")
    ap.add_argument("--skip-eval", action="store_true")
    ap.add_argument("--profile", default="fast", choices=("fast", "accurate"),
                    help="accurate: the rules plus the quote tagger over the shared encoder (as the analyzer runs it)")
    ap.add_argument("--out", type=Path, default=None, help=f"results file (default {RESULTS.name}, "
                    f"{RESULTS_ACCURATE.name} with --profile accurate)")
    args = ap.parse_args(argv)
    if args.out is None:
        args.out = RESULTS_ACCURATE if args.profile == "accurate" else RESULTS
    baseline = not args.no_baseline and args.profile == "fast"
    results: dict[str, Any] = {}
    if not args.skip_polnear:
        if not POLNEAR.exists():
            print(f"PolNeAR not found at {POLNEAR}; skipping", file=sys.stderr)
        else:
            res = run(polnear_docs(args.polnear_split, args.limit, args.every), baseline, profile=args.profile)
            results[f"polnear_{args.polnear_split}"] = res
            print(_table(f"PolNeAR {args.polnear_split}", res))
    if not args.skip_eval:
        docs, drift = eval_docs()
        if docs:
            res = run(docs, baseline, merge=False, profile=args.profile)
            res["drifted_or_missing"] = drift
            results["hand_annotated"] = res
            print(_table("hand-annotated news (eval/attribution)", res))
        else:
            print(f"no hand-annotated documents usable ({len(drift)} drifted/missing)", file=sys.stderr)
    if args.limit is None and args.every == 1 and args.polnear_split == "dev" and not (
        args.skip_polnear or args.skip_eval
    ):
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
