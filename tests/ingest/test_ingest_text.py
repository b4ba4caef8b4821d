"""Plain text and bytes: newline/BOM normalisation, encodings, binary refusal, metadata."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from presslens.article import Byline
from presslens.errors import EmptyInput, UnsupportedInput
from presslens.ingest import decode_bytes, from_bytes, from_text

DATA = Path(__file__).parent / "data"
PARAGRAPH = (DATA / "paragraph.txt").read_text(encoding="utf-8").strip()


def long_text(paragraphs: int = 4) -> str:
    """An English article of ``paragraphs`` ~50-word paragraphs separated by blank lines."""
    return "\n\n".join([PARAGRAPH] * paragraphs)


SMART = (
    "The minister\u2019s \u201cplan\u201d \u2013 costing \u20ac4m \u2013 was criticised at the caf\u00e9. "
)


def test_from_text_keeps_text_but_normalises_newlines_and_bom() -> None:
    a = from_text("\ufeffFirst line.\r\nSecond line.\rThird\u00a0line  with  spaces.")
    assert a.text == "First line.\nSecond line.\nThird\u00a0line  with  spaces."
    assert a.input_format == "text"
    assert a.origin == "text"
    assert a.id and len(a.id) == 16


def test_from_text_metadata_is_parsed() -> None:
    a = from_text(
        long_text(),
        origin="x.txt",
        title="  Bus  network grows ",
        url="https://www.example-news.com/2024/01/02/buses",
        byline="By Jane Doe and John Smith, Associated Press",
        published="9/6/17",
        outlet="Example News",
    )
    assert a.title == "Bus network grows"
    assert a.domain == "example-news.com"
    assert a.byline == Byline(
        "By Jane Doe and John Smith, Associated Press", ("Jane Doe", "John Smith"), ("AP",)
    )
    assert a.published == "2017-09-06"
    assert a.published_source == "metadata"
    assert a.language.code == "en" and a.language.method == "py3langid"
    assert a.paragraphs[0] == (0, len(long_text(1)))
    assert not a.flags


def test_unparseable_date_kept_in_extra() -> None:
    a = from_text(long_text(), published="0001-11-30")
    assert a.published is None and a.published_source is None
    assert a.extra["published_raw"] == "0001-11-30"


def test_from_text_rejects_empty_and_unknown_metadata() -> None:
    with pytest.raises(EmptyInput) as info:
        from_text(" \r\n\t ", origin="blank.txt")
    assert info.value.code == "E001" and "blank.txt" in str(info.value)
    with pytest.raises(TypeError, match="colour"):
        from_text("text", colour="red")


def test_utf8_bom_and_crlf() -> None:
    body = long_text().replace("\n", "\r\n")
    a = from_bytes(codecs.BOM_UTF8 + body.encode("utf-8"), origin="bom.txt")
    assert a.text == long_text()
    assert not any(f.code == "encoding_repaired" for f in a.flags)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec: str) -> None:
    text = SMART + long_text()
    a = from_bytes(text.encode(codec), origin="u16.txt")
    assert a.text == text
    assert a.language.code == "en"


def test_cp1252_smart_quotes_are_repaired_and_flagged() -> None:
    text = SMART * 3 + long_text()
    a = from_bytes(text.encode("cp1252"), origin="legacy.txt")
    assert a.text == text
    flags = [f for f in a.flags if f.code == "encoding_repaired"]
    assert len(flags) == 1 and "cp1252" in flags[0].message
    assert flags[0].start is None


def test_declared_charset_wins_over_guessing() -> None:
    text = "Grüße aus Köln: die Straße war gesperrt, sagte ein Sprecher der Polizei am Morgen."
    d = decode_bytes(text.encode("iso-8859-15"), declared="iso-8859-15")
    assert d.text == text and not d.guessed


def test_cyrillic_single_byte_is_not_forced_into_cp1252() -> None:
    text = "Правительство объявило о новых мерах поддержки экономики в понедельник вечером. " * 4
    d = decode_bytes(text.encode("cp1251"))
    assert d.guessed
    assert d.encoding != "cp1252"
    assert "Правительство" in d.text


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (gzip.compress(b"hello world"), "gzip"),
        (_zip_bytes(), "ZIP"),
        (b"text then \x00\x01\x02\x03 binary \x00 junk", "NUL"),
        (bytes(range(1, 32)) * 20 + b"some letters here", "control characters"),
    ],
)
def test_binary_input_is_refused(data: bytes, needle: str) -> None:
    with pytest.raises(UnsupportedInput) as info:
        from_bytes(data, origin="blob.bin")
    assert info.value.code == "E002"
    assert needle in str(info.value)


def test_empty_bytes() -> None:
    with pytest.raises(EmptyInput):
        from_bytes(b"  \n ", origin="empty.txt")


def test_html_is_sniffed_from_bytes(article_html: str) -> None:
    a = from_bytes(article_html.encode("utf-8"), origin="page")  # no filename, no content type
    assert a.input_format == "html"
    assert a.title == "Council approves new bridge over the Lerne river"
    junk_first = b"garbage before the page\n" + article_html.split("<!DOCTYPE html>", 1)[1].encode()
    assert from_bytes(junk_first, origin="dump").input_format == "html"
    plain = from_bytes(
        b"Use <b>bold</b> sparingly. " + long_text().encode(), origin="notes.md", filename="notes.md"
    )
    assert plain.input_format == "text" and plain.text.startswith("Use <b>bold</b>")
