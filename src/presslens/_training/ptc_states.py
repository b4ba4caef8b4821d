"""Private: the run-time encoder pass over PTC train articles, cached, for training the accurate-profile heads.

Every article goes through the run-time path: the shared spaCy pass (``load_nlp``) gives the sentences, and
:func:`presslens.encoders.encode_texts` packs them into windows and encodes them, exactly as
:func:`presslens.encoders.sentence_states` does for an analysed article. Cached per article under
``/tmp/presslens-ptc-states-<encoder>-per-article/w<window>/<id>.npz`` (``PRESSLENS_PTC_STATES_CACHE``
overrides ``/tmp``): token states (float16), their article offsets, the
sentence spans and vectors, and the fast span tagger's P(token in span) mapped onto the word pieces (the fast
model was trained on the train articles: on them that column is in-sample, so heads only use it on validation).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..persuasion.accurate_si import piece_probs
from .persuasion_data import PTCArticle
from .states import ArticleStates

CACHE = Path(os.environ.get("PRESSLENS_PTC_STATES_CACHE", "/tmp"))


@dataclass(frozen=True)
class PTCStates(ArticleStates):
    """One PTC article's encoder pass, plus ``fast``: the fast span tagger's P(token in span) per word piece (see
    module docstring)."""

    fast: np.ndarray


def states_for(arts: Sequence[PTCArticle], windows: Sequence[int], batch: int = 8, log: bool = True
               ) -> dict[int, dict[str, PTCStates]]:
    """``{window: {article id: PTCStates}}``, computed (and cached) through the run-time path."""
    import time

    from ..article import Article, strip_span
    from ..encoders import encode_texts, load_encoder
    from ..nlp import load_nlp
    from ..persuasion.analyzer import shared_model

    enc = load_encoder()
    root = CACHE / f"presslens-ptc-states-{enc.info.onnx_sha256[:12]}-per-article"
    out: dict[int, dict[str, PTCStates]] = {w: {} for w in windows}
    todo = [a for a in arts if not all((root / f"w{w}" / f"{a.id}.npz").exists() for w in windows)]
    nlp = fast = None
    t0 = time.time()
    for b in range(0, len(todo), batch):
        part = todo[b : b + batch]
        if nlp is None:
            nlp, fast = load_nlp(), shared_model()
        docs = [nlp(Article(a.text)) for a in part]
        items = [(a.text, [strip_span(a.text, s.start_char, s.end_char) for s in d.sents]) for a, d in zip(part, docs, strict=True)]
        assert fast is not None
        tok_p = [fast.token_proba(fast.info(d.doc)) for d in docs]
        for w in windows:
            for a, d, (_, spans), st, p in zip(part, docs, items, encode_texts(items, enc, w), tok_p, strict=True):
                path = root / f"w{w}" / f"{a.id}.npz"
                path.parent.mkdir(parents=True, exist_ok=True)
                fp = piece_probs([(t.idx, t.idx + len(t)) for t in d.doc], p, st.token_offsets)
                np.savez(path, tokens=st.token_states.astype(np.float16), offsets=st.token_offsets,
                         spans=np.asarray(spans, dtype=np.int64).reshape(-1, 2), vectors=st.vectors, fast=fp)
        if log:
            print(f"  encoded {b + len(part)}/{len(todo)} PTC articles ({time.time() - t0:.0f}s)", flush=True)
    for w in windows:
        for a in arts:
            with np.load(root / f"w{w}" / f"{a.id}.npz") as z:
                out[w][a.id] = PTCStates(a.id, z["tokens"].astype(np.float32), z["offsets"], z["spans"], z["vectors"],
                                         z["fast"])
    return out


__all__ = ["PTCStates", "states_for"]
