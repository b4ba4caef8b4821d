"""The shipped CPU model: token-level span identification + span-level technique classification.

Design (see ``docs/persuasion.md`` for the evidence behind it):

1. **Span identification (SI).** Every token of the shared spaCy document gets a sparse feature vector
   (:func:`~presslens.persuasion.features.token_features`: word, lemma, tag, shape, ±2 context, lexicon cues,
   article-level repetition, sentence cues; computed with numpy arrays by
   :func:`~presslens.persuasion.features.token_ids`), hashed into ``2**20`` dimensions; a logistic model (SGD) gives
   P(token is inside a propaganda span). Spans are decoded by hysteresis inside a sentence: a token with
   P ≥ ``si_high`` (or P ≥ ``si_cue`` inside a curated lexicon cue) seeds a span that grows over neighbours
   with P ≥ ``si_low``.
2. **Technique classification (TC).** Each span gets span features (its words, lemmas, tags, context,
   lexicon hits, how often its text/lemmas recur in the article, sentence cues), hashed into ``2**17``
   dimensions; a multinomial logistic regression over the 14 PTC techniques picks the technique.
   Spans of clause-level techniques (those whose gold spans usually cover most of their sentence in PTC
   train: doubt, causal oversimplification…) then take their whole sentence and absorb narrower spans.
3. **Article score.** ``persuasion_score = sigmoid(a · predicted spans per 1,000 words + b)``, fitted on the
   validation articles against "gold technique rows per 1,000 words above the train median".

The artefact is one ``.npz`` of float16 weights plus a JSON sidecar with thresholds and provenance.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..errors import ModelError, error
from .features import (
    IS_SPACE_COLUMN,
    DocInfo,
    cue_mask,
    doc_info,
    sentence_bounds,
    slogan_sentence_mask,
    span_matrix,
    token_ids,
)
from .lexicons import LexiconMatcher
from .techniques import PTC_NAMES

#: Where the shipped artefact lives (inside the package).
MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_NAME = "persuasion-v1"
TRAIN_SCRIPT = "scripts/train_persuasion.py"


#: Re-scores technique probabilities: ``(span char offsets, fast probabilities) -> probabilities``.
TechniqueOverride = Callable[[list[tuple[int, int]], np.ndarray], np.ndarray]


@dataclass(frozen=True, slots=True)
class SpanPrediction:
    """A predicted propaganda span with its technique.

    Attributes:
        start, end: character offsets into the document text.
        technique: PTC technique name (map to a label with ``PTC_TO_LABEL``).
        score: confidence the span is propaganda (max token probability in the span).
        technique_probability: classifier probability of ``technique``.
        alternatives: the next two techniques with their probabilities.
        absorbed: narrower spans inside this one, when a clause-level technique took its sentence.
    """

    start: int
    end: int
    technique: str
    score: float
    technique_probability: float
    alternatives: tuple[tuple[str, float], ...] = ()
    #: Spans (technique, start, end) absorbed when a clause-level span took its whole sentence.
    absorbed: tuple[tuple[str, int, int], ...] = ()


@dataclass(slots=True)
class ModelWeights:
    """The arrays and settings of one trained model."""

    si_coef: np.ndarray
    si_intercept: float
    si_features: int
    tc_coef: np.ndarray
    tc_intercept: np.ndarray
    tc_features: int
    si_high: float
    si_low: float
    calib_a: float
    calib_b: float
    classes: tuple[str, ...] = PTC_NAMES
    meta: dict[str, Any] = field(default_factory=dict)
    #: Lower seed threshold for tokens inside a lexicon cue (None: same as ``si_high``).
    si_cue: float | None = None
    #: Whether a seed in a short stand-alone imperative sentence takes the whole sentence.
    slogan_whole: bool = False
    #: Techniques whose spans take their whole sentence (clause-level techniques; see the training script).
    clause_techniques: tuple[str, ...] = ()
    #: Word-level techniques (loaded language, name calling…: their train gold spans cover a small share of
    #: their sentence) and the token probability their spans are trimmed to (None: no trimming).
    word_techniques: tuple[str, ...] = ()
    word_low: float | None = None
    #: Per technique: spans whose score (max token probability) is below this are dropped.
    min_span_score: dict[str, float] = field(default_factory=dict)

    def save(self, directory: Path, name: str = MODEL_NAME, weights: bool = True) -> tuple[Path, Path]:
        """Write the ``.npz`` weights (unless ``weights`` is False) and the JSON sidecar."""
        directory.mkdir(parents=True, exist_ok=True)
        npz = directory / f"{name}.npz"
        if weights:
            np.savez_compressed(npz, si_coef=self.si_coef.astype(np.float16),
                                tc_coef=self.tc_coef.astype(np.float16),
                                tc_intercept=self.tc_intercept.astype(np.float32))
        meta = dict(self.meta)
        meta.update({"si_intercept": self.si_intercept, "si_features": self.si_features,
                     "tc_features": self.tc_features, "si_high": self.si_high, "si_low": self.si_low, "si_cue": self.si_cue,
                     "slogan_whole": self.slogan_whole, "clause_techniques": list(self.clause_techniques),
                     "word_techniques": list(self.word_techniques), "word_low": self.word_low,
                     "min_span_score": dict(sorted(self.min_span_score.items())),
                     "calib_a": self.calib_a, "calib_b": self.calib_b, "classes": list(self.classes)})
        js = directory / f"{name}.json"
        js.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return npz, js

    @classmethod
    def load(cls, directory: Path = MODEL_DIR, name: str = MODEL_NAME) -> ModelWeights:
        npz, js = directory / f"{name}.npz", directory / f"{name}.json"
        try:
            meta = json.loads(js.read_text(encoding="utf-8"))
            with np.load(npz) as z:
                si_coef = z["si_coef"].astype(np.float32)
                tc_coef = z["tc_coef"].astype(np.float32)
                tc_intercept = z["tc_intercept"].astype(np.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise error(ModelError, "E031", path=str(npz), why=str(exc), script=TRAIN_SCRIPT) from exc
        return cls(si_coef, float(meta["si_intercept"]), int(meta["si_features"]), tc_coef, tc_intercept,
                   int(meta["tc_features"]), float(meta["si_high"]), float(meta["si_low"]),
                   float(meta["calib_a"]), float(meta["calib_b"]), tuple(meta["classes"]), meta,
                   None if meta.get("si_cue") is None else float(meta["si_cue"]), bool(meta.get("slogan_whole")),
                   tuple(meta.get("clause_techniques", ())), tuple(meta.get("word_techniques", ())),
                   None if meta.get("word_low") is None else float(meta["word_low"]),
                   {str(k): float(v) for k, v in meta.get("min_span_score", {}).items()})


_BRIDGE = frozenset({",", ":", ";", "-", "–", "—"})
#: Tags trimmed from span edges when below the seed threshold (prepositions, determiners, conjunctions,
#: wh-words, possessive 's, punctuation). Validation SI F1 0.3559 -> 0.3574 and cleaner spans.
_EDGE_TAGS = frozenset({"IN", "DT", "CC", "TO", "WRB", "WDT", "POS", ",", ":", "."})
_BRIDGE_IDS = np.array([get_string_id(s) for s in _BRIDGE], dtype=np.uint64)
_EDGE_TAG_IDS = np.array([get_string_id(s) for s in _EDGE_TAGS], dtype=np.uint64)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def decode_spans(doc: Doc, proba: np.ndarray, high: float, low: float, cue: np.ndarray | None = None,
                 cue_high: float | None = None, whole: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """Hysteresis decoding of token probabilities into token spans ``(first, last + 1, max P)``.

    Tokens are visited by decreasing probability; a token with P ≥ ``high`` (or, where ``cue`` marks a
    lexicon cue, P ≥ ``cue_high``) not yet used seeds a span that grows left and right, inside its
    sentence, over tokens with P ≥ ``low`` (whitespace tokens are bridged but never start or end a span;
    a comma, colon, semicolon or dash is bridged when the token beyond it has P ≥ ``low``). A seed where
    ``whole`` is set (a short stand-alone imperative: a slogan cue) takes its whole sentence. Trailing
    punctuation below ``low`` is dropped, and so are edge function words (:data:`_EDGE_TAGS`) below ``high``.
    """
    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([IS_SPACE, IS_PUNCT, ORTH, TAG, SENT_START]).astype(np.int64)
    ok = arr[:, 0] == 0
    punct = arr[:, 1] != 0
    # sentence-internal punctuation (, : ; – -) is bridged when the token beyond it qualifies
    inner = np.isin(arr[:, 2].view(np.uint64), _BRIDGE_IDS)
    edge_tag = np.isin(arr[:, 3].view(np.uint64), _EDGE_TAG_IDS)
    sent = np.zeros(n, dtype=np.int64)
    for k, (s0, s1) in enumerate(sentence_bounds(doc, arr[:, 4])):
        sent[s0:s1] = k
    used = np.zeros(n, dtype=bool)
    spans = []
    floor = min(high, cue_high) if cue is not None and cue_high is not None else high
    for i in np.argsort(-proba, kind="stable"):
        if proba[i] < floor:
            break
        if used[i] or not ok[i] or (proba[i] < high and not cue[i]):  # type: ignore[index]
            continue
        a = b = int(i)
        lo = 0.0 if whole is not None and whole[i] else low  # a slogan sentence is taken whole
        while a > 0 and sent[a - 1] == sent[i] and not used[a - 1] and (
            proba[a - 1] >= lo or not ok[a - 1]
            or (inner[a - 1] and a > 1 and sent[a - 2] == sent[i] and not used[a - 2] and proba[a - 2] >= lo)
        ):
            a -= 1
        while b + 1 < n and sent[b + 1] == sent[i] and not used[b + 1] and (
            proba[b + 1] >= lo or not ok[b + 1]
            or (inner[b + 1] and b + 2 < n and sent[b + 2] == sent[i] and not used[b + 2] and proba[b + 2] >= lo)
        ):
            b += 1
        while not ok[a]:
            a += 1
        while not ok[b] or (b > a and punct[b] and proba[b] < low):  # no trailing space/full stop
            b -= 1
        used[a:b + 1] = True
        while b > a and edge_tag[b] and proba[b] < high:  # no dangling "in", "the", "and"…
            b -= 1
        while a < b and edge_tag[a] and proba[a] < high:
            a += 1
        while b > a and not ok[b]:
            b -= 1
        while a < b and not ok[a]:
            a += 1
        spans.append((a, b + 1, float(proba[a:b + 1].max())))
    return sorted(spans)


def _cued(info: DocInfo, p: SpanPrediction) -> bool:
    """True if a lexicon hit of ``p``'s own technique lies inside ``p``."""
    return any(h.technique == p.technique and p.start <= info.doc[h.start].idx
               and info.doc[h.end - 1].idx + len(info.doc[h.end - 1]) <= p.end for h in info.lex_hits)


