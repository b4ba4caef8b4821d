"""Plain text → Article: the one place where every ingestion path builds its :class:`~presslens.article.Article`.

The text is kept exactly as given apart from newline normalisation (CRLF/CR → LF) and a leading BOM, so that
offsets users compute on their own copy still match.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from ..article import Article, Byline, Language, QualityFlag
from ..errors import EmptyInput, error
from .byline import parse_byline
from .dates import normalise_date
from .language import detect_language
from .quality import check_quality

#: Keyword metadata :func:`from_text` accepts (the Article fields that are not derived from the text).
META_FIELDS = frozenset(
    {
        "title",
        "url",
        "domain",
        "outlet",
        "published",
        "published_source",
        "byline",
        "language",
        "input_format",
        "flags",
        "extra",
    }
)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR → LF; a leading byte-order mark removed. Nothing else changes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def domain_of(url: str | None) -> str | None:
    """Host of ``url``, lower-cased, without a leading ``www.`` (``https://www.nytimes.com/x`` → ``nytimes.com``)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def from_text(text: str, *, origin: str = "text", **meta: Any) -> Article:
    """Build an Article from plain text: newlines normalised, language detected, quality flags raised.

    Args:
        text: the article text.
        origin: where it came from (path, URL, ``"stdin"``…), used in messages and failure records.
        **meta: Article metadata — ``title``, ``url``, ``domain``, ``outlet``, ``published`` (any parseable date;
            stored as ISO), ``published_source``, ``byline`` (a string is parsed), ``language``,
            ``input_format``, ``flags`` (extra :class:`QualityFlag` s, e.g. from decoding), ``extra``.
            The id is always the content hash of the text.

    Raises:
        EmptyInput: nothing but whitespace is left.
        TypeError: an unknown metadata keyword.
    """
    unknown = set(meta) - META_FIELDS
    if unknown:
        raise TypeError(f"from_text() got unknown metadata {sorted(unknown)}; valid: {sorted(META_FIELDS)}")
    text = normalise_newlines(text)
    if not text.strip():
        raise error(EmptyInput, "E001", what=origin or "the text")
    extra: dict[str, Any] = dict(meta.pop("extra", None) or {})
    flags: list[QualityFlag] = list(meta.pop("flags", None) or ())

    byline = meta.pop("byline", None)
    if isinstance(byline, str):
        byline = parse_byline(byline)
    elif byline is None:
        byline = Byline()

    published = meta.pop("published", None)
    source = meta.pop("published_source", None)
    iso = normalise_date(published) if published is not None else None
    if published not in (None, "") and iso is None:
        extra.setdefault("published_raw", str(published))
    if iso is None:
        source = None
    elif source is None:
        source = "metadata"

    url = _clean(meta.pop("url", None))
    domain = _clean(meta.pop("domain", None)) or domain_of(url)
    language = meta.pop("language", None)
    if not isinstance(language, Language) or language.method == "unset":
        language = detect_language(text)

    flags.extend(check_quality(text, published=iso))
    return Article(
        text=text,
        title=_clean(meta.pop("title", None)) or headline_of(text),
        url=url,
        domain=domain,
        outlet=_clean(meta.pop("outlet", None)),
        published=iso,
        published_source=source,
        byline=byline,
        language=language,
        origin=origin,
        input_format=str(meta.pop("input_format", None) or "text"),
        flags=_dedupe(flags),
        extra=extra,
    )


#: A first line longer than this is a paragraph, not a headline.
HEADLINE_MAX_WORDS = 30
_HEADLINE_END = re.compile(r"[.,;:!?\"”’')\]]$")
_BYLINE_START = re.compile(r"^(?:by|from|posted|updated|published)\b", re.IGNORECASE)


def headline_of(text: str) -> str | None:
    """The title of a plain-text article, decided once here: its first paragraph when that is a single short line
    without closing punctuation, followed by more text ("Harbour bridge reopens after repair" then a blank
    line). Renderers use ``Article.title`` and never guess again; None when there is no such line."""
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n\n")
    first = first.strip()
    if not sep or not rest.strip() or "\n" in first or not first:
        return None
    if len(first.split()) > HEADLINE_MAX_WORDS or _HEADLINE_END.search(first) or _BYLINE_START.match(first):
        return None
    return " ".join(first.split())


def with_flags(article: Article, flags: Iterable[QualityFlag]) -> Article:
    """A copy of ``article`` with ``flags`` added in front of its own."""
    return dataclasses.replace(article, flags=_dedupe([*flags, *article.flags]))


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def _dedupe(flags: Iterable[QualityFlag]) -> tuple[QualityFlag, ...]:
    seen: set[QualityFlag] = set()
    out: list[QualityFlag] = []
    for f in flags:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return tuple(out)


__all__ = ["domain_of", "from_text", "headline_of", "normalise_newlines", "with_flags"]
