from __future__ import annotations

import pytest

from presslens import Article, Dossier, Finding
from presslens.article import split_paragraphs


def test_finding_from_span_slices_text():
    text = "As we wrote, it is clear."
    f = Finding.from_span(text, 0, 11, kind="editorial", label="editorial.outlet_voice", score=0.9, analyzer="x.y.v1")
    assert f.text == "As we wrote"
    assert f.id == "editorial.outlet_voice@0-11"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"start": 5, "end": 2}, "order"),
        ({"score": 1.5}, "score"),
    ],
)
def test_finding_validates(kwargs, message):
    base = {"kind": "editorial", "label": "editorial.x", "start": 0, "end": 2, "text": "ab", "score": 0.5,
            "analyzer": "a.b.v1"}
    base.update(kwargs)
    with pytest.raises(ValueError, match=message):
        Finding(**base)


def test_finding_from_span_rejects_end_beyond_text():
    with pytest.raises(ValueError):
        Finding.from_span("abc", 0, 9, kind="editorial", label="editorial.x", score=0.1, analyzer="a.b.v1")


def test_dossier_check_offsets_catches_mismatch():
    art = Article("Hello world")
    good = Finding("editorial", "editorial.x", 0, 5, "Hello", 0.5, "a.b.v1")
    bad = Finding("editorial", "editorial.x", 0, 5, "World", 0.5, "a.b.v1")
    Dossier(art, [good]).check_offsets()
    with pytest.raises(ValueError):
        Dossier(art, [good, bad]).check_offsets()


def test_article_id_is_content_hash():
    assert Article("same text").id == Article("same text").id
    assert Article("same text").id != Article("other text").id
    assert len(Article("x").id) == 16


def test_split_paragraphs_blank_lines_and_trim():
    text = "  First para.\n\nSecond\nline.\n\n\n Third. "
    spans = split_paragraphs(text)
    assert [text[s:e] for s, e in spans] == ["First para.", "Second\nline.", "Third."]


def test_split_paragraphs_single_newlines_when_no_blank_lines():
    text = "One.\nTwo.\nThree."
    assert [text[s:e] for s, e in split_paragraphs(text)] == ["One.", "Two.", "Three."]
