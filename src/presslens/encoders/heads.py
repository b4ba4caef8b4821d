"""Light heads over encoder vectors: a standardiser, a small MLP or linear layer, and a calibrated output.

A :class:`Head` is plain numpy at run time (no scikit-learn or torch needed to score): ``x → (x - mean) /
scale → [ReLU(x W_i + b_i)]* → x W + b → logit``, then Platt scaling (binary: ``sigmoid(a·logit + b)``) or
temperature scaling (multi-class: ``softmax(logit / T)``) fitted on a validation split. Each head carries
its own model card data in ``meta`` (name, version, threshold, validation metrics, calibration), which the
analyzers copy into every finding they make, so a reader can weigh the score.

Heads are trained by ``scripts/train_*.py`` (helpers in :mod:`presslens._training.heads`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError, error

#: Where the shipped heads live.
HEADS_DIR = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True, slots=True)
class Head:
    """A calibrated classifier over fixed-size feature vectors.

    Attributes:
        name: model name (e.g. ``subjectivity-minilm``); version: its version string.
        classes: class labels in output order (binary heads: ``[negative, positive]``).
        mean, scale: feature standardisation.
        weights, biases: layers; all but the last are followed by ReLU.
        calibration: ``[a, b]`` (binary Platt) or ``[T]`` (multi-class temperature).
        threshold: decision threshold on the calibrated positive-class probability (binary heads).
        meta: provenance and validation metrics (the model card's numbers).
    """

    name: str
    version: str
    classes: list[str]
    mean: np.ndarray
    scale: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    calibration: list[float]
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def window(self) -> int:
        """Word pieces per window of the encoder pass this head reads (``meta["window"]``: an int or
        ``{"max_tokens": N}``; absent: ``0``, one sentence per window). An analyzer asks
        :func:`presslens.encoders.sentence_states` for this window, so heads that name the same window share one
        encoder pass per article."""
        win = self.meta.get("window", 0)
        return int(win.get("max_tokens", 0) if isinstance(win, dict) else win)

    @property
    def binary(self) -> bool:
        return len(self.classes) == 2 and self.weights[-1].shape[1] == 1

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Raw (uncalibrated) output: ``(n,)`` for binary heads, ``(n, k)`` otherwise."""
        h = (np.asarray(x, dtype=np.float32) - self.mean) / self.scale
        for w, b in zip(self.weights[:-1], self.biases[:-1], strict=True):
            h = np.maximum(h @ w + b, 0.0)
        z = h @ self.weights[-1] + self.biases[-1]
        return z[:, 0] if self.binary else z

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities: positive class ``(n,)`` for binary heads, ``(n, k)`` otherwise."""
        if len(x) == 0:
            return np.zeros((0,) if self.binary else (0, len(self.classes)), dtype=np.float32)
        z = self.logits(x)
        if self.binary:
            a, b = self.calibration
            return (1.0 / (1.0 + np.exp(-(a * z + b)))).astype(np.float32)
        z = z / self.calibration[0]
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    def card(self) -> dict[str, Any]:
        """What a finding records about the model: name, version, threshold and validation metrics."""
        return {"name": self.name, "version": self.version, "threshold": round(self.threshold, 4),
                "validation": self.meta.get("validation", {}), "encoder": self.meta.get("encoder")}

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {"mean": self.mean.astype(np.float32), "scale": self.scale.astype(np.float32)}
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"] = w.astype(np.float32)
            arrays[f"b{i}"] = b.astype(np.float32)
        header = {"name": self.name, "version": self.version, "classes": self.classes, "layers": len(self.weights),
                  "calibration": self.calibration, "threshold": self.threshold, "meta": self.meta}
        arrays["header"] = np.frombuffer(json.dumps(header, sort_keys=True).encode("utf-8"), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> Head:
        """Read a head written by :meth:`save`; ModelError (E031) if it is missing or malformed."""
        try:
            with np.load(path, allow_pickle=False) as z:
                h = json.loads(bytes(z["header"]).decode("utf-8"))
                n = int(h["layers"])
                return cls(name=h["name"], version=h["version"], classes=list(h["classes"]), mean=z["mean"],
                           scale=z["scale"], weights=[z[f"w{i}"] for i in range(n)],
                           biases=[z[f"b{i}"] for i in range(n)], calibration=[float(c) for c in h["calibration"]],
                           threshold=float(h["threshold"]), meta=dict(h["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise error(ModelError, "E031", path=str(path), why=str(exc), script="scripts/train_heads.py") from exc


#: Per-word-piece feature sets a tagger head may declare in ``meta["features"]`` (:func:`piece_features`).
PIECE_FEATURES = ("token", "token+sentence", "token+sentence+rules")


def piece_features(tokens: np.ndarray, token_sentence: np.ndarray, vectors: np.ndarray, kind: str,
                   rules: np.ndarray | None = None) -> np.ndarray:
    """``(T, d)`` features per word piece for a tagger head: its state, or its state ⊕ its sentence's vector (⊕
    ``rules``, a caller's own per-piece columns, for ``token+sentence+rules``)."""
    if kind == "token":
        return tokens
    if kind not in PIECE_FEATURES:
        raise ValueError(f"unknown tagger features {kind!r}; known: {PIECE_FEATURES}")
    sv = vectors[token_sentence] if len(vectors) else np.zeros_like(tokens)
    parts = [tokens, sv]
    if kind.endswith("+rules"):
        if rules is None:
            raise ValueError(f"tagger features {kind!r} need the rule features")
        parts.append(rules)
    return np.hstack(parts).astype(np.float32)


def platt_probability(p: float, ab: Sequence[float]) -> float:
    """Platt scaling of a probability: ``sigmoid(a · logit(p) + b)`` (monotone, so order is kept); ``p`` is clipped
    to ``[1e-6, 1 − 1e-6]``. Calibrates the taggers' span scores."""
    a, b = ab
    q = min(max(p, 1e-6), 1 - 1e-6)
    return float(1.0 / (1.0 + np.exp(-(a * np.log(q / (1 - q)) + b))))


@functools.lru_cache(maxsize=16)
def load_head(path: str | Path) -> Head:
    """A head file, loaded once per process (a bare name means ``HEADS_DIR/<name>.npz``)."""
    p = Path(path)
    return Head.load(p if p.suffix == ".npz" else HEADS_DIR / f"{p}.npz")


__all__ = ["HEADS_DIR", "PIECE_FEATURES", "Head", "load_head", "piece_features", "platt_probability"]
