"""The Article: what ingestion produces and every later stage reads.

``Article.text`` is the exact text analysed; every finding's offsets index it. Nothing after ingestion
changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def content_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Byline:
    """A parsed byline: the raw string and what was recognised in it."""

    raw: str = ""
    persons: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Language:
    """Language detected from the content (never trusted from markup)."""

    code: str = "und"
    confidence: float = 0.0
    #: ``unset`` means nobody looked yet; the pipeline then detects it from the text.
    method: str = "unset"


#: Quality flags meaning the text is not the whole article: article-level scores are withheld for them.
#: ("short" is reported but not among them: a brief can be complete.)
INCOMPLETE_FLAGS = frozenset({"paywall", "truncated"})


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """Something about the input that limits what can be concluded (paywall teaser, truncation…).

    ``start``/``end`` point into ``Article.text`` when the flag has textual evidence, else both are None.
    """

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news item, ready for analysis.

    Attributes:
        text: the main text, exactly as analysed; all offsets index it.
        id: stable content hash of ``text``.
        title, url, domain, outlet: metadata when known.
        published: ISO date (YYYY-MM-DD or full timestamp) when known; ``published_source`` says where it came
            from (``"html:meta"``, ``"corpus:date"``, ``"url"``…).
        byline: raw author string with parsed persons and agencies.
        language: detected language with confidence.
        paragraphs: (start, end) offsets of the paragraphs of ``text``.
        origin: where the input came from (path, URL, ``"stdin"``, ``"corpus.csv#row=12"``).
        input_format: ``text`` | ``html`` | ``url`` | ``csv`` | ``jsonl`` | ``parquet``.
        flags: quality flags raised at ingestion.
        extra: other metadata (canonical URL, site name, corpus columns not mapped).
    """

    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    domain: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_source: str | None = None
    byline: Byline = field(default_factory=Byline)
    language: Language = field(default_factory=Language)
    paragraphs: tuple[tuple[int, int], ...] = ()
    origin: str = ""
    input_format: str = "text"
    flags: tuple[QualityFlag, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))
        if not self.paragraphs and self.text:
            object.__setattr__(self, "paragraphs", split_paragraphs(self.text))

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        """Metadata as plain JSON-able data (the text is included)."""
        d = asdict(self)
        d["paragraphs"] = [list(p) for p in self.paragraphs]
        d["byline"]["persons"] = list(self.byline.persons)
        d["byline"]["agencies"] = list(self.byline.agencies)
        d["flags"] = [asdict(f) for f in self.flags]
        return d


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``text[start:end]`` to exclude leading and trailing whitespace (offsets stay in ``text``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraph offsets: blocks separated by one or more blank lines, or single newlines when the text has
    no blank lines at all. Leading/trailing whitespace is excluded from each span."""
    sep = "\n\n" if "\n\n" in text else "\n"
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos < n:
        nxt = text.find(sep, pos)
        end = n if nxt == -1 else nxt
        s, e = strip_span(text, pos, end)
        if e > s:
            spans.append((s, e))
        if nxt == -1:
            break
        pos = nxt + len(sep)
    return tuple(spans)


__all__ = ["INCOMPLETE_FLAGS", "Article", "Byline", "Language", "QualityFlag", "content_id", "split_paragraphs", "strip_span"]