class PersuasionModel:
    """Loads the shipped weights once and predicts technique spans over a spaCy document."""

    def __init__(self, weights: ModelWeights | None = None) -> None:
        self.weights = weights or ModelWeights.load()
        self.matcher = LexiconMatcher()
        #: SI weights with a trailing 0 (the padding id -1 of :func:`token_ids` scores nothing).
        self._si_coef = np.append(self.weights.si_coef.astype(np.float32), np.float32(0.0))
        #: TC weights as a contiguous float64 (features, classes) array: the sparse product would otherwise copy
        #: (and upcast) the transposed float32 matrix on every call.
        self._tc_coef_t = np.ascontiguousarray(self.weights.tc_coef.T, dtype=np.float64)

    def info(self, doc: Doc) -> DocInfo:
        return doc_info(doc, self.matcher)

    def token_proba(self, info: DocInfo) -> np.ndarray:
        """P(token inside a propaganda span) for every token of the document."""
        w = self.weights
        if len(info.doc) == 0:
            return np.zeros(0)
        ids = token_ids(info, w.si_features)
        p = _sigmoid(self._si_coef[ids].sum(axis=1, dtype=np.float64) + w.si_intercept)
        p[info.arr[:, IS_SPACE_COLUMN] != 0] = 0.0
        return p

    def spans(self, info: DocInfo) -> list[tuple[int, int, float]]:
        """Decoded token spans ``(first, last + 1, score)`` of the document (before technique classification,
        clause expansion and :meth:`_focus`)."""
        w = self.weights
        return decode_spans(info.doc, self.token_proba(info), w.si_high, w.si_low, cue_mask(info), w.si_cue,
                            slogan_sentence_mask(info) if w.slogan_whole else None)

    def technique_proba(self, info: DocInfo, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities (rows: spans given as character offsets; columns: ``classes``)."""
        w = self.weights
        if not spans:
            return np.zeros((0, len(w.classes)))
        x = span_matrix(info, spans, w.tc_features)
        z = x @ self._tc_coef_t + w.tc_intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, doc: Doc, technique: TechniqueOverride | None = None, info: DocInfo | None = None
                ) -> list[SpanPrediction]:
        """Propaganda spans with techniques, in text order.

        Args:
            technique: optional re-scorer ``(span offsets, fast probabilities) -> probabilities`` (same column
                order as ``weights.classes``), e.g. the accurate profile's encoder head.
            info: the document's :class:`DocInfo` when the caller already has it.
        """
        info = info or self.info(doc)
        w = self.weights
        proba = self.token_proba(info)
        tok_spans = decode_spans(info.doc, proba, w.si_high, w.si_low, cue_mask(info), w.si_cue,
                                 slogan_sentence_mask(info) if w.slogan_whole else None)
        chars = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), score) for a, b, score in tok_spans]
        out = self.classify(info, chars, technique)
        if w.clause_techniques:
            out = self._expand_clauses(info, out)
        return self._focus(info, proba, out)

    def classify(self, info: DocInfo, spans: list[tuple[int, int, float]], technique: TechniqueOverride | None = None
                 ) -> list[SpanPrediction]:
        """Techniques for given character spans ``(start, end, span score)`` (no clause expansion, no focus)."""
        chars = [(s, e) for s, e, _ in spans]
        probs = self.technique_proba(info, chars)
        if technique is not None and chars:
            probs = technique(chars, probs)
        out = []
        for (s, e, score), row in zip(spans, probs, strict=True):
            order = np.argsort(-row)
            out.append(SpanPrediction(
                s, e, self.weights.classes[order[0]], score, float(row[order[0]]),
                tuple((self.weights.classes[j], round(float(row[j]), 4)) for j in order[1:3])))
        return out

    def _focus(self, info: DocInfo, proba: np.ndarray, spans: list[SpanPrediction]) -> list[SpanPrediction]:
        """Spans on the loaded words (issue 9, item 19): a span of a word-level technique is trimmed to the
        tokens from its first to its last with P ≥ ``word_low`` (without edge function words), and spans below
        their technique's ``min_span_score`` are dropped unless they hold a lexicon cue of the technique they
        are classified as. Both settings are chosen on the validation split."""
        w = self.weights
        if w.word_low is None and not w.min_span_score:
            return spans
        doc, word = info.doc, set(w.word_techniques)
        space = info.arr[:, IS_SPACE_COLUMN] != 0
        out = []
        for p in spans:
            if p.score < w.min_span_score.get(p.technique, 0.0) and not _cued(info, p):
                continue
            if w.word_low is not None and p.technique in word:
                sp = doc.char_span(p.start, p.end, alignment_mode="expand")
                if sp is not None and len(sp):
                    keep = np.flatnonzero((proba[sp.start:sp.end] >= w.word_low) & ~space[sp.start:sp.end])
                    if len(keep):
                        a, b = sp.start + int(keep[0]), sp.start + int(keep[-1]) + 1
                        while b - 1 > a and info.tags[b - 1] in _EDGE_TAGS:
                            b -= 1
                        while a < b - 1 and info.tags[a] in _EDGE_TAGS:
                            a += 1
                        p = replace(p, start=doc[a].idx, end=doc[b - 1].idx + len(doc[b - 1]))
            out.append(p)
        return out

    def _expand_clauses(self, info: DocInfo, spans: list[SpanPrediction]) -> list[SpanPrediction]:
        """Spans of clause-level techniques take their sentence (without its final punctuation); spans that
        overlap such a span are absorbed into it (listed in ``absorbed``), so spans never overlap."""
        doc, clause = info.doc, set(self.weights.clause_techniques)
        grown: list[SpanPrediction] = []
        rest: list[SpanPrediction] = []
        for p in spans:
            if p.technique not in clause or not info.sent_bounds:
                rest.append(p)
                continue
            first = doc.char_span(p.start, p.end, alignment_mode="expand")
            s0, s1 = info.sent_bounds[info.sent_of[first.start if first is not None else 0]]
            words = [t for t in doc[s0:s1] if not t.is_space]
            while len(words) > 1 and words[-1].is_punct:
                words.pop()
            if not words:
                rest.append(p)
                continue
            grown.append(replace(p, start=min(p.start, words[0].idx),
                                 end=max(p.end, words[-1].idx + len(words[-1].text))))
        kept: list[SpanPrediction] = []
        absorbed: dict[int, list[tuple[str, int, int]]] = {}
        for p in sorted(grown, key=lambda x: -x.score) + rest:
            host = next((k for k, q in enumerate(kept) if q.start < p.end and p.start < q.end
                         and q.technique in clause), None)
            if host is None:
                kept.append(p)
            else:
                absorbed.setdefault(host, []).append((p.technique, p.start, p.end))
        out = [replace(p, absorbed=tuple(sorted(absorbed[k], key=lambda x: x[1]))) if k in absorbed else p
               for k, p in enumerate(kept)]
        return sorted(out, key=lambda p: (p.start, p.end))

    def article_probability(self, spans_per_1000_words: float) -> float:
        """Calibrated P(article uses propaganda heavily) from the predicted span density."""
        w = self.weights
        return 1.0 / (1.0 + math.exp(-(w.calib_a * spans_per_1000_words + w.calib_b)))


__all__ = ["MODEL_DIR", "MODEL_NAME", "ModelWeights", "PersuasionModel", "SpanPrediction", "decode_spans"]
