"""Readers for the public check-worthiness data (CLEF CheckThat! 2024 Task 1 English), used by the training
script and the benchmark. The data is read in place from ``shared/data``; nothing is copied or shipped."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

#: File names of the CheckThat! 2024 English splits.
CLEF_FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}


def read_clef(path: Path) -> tuple[list[str], list[str], list[int]]:
    """Read one CheckThat! TSV: (sentence ids, texts, labels with Yes = 1)."""
    ids: list[str] = []
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for row in reader:
            ids.append(row["Sentence_id"])
            texts.append(row["Text"].strip())
            labels.append(1 if row["class_label"].strip() == "Yes" else 0)
    return ids, texts, labels


def sha256(path: Path) -> str:
    """SHA-256 of a file (recorded in model metadata and benchmark results)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


__all__ = ["CLEF_FILES", "read_clef", "sha256"]
