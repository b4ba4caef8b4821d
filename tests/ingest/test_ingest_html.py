"""HTML extraction: main text and metadata of a realistic page, boilerplate dropped, broken markup survived."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.errors import ExtractionFailed
from presslens.ingest import from_html

DATA = Path(__file__).parent / "data"
PARAGRAPH = (DATA / "paragraph.txt").read_text(encoding="utf-8").strip()


def test_article_page_text_and_metadata(article_html: str) -> None:
    a = from_html(article_html, url="https://valleycourier.example/s/123?utm_source=x", origin="page.html")
    assert a.input_format == "html"
    assert a.origin == "page.html"
    assert a.title == "Council approves new bridge over the Lerne river"
    assert a.byline.persons == ("Maria Keller",)
    assert a.published == "2024-03-14" and a.published_source == "html:metadata"
    assert a.outlet == "The Valley Courier"
    assert a.url == "https://www.valleycourier.example/news/2024/03/14/council-approves-bridge"
    assert a.domain == "valleycourier.example"
    assert a.extra["fetched_url"] == "https://valleycourier.example/s/123?utm_source=x"
    assert a.extra["description"].startswith("After two years of debate")
    # main text with paragraph breaks as blank lines
    assert "Mayor Anton Weiss said" in a.text
    assert "Jonas Brandt" in a.text
    assert "\n\n" in a.text and len(a.paragraphs) >= 5
    for start, end in a.paragraphs:
        assert a.text[start:end].strip() == a.text[start:end]
    # boilerplate and scripts dropped
    for junk in (
        "tracking pixel",
        "dataLayer",
        "font-family",
        "Most read",
        "Storm warning",
        "Privacy policy",
        "All rights reserved",
        "Sport",
    ):
        assert junk not in a.text
    # markup says lang="fr"; the text is English
    assert a.language.code == "en"


def test_canonical_on_another_domain_is_not_trusted(article_html: str) -> None:
    a = from_html(article_html, url="https://copycat.example/bridge")
    assert a.url == "https://copycat.example/bridge" and a.domain == "copycat.example"
    assert a.extra["canonical_url"].startswith("https://www.valleycourier.example/")
    assert a.extra["canonical_mismatch"] is True
    assert a.origin == "https://copycat.example/bridge"


def test_html_bytes_with_meta_charset() -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 closes</title></head><body><article>'
        f"<p>The caf\u00e9\u2019s owner said \u201cwe are done\u201d. {PARAGRAPH}</p><p>{PARAGRAPH}</p>"
        f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
    a = from_html(page.encode("cp1252"), origin="cafe.html")
    assert "The caf\u00e9\u2019s owner said \u201cwe are done\u201d." in a.text
    assert not any(f.code == "encoding_repaired" for f in a.flags)


@pytest.mark.parametrize(
    "page",
    [
        # unclosed tags, stray closing tags, a broken attribute, no <html>/<body>
        f"<div><p>{PARAGRAPH}<p>{PARAGRAPH}</span></b><div class='x><p>{PARAGRAPH}</div></div></div></div>",
        f"<html><body><table><tr><td><p>{PARAGRAPH}</p><p>{PARAGRAPH}</td></table><p>{PARAGRAPH}",
        f"<!DOCTYPE html><html><head><title>t</title><body><h1>Heading</h1><p>{PARAGRAPH} &nbsp; &bogus; &#xZZ;</p>"
        f"<p>{PARAGRAPH}</p><script>if (a < b) {{ document.write('<p>'); }}</script>",
    ],
)
def test_broken_html_is_extracted_not_crashed(page: str) -> None:
    a = from_html(page, origin="broken.html")
    assert "city council voted on Tuesday" in a.text
    assert "document.write" not in a.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "<<<>>> <!-- unterminated comment",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_no_article_raises_extraction_failed(page: str) -> None:
    with pytest.raises(ExtractionFailed) as info:
        from_html(page, origin="empty-page.html")
    assert info.value.code == "E004"
    assert "empty-page.html" in str(info.value)
