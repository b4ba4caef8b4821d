"""load() and iter_articles(): files, folders, corpora, stdin and URLs; errors recorded, never fatal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from presslens.article import Article
from presslens.config import Settings
from presslens.dossier import Failure
from presslens.errors import BlockedURL, EmptyInput, UnsupportedInput
from presslens.ingest import iter_articles, load

DATA = Path(__file__).parent / "data"
PARAGRAPH = (DATA / "paragraph.txt").read_text(encoding="utf-8").strip()
BODY = "\n\n".join([PARAGRAPH] * 4)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("A. " + BODY, encoding="utf-8")
    (root / "c.html").write_text((DATA / "article.html").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "noext").write_bytes(("N. " + BODY).encode("utf-16"))
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (root / ".hidden.txt").write_text("hidden " + BODY, encoding="utf-8")
    (root / ".git" / "config.txt").write_text("[core] " + BODY, encoding="utf-8")
    (root / "b_sub" / "notes.md").write_text("# Notes\n\n" + BODY, encoding="utf-8")
    (root / "b_sub" / "deeper" / "rows.jsonl").write_text(
        "\n".join(json.dumps({"text": f"{i}. {PARAGRAPH}"}) for i in range(3)), encoding="utf-8"
    )
    (root / "b_sub" / "empty.txt").write_text("   \n", encoding="utf-8")
    return root


def test_folder_is_read_recursively_in_order(tree: Path) -> None:
    items = list(iter_articles([tree]))
    origins = [Path(i.origin.split("#")[0]).relative_to(tree).as_posix() for i in items]
    assert origins == [
        "a.txt",
        "c.html",
        "noext",
        "picture.png",
        "b_sub/empty.txt",
        "b_sub/notes.md",
        "b_sub/deeper/rows.jsonl",
        "b_sub/deeper/rows.jsonl",
        "b_sub/deeper/rows.jsonl",
    ]
    kinds = {o: type(i).__name__ for o, i in zip(origins, items, strict=True)}
    assert kinds["picture.png"] == "Failure" and kinds["b_sub/empty.txt"] == "Failure"
    failures = {o: i for o, i in zip(origins, items, strict=True) if isinstance(i, Failure)}
    assert failures["picture.png"].code == "E002" and "PNG" in failures["picture.png"].message
    assert failures["b_sub/empty.txt"].code == "E001"
    arts = {o: i for o, i in zip(origins, items, strict=True) if isinstance(i, Article)}
    assert arts["noext"].text.startswith("N. The city council")
    assert arts["c.html"].input_format == "html" and arts["a.txt"].input_format == "text"
    assert arts["b_sub/notes.md"].text.startswith("# Notes")
    assert not any(part.startswith(".") for o in origins for part in o.split("/"))


def test_mixed_inputs_never_stop_the_batch(tree: Path, tmp_path: Path) -> None:
    inputs = [
        tree / "a.txt",
        tmp_path / "missing.txt",
        "ftp://example.org/x",
        "http://127.0.0.1:9/",
        tree / "c.html",
    ]
    items = list(iter_articles(inputs))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Failure", "Article"]
    assert [i.code for i in items if isinstance(i, Failure)] == ["E003", "E010", "E010"]
    assert "no such file" in items[1].message  # type: ignore[union-attr]
    assert all(i.stage == "ingest" for i in items if isinstance(i, Failure))


def test_size_limit_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(BODY, encoding="utf-8")
    settings = Settings(max_chars=100)
    [f] = list(iter_articles([path], settings))
    assert isinstance(f, Failure) and f.code == "E008" and "more than 400 bytes" in f.message
    assert "--max-chars" in f.message and "100 characters" in f.message
    with pytest.raises(UnsupportedInput) as info:
        load(path, settings)
    assert info.value.code == "E008"


def test_stdin_is_one_item() -> None:
    [a] = list(iter_articles("-", stdin=io.BytesIO(BODY.encode("utf-8"))))  # a bare source is one source
    assert isinstance(a, Article) and a.origin == "stdin" and a.text == BODY
    html = (DATA / "article.html").read_bytes()
    page = load("-", stdin=io.BytesIO(html))
    assert page.input_format == "html" and page.outlet == "The Valley Courier"
    with pytest.raises(EmptyInput):
        load("-", stdin=io.BytesIO(b""))


def test_load_single_items_and_refusals(tree: Path, tmp_path: Path) -> None:
    assert load(tree / "a.txt").origin == str(tree / "a.txt")
    assert load(str(tree / "c.html")).title == "Council approves new bridge over the Lerne river"
    for source, needle in [
        (tree, "iter_articles"),
        (tree / "b_sub" / "deeper" / "rows.jsonl", "corpus"),
        (tmp_path / "nope.txt", "no such file"),
    ]:
        with pytest.raises(UnsupportedInput, match=needle):
            load(source)
    with pytest.raises(UnsupportedInput) as info:
        load(tree / "picture.png")
    assert info.value.code == "E002"
    with pytest.raises(BlockedURL):
        load("http://localhost/admin")
