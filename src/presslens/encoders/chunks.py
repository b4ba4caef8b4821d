"""Encoder windows: consecutive sentences packed into chunks, so that one encoder pass gives every token its context.

The accurate profile encodes an article once. Encoding sentence by sentence gives each token no context
beyond its sentence; encoding whole articles overflows the encoder's window. A :class:`Chunk` is the middle
way: consecutive sentences packed greedily up to ``max_tokens`` word pieces (a sentence longer than that is a
chunk on its own and is truncated by the encoder). Chunks may span line breaks and paragraphs, so a token
tagger can find spans that cross them, and a sentence's vector can be pooled from its own tokens inside the
chunk. ``max_tokens <= 0`` gives one sentence per chunk (the isolated-sentence regime of the training sets
for check-worthiness and subjectivity).

This module is the contract between training (``presslens._training``) and run time
(:mod:`presslens.encoders`): both must cut text the same way, so both call :func:`pack`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

#: Default window (word pieces) for packing sentences; the encoder's own limit is 256.
MAX_TOKENS = 128


@dataclass(frozen=True, slots=True)
class Chunk:
    """A window of consecutive sentences.

    Attributes:
        start, end: character offsets of the window in the text (first sentence start, last sentence end).
        sentences: indices of the sentences it holds, in order.
    """

    start: int
    end: int
    sentences: tuple[int, ...]


def pack(spans: Sequence[tuple[int, int]], lengths: Sequence[int], max_tokens: int = MAX_TOKENS) -> list[Chunk]:
    """Group consecutive sentences into chunks of at most ``max_tokens`` word pieces.

    Args:
        spans: ``(start, end)`` character offsets of the sentences, in text order (non-overlapping).
        lengths: word pieces per sentence (same order), e.g. ``len(tokenizer.encode(text, add_special_tokens=False))``.
        max_tokens: the budget per chunk (special tokens not counted); ``<= 0``: one sentence per chunk.

    Returns:
        Chunks covering every sentence exactly once, in order. A sentence longer than the budget is a chunk
        alone; empty sentences (length 0) join their neighbours.

    Raises:
        ValueError: when ``spans`` and ``lengths`` differ in length or the spans are out of order.
    """
    if len(spans) != len(lengths):
        raise ValueError(f"pack: {len(spans)} spans but {len(lengths)} lengths")
    if any(b < a for a, b in spans) or any(a1 < b0 for (_, b0), (a1, _) in pairwise(spans)):
        raise ValueError("pack: sentence spans must be non-overlapping and in text order")
    chunks: list[Chunk] = []
    cur: list[int] = []
    used = 0
    for i, n in enumerate(lengths):
        if cur and (max_tokens <= 0 or used + n > max_tokens):
            chunks.append(Chunk(spans[cur[0]][0], spans[cur[-1]][1], tuple(cur)))
            cur, used = [], 0
        cur.append(i)
        used += n
    if cur:
        chunks.append(Chunk(spans[cur[0]][0], spans[cur[-1]][1], tuple(cur)))
    return chunks


__all__ = ["MAX_TOKENS", "Chunk", "pack"]
