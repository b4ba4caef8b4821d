"""Ingestion: any news input → :class:`~presslens.article.Article` (or a recorded :class:`Failure`).

Entry points:

- :func:`from_text`, :func:`from_bytes`, :func:`from_html`: build one Article from data in memory.
- :func:`fetch_url`: fetch an http(s) URL behind an SSRF guard.
- :func:`load`: one file, URL or ``"-"`` → an Article (raises on error).
- :func:`iter_articles`: files, folders, corpora (CSV/TSV/JSONL/JSON/Parquet), URLs → Articles and Failures.
- :func:`iter_corpus`: the rows of one corpus file.
- :func:`parse_byline`, :func:`check_quality`, :func:`normalise_date`, :func:`detect_language`: the helpers.

ingest knows nothing of spaCy; it only produces Articles.
"""

from __future__ import annotations

from .byline import parse_byline
from .corpus import iter_corpus
from .dates import normalise_date
from .decode import decode_bytes, from_bytes
from .html import from_html
from .language import detect_language
from .quality import check_quality
from .sources import iter_articles, load
from .text import from_text
from .url import fetch_url

__all__ = [
    "check_quality",
    "decode_bytes",
    "detect_language",
    "fetch_url",
    "from_bytes",
    "from_html",
    "from_text",
    "iter_articles",
    "iter_corpus",
    "load",
    "normalise_date",
    "parse_byline",
]
