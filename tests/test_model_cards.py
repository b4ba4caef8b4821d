"""Licence and model cards (issue 9, item 26): every shipped model has a card, and its terms are shown."""

from __future__ import annotations

from pathlib import Path

from presslens.model_cards import CARDS

ROOT = Path(__file__).resolve().parents[1]
MODEL_SUFFIXES = (".npz", ".onnx", ".joblib", ".pt", ".safetensors")


def test_licence_file_is_mit_and_names_the_weights_terms():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    for c in CARDS.values():
        assert any(f.split("/")[-1].split(".")[0] in text for f in c.files), c.name


def test_every_shipped_model_file_has_a_card():
    shipped = {str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*") if p.suffix in MODEL_SUFFIXES}
    carded = {f for c in CARDS.values() for f in c.files}
    assert shipped and shipped <= carded, f"model files without a card: {sorted(shipped - carded)}"
    assert all((ROOT / f).exists() for f in carded)


def test_cards_cover_data_licence_metrics_use_and_failures():
    for c in CARDS.values():
        doc = (ROOT / c.card).read_text(encoding="utf-8").lower()
        for section in ("## data and its licence", "## metrics", "## intended use", "## known failure modes"):
            assert section in doc, f"{c.card} lacks {section!r}"
        assert c.terms and c.data_licence


def test_analyzers_command_shows_the_terms(capsys):
    from presslens.cli import main

    assert main(["analyzers"]) == 0
    out = capsys.readouterr().out
    for name in ("persuasion-v1", "checkworthy"):
        assert f"model {name}: {CARDS[name].terms}" in out
