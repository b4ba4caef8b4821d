"""Ingestion: any news input → :class:`~presslens.article.Article` (or a recorded :class:`Failure`)."""

from __future__ import annotations

from ..article import Article
from .language import detect_language


def from_text(text: str, *, origin: str = "text", **meta: object) -> Article:
    """Build an Article from plain text (newlines normalised, language detected)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return Article(text=text, origin=origin, language=detect_language(text), **meta)  # type: ignore[arg-type]


__all__ = ["detect_language", "from_text"]
