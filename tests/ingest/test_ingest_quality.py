"""Quality flags: paywall notices, truncation, short teasers, future dates — with offsets into the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presslens.ingest import check_quality, from_text, normalise_date
from presslens.ingest.quality import MAX_PAYWALL_FLAGS, SHORT_WORDS

DATA = Path(__file__).parent / "data"
PARAGRAPH = (DATA / "paragraph.txt").read_text(encoding="utf-8").strip()
BODY = "\n\n".join([PARAGRAPH] * 4)


def codes(text: str, **kw: object) -> list[str]:
    return [f.code for f in check_quality(text, **kw)]  # type: ignore[arg-type]


def test_paywall_teaser_flags_with_offsets() -> None:
    teaser = (
        PARAGRAPH + "\n\nThis content is for subscribers only. Already a subscriber? Sign in to continue."
    )
    a = from_text(teaser)
    walls = [f for f in a.flags if f.code == "paywall"]
    assert [a.text[f.start : f.end] for f in walls] == [
        "This content is for subscribers",
        "Already a subscriber?",
        "Sign in to continue",
    ]
    assert all(a.text[f.start : f.end].lower() in f.message.lower() for f in walls)
    assert "short" in [f.code for f in a.flags]


def test_paywall_flags_are_capped() -> None:
    text = BODY + " Subscribe to read." * 20
    assert codes(text).count("paywall") == MAX_PAYWALL_FLAGS


@pytest.mark.parametrize(
    "tail", ["…", "...", " [...]", " […]", " Read more", "\n\nContinue reading »", " READ MORE →"]
)
def test_truncated_tail(tail: str) -> None:
    text = BODY.rstrip(".") + tail + "  \n"
    flags = [f for f in check_quality(text) if f.code == "truncated"]
    assert len(flags) == 1
    f = flags[0]
    assert f.start is not None and f.end is not None
    assert text[f.start : f.end] == tail.strip()
    assert f.end == len(text.rstrip())


def test_complete_article_has_no_flags() -> None:
    assert check_quality(BODY, published="2020-05-01") == ()
    assert "Read more about it in the report." not in BODY
    assert codes(BODY + " Read more about it in the report.") == []


def test_short_text() -> None:
    assert codes(PARAGRAPH) == ["short"]
    words = " ".join(["word"] * SHORT_WORDS)
    assert "short" not in codes(words)


def test_future_date_flag() -> None:
    today = dt.date(2024, 6, 1)
    assert codes(BODY, published="2024-06-10", today=today) == ["future_date"]
    assert codes(BODY, published="2024-06-02", today=today) == []  # within a day: time zones
    assert codes(BODY, published="2024-05-01T10:00:00+00:00", today=today) == []
    far = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=400)).isoformat()
    a = from_text(BODY, published=far)
    future = [f for f in a.flags if f.code == "future_date"]
    assert len(future) == 1 and future[0].start is None and far in future[0].message


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2016-09-20", "2016-09-20"),
        ("9/6/17", "2017-09-06"),
        ("12/29/2017", "2017-12-29"),
        ("2016-09-20T08:15:00Z", "2016-09-20T08:15:00+00:00"),
        ("2016-09-20 00:00:00", "2016-09-20"),
        ("Tue, 20 Sep 2016 08:15:00 GMT", "2016-09-20T08:15:00+00:00"),
        ("September 20, 2016", "2016-09-20"),
        ("20 Sep 2016", "2016-09-20"),
        (dt.date(2016, 9, 20), "2016-09-20"),
        ("0001-11-30", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (20160920.0, None),
    ],
)
def test_normalise_date(raw: object, iso: str | None) -> None:
    assert normalise_date(raw) == iso
