"""Reading the Propaganda Techniques Corpus (PTC, SemEval-2020 Task 11) in place, and the fixed split.

The corpus is never copied into the repository: scripts and tests read it from ``shared/data/ptc``.
The validation split is carved out of PTC *train* by article: the sorted article ids are shuffled with
``random.Random(VALIDATION_SEED)`` and the first ``VALIDATION_FRACTION`` of them are held out.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

#: Seed and fraction of the fixed train/validation split (by article). Never change them after
#: reporting figures; a new split is a new benchmark.
VALIDATION_SEED = 20200911
VALIDATION_FRACTION = 0.2


@dataclass(frozen=True, slots=True)
class PTCArticle:
    """One PTC article with its gold SI spans and TC rows (``(start, end, technique)``)."""

    id: str
    text: str
    si: tuple[tuple[int, int], ...]
    tc: tuple[tuple[int, int, str], ...]


def default_root() -> Path:
    """``<checkout>/../shared/data/ptc`` (the project's shared data folder)."""
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "ptc"


def load_train(root: Path | None = None) -> list[PTCArticle]:
    """All PTC train articles with gold labels, sorted by id.

    Raises:
        FileNotFoundError: the corpus folder is absent.
    """
    base = (root or default_root()) / "train"
    art_dir = base / "train-articles"
    if not art_dir.is_dir():
        raise FileNotFoundError(f"PTC train articles not found under {art_dir}")
    si: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in (base / "train-task-si.labels").read_text(encoding="utf-8").splitlines():
        if line.strip():
            a, s, e = line.split("\t")
            si[a].append((int(s), int(e)))
    tc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line in (base / "train-task-flc-tc.labels").read_text(encoding="utf-8").splitlines():
        if line.strip():
            a, t, s, e = line.split("\t")
            tc[a].append((int(s), int(e), t))
    out = []
    for f in sorted(art_dir.glob("article*.txt")):
        aid = f.stem.removeprefix("article")
        text = f.read_bytes().decode("utf-8")
        out.append(PTCArticle(aid, text, tuple(sorted(si[aid])), tuple(sorted(tc[aid]))))
    return out


def split_ids(ids: list[str], seed: int = VALIDATION_SEED, fraction: float = VALIDATION_FRACTION
              ) -> tuple[list[str], list[str]]:
    """(train ids, validation ids): a seeded shuffle of the sorted ids, first ``fraction`` held out."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    n_val = round(len(order) * fraction)
    val = set(order[:n_val])
    return [i for i in sorted(ids) if i not in val], sorted(val)


__all__ = ["VALIDATION_FRACTION", "VALIDATION_SEED", "PTCArticle", "default_root", "load_train", "split_ids"]
