"""Private: PolNeAR v1.0.0 articles and their run-time encoder pass, for training the quote tagger.

PolNeAR (``shared/data/quotes/polnear/{train,dev}``, brat standoff; see its SOURCE.md) is read the way
``benchmarks/attribution.py`` reads it (the benchmark calls :func:`read_relations`): the alphabetically first
annotator file per article, lines that do not parse skipped. The fragments of a discontinuous span are kept
(``"a b;c d"``; the benchmark scores their hull), so a tagger learns that the cue and source between two parts of a
split quotation are not content.

Every article goes through the run-time path: the shared spaCy pass (``load_nlp``) gives the sentences and
:func:`presslens.encoders.encode_texts` packs them into windows and encodes them, exactly as
:func:`presslens.encoders.sentence_states` does for an analysed article. Cached per article under
``<PRESSLENS_QUOTES_STATES_CACHE or /tmp>/presslens-polnear-states-<encoder sha>/<split>-w<window>/<id>.npz``:
token states (float16), their article offsets, the sentence spans and vectors.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .states import ArticleStates

CACHE = Path(os.environ.get("PRESSLENS_QUOTES_STATES_CACHE", "/tmp"))
#: ``shared/data/quotes/polnear`` beside the repository (a clean clone at /work/<clone>/ has shared/ next to it).
POLNEAR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "quotes" / "polnear"
ROLES = ("Content", "Source", "Cue")


@dataclass(frozen=True)
class Relation:
    """One attribution relation: each role's fragments ``[(start, end), ...]`` (empty when absent)."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class PolnearArticle:
    id: str
    text: str
    relations: tuple[Relation, ...]


def read_relations(path: Path) -> list[Relation]:
    """The relations of one brat .ann file (fragments kept; malformed lines skipped)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            bits = parts[1].split(" ", 1)
            if len(bits) < 2:
                continue
            frags: list[tuple[int, int]] = []
            try:
                for chunk in bits[1].split(";"):
                    a, b = (int(x) for x in chunk.split())
                    frags.append((a, b))
            except ValueError:
                continue
            spans[parts[0]] = (bits[0], frags)
        elif parts[0].startswith("E"):
            rel = {}
            for arg in parts[1].split():
                if ":" in arg:
                    role, tid = arg.split(":", 1)
                    rel[role] = tid
            rels.append(rel)
    out = []
    for rel in rels:
        got = {r: tuple(spans[rel[r]][1]) if rel.get(r) in spans else () for r in ROLES}
        if got["Content"]:
            out.append(Relation(got["Content"], got["Source"], got["Cue"]))
    return out


def load_split(split: str, root: Path = POLNEAR) -> list[PolnearArticle]:
    """The articles of ``train`` or ``dev`` with their first annotator's relations (sorted by id)."""
    tdir, adir = root / split / "text", root / split / "attributions"
    out = []
    for txt in sorted(tdir.glob("*.txt")):
        anns = sorted(adir.glob(txt.stem + "_*.ann"))
        if anns:
            out.append(PolnearArticle(txt.stem, txt.read_text(encoding="utf-8"), tuple(read_relations(anns[0]))))
    return out


def split_ids(ids: Sequence[str], fraction: float = 0.12, seed: int = 20181107) -> tuple[list[str], list[str]]:
    """Whole articles: ``(train ids, validation ids)``, a seeded shuffle of the sorted ids."""
    order = sorted(ids)
    rng = np.random.default_rng(seed)
    rng.shuffle(order)
    n_va = max(1, round(fraction * len(order)))
    return sorted(order[n_va:]), sorted(order[:n_va])


def states_for(split: str, arts: Sequence[PolnearArticle], window: int, batch: int = 8, log: bool = True
               ) -> dict[str, ArticleStates]:
    """``{article id: ArticleStates}`` through the run-time path, computed once and cached (see module docstring)."""
    import time

    from ..article import Article, strip_span
    from ..encoders import encode_texts, load_encoder
    from ..nlp import load_nlp

    enc = load_encoder()
    root = CACHE / f"presslens-polnear-states-{enc.info.onnx_sha256[:12]}" / f"{split}-w{window}"
    todo = [a for a in arts if not (root / f"{a.id}.npz").exists()]
    nlp = None
    t0 = time.time()
    for b in range(0, len(todo), batch):
        part = todo[b : b + batch]
        if nlp is None:
            nlp = load_nlp()
        docs = [nlp(Article(a.text)) for a in part]
        items = [(a.text, [strip_span(a.text, s.start_char, s.end_char) for s in d.sents]) for a, d in zip(part, docs, strict=True)]
        for a, (_, spans), st in zip(part, items, encode_texts(items, enc, window), strict=True):
            path = root / f"{a.id}.npz"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, tokens=st.token_states.astype(np.float16), offsets=st.token_offsets,
                     spans=np.asarray(spans, dtype=np.int64).reshape(-1, 2), vectors=st.vectors)
            tmp.replace(path)
        if log:
            print(f"  encoded {b + len(part)}/{len(todo)} PolNeAR {split} articles ({time.time() - t0:.0f}s)", flush=True)
    out = {}
    for a in arts:
        with np.load(root / f"{a.id}.npz") as z:
            out[a.id] = ArticleStates(a.id, z["tokens"].astype(np.float32), z["offsets"], z["spans"], z["vectors"])
    return out


__all__ = ["POLNEAR", "ArticleStates", "PolnearArticle", "Relation", "load_split", "read_relations", "split_ids",
           "states_for"]
