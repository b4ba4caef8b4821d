"""SpanIndex (presslens.text.spans): the position look-ups that keep analyzers linear (issue 9, item 2)."""

from __future__ import annotations

import random

from presslens.text.spans import BUCKET, SpanIndex


def test_spans_index_matches_a_linear_scan() -> None:
    rng = random.Random(9)
    items = []
    for _ in range(400):
        a = rng.randrange(0, 20 * BUCKET)
        items.append((a, a + rng.choice((1, 5, 40, 900, 3 * BUCKET))))
    idx = SpanIndex(items, span=lambda s: s)
    for _ in range(300):
        a = rng.randrange(0, 21 * BUCKET)
        b = a + rng.choice((0, 1, 30, 2000, 5 * BUCKET))
        assert idx.inside(a, b) == [s for s in items if a <= s[0] and s[1] <= b]
        assert idx.overlapping(a, b) == [s for s in items if s[0] < b and a < s[1] and a < b]


def test_spans_results_keep_the_given_order() -> None:
    items = [(50, 60, "late"), (0, 100, "wide"), (50, 60, "twin")]
    idx = SpanIndex(items, span=lambda s: (s[0], s[1]))
    assert [s[2] for s in idx.overlapping(55, 56)] == ["late", "wide", "twin"]
    assert [s[2] for s in idx.inside(0, 100)] == ["late", "wide", "twin"]
