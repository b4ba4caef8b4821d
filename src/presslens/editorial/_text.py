"""Small text helpers shared by the editorial analyzers: quoted regions and lexicon regexes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»“"


def quoted_regions(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (curly or straight double quotes), paragraph by paragraph.

    An unclosed opening quote runs to the end of its paragraph (multi-paragraph quotes repeat the opening
    mark on each paragraph by convention). Used to keep a speaker's words apart from the outlet's voice.
    """
    regions: list[tuple[int, int]] = []
    for ps, pe in paragraphs:
        i = ps
        open_at: int | None = None
        while i < pe:
            ch = text[i]
            if open_at is None:
                if ch in OPEN_QUOTES or (ch == '"' and (i == ps or not text[i - 1].isalnum())):
                    open_at = i
            elif ch in "”»" or ch == '"':
                regions.append((open_at, i + 1))
                open_at = None
            i += 1
        if open_at is not None:
            regions.append((open_at, pe))
    return regions


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
