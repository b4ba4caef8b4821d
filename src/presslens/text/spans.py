"""Look-ups of character spans by position, in time that does not grow with the article.

Analyzers often ask "which findings lie inside this sentence?" or "which quotes overlap this claim?". A
scan of every item per question makes an analyzer quadratic in article length (issue 9, item 2);
:class:`SpanIndex` answers the same questions from sorted starts (``inside``) and fixed-width position
buckets (``overlapping``), so a whole article costs O(n log n).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

#: Width of the position buckets of :meth:`SpanIndex.overlapping`, in characters.
BUCKET = 1024


class SpanIndex(Generic[T]):
    """Items with a character span, indexed for ``inside`` and ``overlapping`` queries.

    Args:
        items: the items (findings, quotes, tuples…).
        span: how to read ``(start, end)`` from an item.

    Results come in the order the items were given (so a caller that scanned a list before gets the same
    answers, ties included).

    Example:
        >>> idx = SpanIndex([(0, 4), (6, 9), (8, 20)], span=lambda s: s)
        >>> idx.inside(5, 10)
        [(6, 9)]
        >>> idx.overlapping(9, 12)
        [(8, 20)]
    """

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> None:
        keyed = sorted(((*span(it), k, it) for k, it in enumerate(items)), key=lambda x: (x[0], x[1], x[2]))
        self._items: list[T] = [x[3] for x in keyed]
        self._order = [x[2] for x in keyed]
        self._starts = [x[0] for x in keyed]
        self._ends = [x[1] for x in keyed]
        self._buckets: dict[int, list[int]] = {}
        for i, (s, e) in enumerate(zip(self._starts, self._ends, strict=True)):
            for b in range(s // BUCKET, max(s, e - 1) // BUCKET + 1):
                self._buckets.setdefault(b, []).append(i)

    def __len__(self) -> int:
        return len(self._items)

    def inside(self, start: int, end: int) -> list[T]:
        """Items lying within ``start..end`` (``start <= item start`` and ``item end <= end``)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        hits = [i for i in range(lo, hi) if self._ends[i] <= end]
        return [self._items[i] for i in sorted(hits, key=self._order.__getitem__)]

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items sharing at least one character with ``start..end`` (an empty query matches nothing)."""
        if end <= start:
            return []
        hits: set[int] = set()
        for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for i in self._buckets.get(b, ()):
                if self._starts[i] < end and start < self._ends[i]:
                    hits.add(i)
        return [self._items[i] for i in sorted(hits, key=self._order.__getitem__)]


__all__ = ["BUCKET", "SpanIndex"]
