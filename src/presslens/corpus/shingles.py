"""Fast word shingling and MinHash signatures for near-duplicate detection.

- :func:`shingle_hashes` turns a batch of texts into 64-bit hashes of their k-word shingles without a Python
  loop per word: the texts are joined into one byte buffer, words are found by one regex pass and hashed
  with CRC-32 through ``map``, and the shingle hash mixes k consecutive word hashes in numpy. Words are
  maximal runs of ASCII letters/digits or non-ASCII bytes, lower-cased (ASCII).
- :func:`signatures` computes MinHash signatures with rensa (Rust) from those hashes.
- :func:`lsh_pairs` bands the signatures (numpy) and returns candidate pairs.

Measured choices (benchmarks/dupes_bench.py, docs/benchmarks.md): rensa's MinHash over pre-hashed shingles
is faster than datasketch; banding in numpy is faster than inserting into rensa's LSH index and gives pairs
directly.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

#: Default MinHash size and LSH banding (32 bands × 4 rows: pairs with Jaccard 0.5 are candidates with
#: probability 1 − (1 − 0.5⁴)³² ≈ 0.87, Jaccard 0.7: ≈ 1.0, Jaccard 0.3: ≈ 0.23).
NUM_PERM = 128
BANDS = 32
SEED = 1_234_567

_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_MIX3 = np.uint64(0x94D049BB133111EB)

#: Words: maximal runs of ASCII letters/digits or non-ASCII bytes (after ASCII lower-casing); \x01 separates texts.
_TOKEN = re.compile(rb"[a-z0-9\x80-\xff]+|\x01")
_SEP = " \x01 "
_SEP_HASH = zlib.crc32(b"\x01")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads bits so that close inputs get unrelated hashes."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * _MIX2
        x = x ^ (x >> np.uint64(27))
        x = x * _MIX3
        return x ^ (x >> np.uint64(31))


def word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every word of every text, and the index of the text each word belongs to.

    One regex pass over all texts joined (C speed), CRC-32 per word through ``map`` (no Python loop body),
    then a 64-bit mix in numpy.
    """
    joined = _SEP.join(t.replace("\x01", " ") for t in texts).encode("utf-8", "replace").lower()
    words = _TOKEN.findall(joined)
    h32 = np.fromiter(map(zlib.crc32, words), dtype=np.uint32, count=len(words))
    cand = np.flatnonzero(h32 == _SEP_HASH)
    sep = cand[[words[i] == b"\x01" for i in cand]] if len(cand) else cand
    is_sep = np.zeros(len(words), dtype=bool)
    is_sep[sep] = True
    doc = np.cumsum(is_sep)[~is_sep].astype(np.int64)
    with np.errstate(over="ignore"):
        h = _mix(h32[~is_sep].astype(np.uint64) * _MIX1 + np.uint64(0x632BE59BD9B4E019))
    return h, doc


def shingle_hashes(texts: Sequence[str], k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the k-word shingles of each text (a text with fewer than k words is one shingle).

    Returns:
        (flat uint64 hashes, offsets int64 of length ``len(texts) + 1``): text i owns
        ``flat[offsets[i]:offsets[i + 1]]`` (possibly empty for a text without words).
    """
    h, doc = word_hashes(texts)
    n_docs = len(texts)
    if k <= 1 or len(h) == 0:
        counts = np.bincount(doc, minlength=n_docs) if len(h) else np.zeros(n_docs, dtype=np.int64)
        return h, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    m = len(h) - k + 1
    if m > 0:
        with np.errstate(over="ignore"):
            sh = h[:m].copy()
            for j in range(1, k):
                sh = _mix(sh * _MIX1 + h[j : j + m])
        same = doc[:m] == doc[k - 1 :]
        sh, sdoc = sh[same], doc[:m][same]
    else:
        sh, sdoc = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    # texts with 1..k-1 words: one shingle made of all their words
    words_per_doc = np.bincount(doc, minlength=n_docs)
    short = np.flatnonzero((words_per_doc > 0) & (words_per_doc < k))
    if len(short):
        first = np.searchsorted(doc, short)
        with np.errstate(over="ignore"):
            extra = h[first].copy()
            for j in range(1, k - 1):
                idx = first + j
                ok = j < words_per_doc[short]
                extra[ok] = _mix(extra[ok] * _MIX1 + h[idx[ok]])
        sh = np.concatenate((sh, extra))
        sdoc = np.concatenate((sdoc, short))
        order = np.argsort(sdoc, kind="stable")
        sh, sdoc = sh[order], sdoc[order]
    counts = np.bincount(sdoc, minlength=n_docs)
    return sh, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def signatures(flat: np.ndarray, offsets: np.ndarray, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """MinHash signatures (rensa) of each row of shingle hashes: an (n, num_perm) uint32 array.

    A row without shingles gets an all-max signature (it never becomes an LSH candidate; see :func:`lsh_pairs`).
    """
    import rensa

    n = len(offsets) - 1
    if n == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    mat = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
        np.ascontiguousarray(flat, dtype=np.uint64), np.ascontiguousarray(offsets, dtype=np.uint64), num_perm, seed)
    sig = np.array(mat.to_rows(), dtype=np.uint32)
    empty = offsets[1:] == offsets[:-1]
    sig[empty] = np.iinfo(np.uint32).max
    return sig


def band_keys(sig: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """(n, bands) uint64 keys: the hash of each band of each signature."""
    n, perm = sig.shape
    rows = perm // bands
    s = sig[:, : rows * bands].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        key = np.zeros((n, bands), dtype=np.uint64)
        for r in range(rows):
            key = _mix(key * _MIX1 + s[:, :, r])
        key = key + np.arange(bands, dtype=np.uint64) * _MIX3  # distinct bands never collide on purpose
    return key


def lsh_pairs(sig: np.ndarray, bands: int = BANDS, max_bucket: int = 200, valid: np.ndarray | None = None,
              ) -> np.ndarray:
    """Candidate pairs (i < j) sharing at least one LSH band: an (m, 2) int64 array, unique, sorted.

    Buckets larger than ``max_bucket`` (text repeated in very many documents) are linked as a star to their
    first member instead of all pairs, so memory stays linear. Rows where ``valid`` is False are left out.
    """
    n = len(sig)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys = band_keys(sig, bands).ravel()
    ids = np.repeat(np.arange(n, dtype=np.int64), bands)
    if valid is not None:
        keep = np.repeat(valid, bands)
        keys, ids = keys[keep], ids[keep]
    order = np.argsort(keys, kind="stable")
    keys, ids = keys[order], ids[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate(([0], bounds))
    sizes = np.diff(np.concatenate((starts, [len(keys)])))
    out: list[np.ndarray] = []
    for size in np.unique(sizes[sizes > 1]):
        group = starts[sizes == size]
        members = ids[group[:, None] + np.arange(size)]  # (g, size)
        if size <= max_bucket:
            a, b = np.triu_indices(size, 1)
            out.append(np.stack((members[:, a].ravel(), members[:, b].ravel()), axis=1))
        else:
            out.append(np.stack((np.repeat(members[:, 0], size - 1), members[:, 1:].ravel()), axis=1))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(out)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


__all__ = ["BANDS", "NUM_PERM", "SEED", "band_keys", "lsh_pairs", "shingle_hashes", "signatures", "word_hashes"]
