"""Small text helpers shared by the editorial analyzers: quoted regions and lexicon regexes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..text.quotemarks import find_quote_regions


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks, marks included, from the attribution capability's
    quotation-mark finder (curly, straight, „…“, «…», multi-paragraph quotes). Used to keep a speaker's
    words apart from the outlet's voice; single quotes are left out (they mark titles and scare quotes
    at least as often as speech)."""
    return [(r.start, r.end) for r in find_quote_regions(text) if not r.single]


class RegionIndex:
    """Fast "is this offset inside one of these (sorted, non-overlapping) regions?" lookups."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        self.regions = sorted(regions)
        self._starts = [s for s, _ in self.regions]

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self.regions[i][0] <= pos < self.regions[i][1]


def lexicon_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive regex matching any phrase on word boundaries; straight and curly apostrophes
    are interchangeable, and spaces match any run of whitespace. Longer phrases win."""
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        esc = re.escape(p).replace("'", "['’]").replace("\\ ", r"\s+")
        parts.append(esc)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)
