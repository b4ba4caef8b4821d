"""Bytes → text: refuse binary data, detect the encoding, and route HTML to extraction.

Decoding order: byte-order mark; BOM-less UTF-16 (NUL-byte pattern); strict UTF-8; the declared charset
(HTTP header or ``<meta charset>``); then a guess — Western cp1252 when the result looks like Western text,
else charset-normalizer, else latin-1. A guess adds an ``encoding_repaired`` quality flag.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from ..article import Article, QualityFlag
from ..errors import EmptyInput, UnsupportedInput, error
from .text import from_text

#: Magic numbers of formats presslens does not read, with a name for the error message.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PAR1", "Parquet file (read it as a corpus)"),
    (b"\x7fELF", "executable"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
)
#: Byte-order marks, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Bytes inspected for NUL patterns and charset guessing.
SNIFF_BYTES = 65_536
#: Decoded text with more than this share of control characters (other than tab/newline/CR/FF) is binary.
MAX_CONTROL_RATIO = 0.01
#: BOM-less UTF-16 is assumed when at least this share of the odd (LE) or even (BE) bytes is NUL.
UTF16_NUL_SHARE = 0.4
#: The cp1252 guess is accepted when at most this share of letters is non-ASCII (Western European text);
#: Cyrillic or Greek single-byte text decoded as cp1252 is nearly all non-ASCII and falls through.
MAX_WESTERN_NON_ASCII = 0.15
#: File suffixes that mean HTML.
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
#: Suffixes of plain text: only an explicit ``<!doctype html>``/``<html>`` start makes them HTML.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst"})
#: With no telling suffix, this many known HTML tags in the first 8 KB make a document HTML.
HTML_TAG_MIN = 8

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ROOT = re.compile(r"<(?:html|body)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|ul|ol|li|table|tr|td|img|script|style|meta|link|head|body|html|article|"
    r"section|nav|header|footer|em|strong|b|i|title)\b[^>]*>",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_WESTERN_CATEGORIES = frozenset({"Pd", "Pi", "Pf", "Po", "Ps", "Pe", "Sc", "Sm", "So", "Sk", "Zs"})


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used, and whether that encoding was a guess."""

    text: str
    encoding: str
    guessed: bool = False


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` looks binary (a format name or "NUL bytes"), or None for text."""
    for magic, name in BINARY_SIGNATURES:
        if data.startswith(magic):
            return name
    return None


def decode_bytes(
    data: bytes, *, origin: str = "input", declared: str | None = None, html: bool = False
) -> Decoded:
    """Decode ``data`` as text.

    Args:
        data: raw bytes.
        origin: named in error messages.
        declared: a charset announced by the transport (HTTP ``Content-Type``).
        html: also honour a ``<meta charset>`` declaration.

    Raises:
        UnsupportedInput: ``data`` is binary (E002).
    """
    kind = binary_kind(data)
    if kind:
        raise error(UnsupportedInput, "E002", why=kind)
    for bom, enc in BOMS:
        if data.startswith(bom):
            return _checked(Decoded(data[len(bom) :].decode(enc, errors="replace"), enc))
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise error(UnsupportedInput, "E002", why="it contains NUL bytes")
        return _checked(utf16)
    if b"\x00" in data:
        raise error(UnsupportedInput, "E002", why="it contains NUL bytes")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    candidates: list[str | None] = [declared]
    if html:
        m = _META_CHARSET.search(data[:SNIFF_BYTES])
        candidates.append(m.group(1).decode("ascii", "ignore") if m else None)
    for cand in candidates:
        decoded = _try_codec(data, cand)
        if decoded is not None:
            return _checked(decoded)
    return _checked(guess_encoding(data))


def encoding_flag(decoded: Decoded) -> tuple[QualityFlag, ...]:
    """An ``encoding_repaired`` flag when the encoding of ``decoded`` had to be guessed."""
    if not decoded.guessed:
        return ()
    return (
        QualityFlag(
            "encoding_repaired",
            f"the input was not valid UTF-8 and declared no usable charset; decoded as {decoded.encoding} (guessed)",
        ),
    )


def looks_like_html(text: str, *, filename: str | None = None, content_type: str | None = None) -> bool:
    """Whether ``text`` should go through HTML extraction (content type, suffix, then sniffing)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return True
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in HTML_SUFFIXES:
        return True
    head = text[:8192]
    if _HTML_START.search(head):
        return True
    if media == "text/plain" or suffix in TEXT_SUFFIXES:
        return False
    return bool(_HTML_ROOT.search(head)) or len(_HTML_TAG.findall(head)) >= HTML_TAG_MIN


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def from_bytes(
    data: bytes,
    *,
    origin: str = "bytes",
    filename: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    input_format: str | None = None,
) -> Article:
    """Build an Article from raw bytes: binary refused, encoding detected, HTML extracted.

    Args:
        data: the file or response body.
        origin: recorded in the Article and in error messages.
        filename: its name, when known (the suffix helps tell HTML from text).
        content_type: an HTTP ``Content-Type`` (media type and charset).
        url: the URL it was fetched from, if any.
        input_format: overrides ``text``/``html`` (``url`` for fetched pages).

    Raises:
        UnsupportedInput: binary data (E002). EmptyInput: nothing but whitespace (E001).
        ExtractionFailed: HTML with no article text (E004).
    """
    if not data.strip():
        raise error(EmptyInput, "E001", what=origin)
    suffix = PurePath(filename).suffix.lower() if filename else ""
    is_html_hint = suffix in HTML_SUFFIXES or "html" in (content_type or "").lower()
    decoded = decode_bytes(
        data, origin=origin, declared=charset_of(content_type), html=is_html_hint or b"<" in data[:4096]
    )
    flags = encoding_flag(decoded)
    if looks_like_html(decoded.text, filename=filename, content_type=content_type):
        from .html import from_html

        return from_html(
            decoded.text, url=url, origin=origin, flags=flags, input_format=input_format or "html"
        )
    return from_text(decoded.text, origin=origin, url=url, flags=flags, input_format=input_format or "text")


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    sample = text[:SNIFF_BYTES]
    if sample:
        controls = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or "\x7f" <= ch < "\xa0")
        if controls / len(sample) > MAX_CONTROL_RATIO:
            raise error(
                UnsupportedInput, "E002", why=f"{controls} control characters in the first {len(sample)}"
            )
    return decoded


def _try_codec(data: bytes, enc: str | None) -> Decoded | None:
    if not enc:
        return None
    try:
        name = codecs.lookup(enc).name
        return Decoded(data.decode(name), name)
    except (LookupError, UnicodeDecodeError):
        return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    head = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    half = max(len(head) // 2, 1)
    even_nul = head[0::2].count(0) / half
    odd_nul = head[1::2].count(0) / half
    enc = None
    if odd_nul >= UTF16_NUL_SHARE and even_nul < 0.05:
        enc = "utf-16-le"
    elif even_nul >= UTF16_NUL_SHARE and odd_nul < 0.05:
        enc = "utf-16-be"
    if enc is None:
        return None
    try:
        return Decoded(data[: len(data) - len(data) % 2].decode(enc), enc, guessed=True)
    except UnicodeDecodeError:
        return None


def guess_encoding(data: bytes) -> Decoded:
    """Decode non-UTF-8 ``data`` by guessing: Western cp1252, else charset-normalizer, else latin-1."""
    western = _western(data)
    if western is not None:
        return Decoded(western, "cp1252", guessed=True)
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[:SNIFF_BYTES]).best()
    if best is not None and best.encoding:
        try:
            return Decoded(data.decode(best.encoding, errors="replace"), best.encoding, guessed=True)
        except LookupError:
            pass
    return Decoded(data.decode("latin-1"), "latin-1", guessed=True)


def _western(data: bytes) -> str | None:
    """``data`` as cp1252 when it reads as Western European text (few accented letters, typographic quotes)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return text
    letters = sum(ch.isalpha() for ch in text)
    if sum(ch.isalpha() for ch in non_ascii) > MAX_WESTERN_NON_ASCII * max(letters, 1):
        return None
    for ch in set(non_ascii):
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            if ord(ch) > 0x17F:  # beyond Latin-1 Supplement and Latin Extended-A
                return None
        elif cat not in _WESTERN_CATEGORIES:
            return None
    return text


__all__ = [
    "BINARY_SIGNATURES",
    "Decoded",
    "binary_kind",
    "charset_of",
    "decode_bytes",
    "encoding_flag",
    "from_bytes",
    "guess_encoding",
    "looks_like_html",
]
