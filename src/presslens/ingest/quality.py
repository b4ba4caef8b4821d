"""Quality flags raised at ingestion: signs that the text is not the whole article.

A flag does not stop analysis; it tells the reader (and later stages) what the dossier cannot vouch for.
Flags with textual evidence carry offsets into ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
import re

from ..article import QualityFlag
from .dates import is_future

#: Phrases of paywall and registration walls (matched case-insensitively, anywhere in the text).
PAYWALL_PHRASES = (
    "subscribe to read",
    "subscribe to continue",
    "subscribe to keep reading",
    "subscribe to unlock",
    "this content is for subscribers",
    "this article is for subscribers",
    "this article is reserved for subscribers",
    "for subscribers only",
    "exclusive to subscribers",
    "sign in to continue",
    "sign in to read",
    "log in to continue",
    "log in to read",
    "register to continue reading",
    "create a free account to continue",
    "to continue reading",
    "already a subscriber?",
    "you have reached your limit of free articles",
    "you've reached your limit of free articles",
    "you have used all of your free articles",
)
#: Endings that mean the text was cut: an ellipsis (also ``[…]``/``[...]``) or a "read more" link at the very end.
TRUNCATION_TAILS = (
    "read more",
    "continue reading",
    "keep reading",
    "read the full story",
    "read the full article",
    "read full article",
    "click here to read more",
)
#: Only the last this-many characters are searched for a truncation tail.
TAIL_WINDOW = 200
#: Under this many whitespace-separated words the text is probably a teaser or a failed extraction.
#: (Wire briefs run 120-200 words; the median AllSides body is ~800.)
SHORT_WORDS = 150
#: At most this many paywall flags per article (one wall often repeats its phrases).
MAX_PAYWALL_FLAGS = 5

_PAYWALL_RE = re.compile(
    "|".join(re.escape(p) for p in sorted(PAYWALL_PHRASES, key=len, reverse=True)), re.IGNORECASE
)
_TAIL_RE = re.compile(
    r"(?:\[\s*(?:…|\.{3})\s*\]|…|\.{3,}|\b(?:"
    + "|".join(re.escape(t) for t in sorted(TRUNCATION_TAILS, key=len, reverse=True))
    + r")\b[\s.:…»›>→\-]*)\s*\Z",
    re.IGNORECASE,
)


def paywall_flags(text: str) -> list[QualityFlag]:
    """One ``paywall`` flag per paywall phrase found (at most :data:`MAX_PAYWALL_FLAGS`)."""
    flags: list[QualityFlag] = []
    for m in _PAYWALL_RE.finditer(text):
        flags.append(
            QualityFlag("paywall", f"paywall or registration notice: {m.group(0)!r}", m.start(), m.end())
        )
        if len(flags) >= MAX_PAYWALL_FLAGS:
            break
    return flags


def truncation_flag(text: str) -> QualityFlag | None:
    """A ``truncated`` flag over the tail (ellipsis or "read more") the text ends with, if any."""
    offset = max(0, len(text) - TAIL_WINDOW)
    m = _TAIL_RE.search(text, offset)
    if m is None:
        return None
    start, end = m.start(), m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return QualityFlag("truncated", f"text ends with {text[start:end]!r}: probably cut short", start, end)


def check_quality(
    text: str, *, published: str | None = None, today: dt.date | None = None
) -> tuple[QualityFlag, ...]:
    """All quality flags for ``text`` (and its ISO ``published`` date): paywall, truncated, short, future_date."""
    flags = paywall_flags(text)
    tail = truncation_flag(text)
    if tail is not None:
        flags.append(tail)
    words = len(text.split())
    if words < SHORT_WORDS:
        flags.append(
            QualityFlag(
                "short", f"only {words} words (under {SHORT_WORDS}): possibly a teaser or a failed extraction"
            )
        )
    if is_future(published, today):
        flags.append(QualityFlag("future_date", f"published date {published} is in the future"))
    return tuple(flags)


__all__ = [
    "MAX_PAYWALL_FLAGS",
    "PAYWALL_PHRASES",
    "SHORT_WORDS",
    "TRUNCATION_TAILS",
    "check_quality",
    "paywall_flags",
    "truncation_flag",
]
