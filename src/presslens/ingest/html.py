"""HTML → Article: main-text extraction with trafilatura, metadata from the page.

Stages (trafilatura's own guarded-stage design): ``bare_extraction`` with metadata; if it finds no text,
trafilatura's ``baseline`` rescue (all ``<p>``/article text); if that is empty too, :class:`ExtractionFailed`.
Markup ``lang`` attributes are ignored; the language is detected from the extracted text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from ..article import Article, QualityFlag
from ..errors import ExtractionFailed, error
from .byline import combine_bylines, html_byline
from .text import domain_of, from_text

log = logging.getLogger(__name__)

#: Below this many characters an extraction is not an article (a menu item, a cookie banner, a title): the
#: ``baseline`` rescue is tried, and if it finds no more, extraction fails.
MIN_ARTICLE_CHARS = 40
#: Pages beyond this many characters are not parsed (a guard against pathological inputs).
MAX_HTML_CHARS = 20_000_000

_BLANKS = re.compile(r"[ \t\u00a0]+")


def from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    origin: str = "",
    flags: tuple[QualityFlag, ...] = (),
    input_format: str = "html",
) -> Article:
    """Extract the article in ``html`` (a page as text or raw bytes).

    Args:
        html: the page. Bytes are decoded first (BOM, UTF-8, declared charset, then a guess).
        url: where the page came from. The page's canonical URL becomes ``Article.url`` when it is on the same
            domain; a canonical URL on another domain is kept in ``extra`` only (``canonical_mismatch``).
        origin: recorded in the Article and in error messages (defaults to ``url`` or ``"html"``).
        flags: quality flags already known (e.g. ``encoding_repaired``).
        input_format: ``html`` or ``url``.

    Raises:
        ExtractionFailed: no article text could be found.
        UnsupportedInput: ``html`` bytes are binary.
        EmptyInput: the page is empty.
    """
    origin = origin or url or "html"
    if isinstance(html, bytes):
        from .decode import decode_bytes, encoding_flag

        decoded = decode_bytes(html, origin=origin, html=True)
        html = decoded.text
        flags = (*flags, *encoding_flag(decoded))
    if len(html) > MAX_HTML_CHARS:
        raise error(ExtractionFailed, "E004", what=f"{origin} (page over {MAX_HTML_CHARS} characters)")
    meta = _extract(html, url, origin)
    text = meta.pop("text")
    extra: dict[str, Any] = meta.pop("extra")
    page_url = meta.pop("url", None) or url
    if url and page_url != url:
        extra["fetched_url"] = url
        if domain_of(page_url) != domain_of(url):
            # A page may claim any canonical URL; the domain it was fetched from is the one we can vouch for.
            extra["canonical_mismatch"] = True
            page_url = url
    return from_text(
        text,
        origin=origin,
        url=page_url,
        domain=domain_of(page_url),
        input_format=input_format,
        flags=flags,
        extra=extra,
        **meta,
    )


def _extract(html: str, url: str | None, origin: str) -> dict[str, Any]:
    """Text and metadata of the page; raises ExtractionFailed when no stage finds text."""
    import trafilatura

    doc = None
    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, as_dict=False
        )
        doc = None if isinstance(extracted, dict) else extracted  # as_dict=False: a Document (or None)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup; fall through to the rescue
        log.debug("trafilatura extraction failed on %s: %s", origin, exc)
    text = _paragraphs(getattr(doc, "text", None) or "")
    method = "trafilatura"
    if len(text) < MIN_ARTICLE_CHARS:
        text = _rescue(html, origin)
        method = "trafilatura-baseline"
    meta: dict[str, Any] = {"text": text, "extra": {"extraction": method}}
    if doc is None:
        return meta
    if doc.title:
        meta["title"] = doc.title
    byline = combine_bylines(doc.author.replace(";", ",") if doc.author else None, html_byline(html))
    if byline:
        meta["byline"] = byline  # the visible byline keeps co-credited agencies the metadata drops
    if doc.date:
        meta["published"] = doc.date
        meta["published_source"] = "html:metadata"
    if doc.sitename:
        meta["outlet"] = doc.sitename
    if doc.url:
        meta["url"] = doc.url
        meta["extra"]["canonical_url"] = doc.url
    if doc.description:
        meta["extra"]["description"] = doc.description
    for key in ("categories", "tags"):
        value = getattr(doc, key, None)
        if value:
            meta["extra"][key] = list(value)
    return meta


def _rescue(html: str, origin: str) -> str:
    import trafilatura

    try:
        _tree, text, _length = trafilatura.baseline(html)
    except Exception as exc:  # same reason as above: broken markup must not crash a batch
        raise error(ExtractionFailed, "E004", what=origin) from exc
    text = _paragraphs(text or "")
    if len(text) < MIN_ARTICLE_CHARS:
        raise error(ExtractionFailed, "E004", what=origin)
    return text


def _paragraphs(text: str) -> str:
    """trafilatura's one-line-per-block text → paragraphs separated by blank lines, inner spaces collapsed."""
    lines = (_BLANKS.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n\n".join(line for line in lines if line)


__all__ = ["from_html"]
