import pytest

from presslens.encoders.chunks import Chunk, pack


def test_pack_groups_consecutive_sentences_within_budget() -> None:
    spans = [(0, 10), (11, 20), (21, 40), (41, 50)]
    assert pack(spans, [5, 5, 8, 3], max_tokens=12) == [
        Chunk(0, 20, (0, 1)), Chunk(21, 50, (2, 3))]


def test_pack_long_sentence_is_alone_and_zero_budget_is_per_sentence() -> None:
    spans = [(0, 10), (11, 20), (21, 40)]
    assert [c.sentences for c in pack(spans, [3, 300, 3], max_tokens=128)] == [(0,), (1,), (2,)]
    assert [c.sentences for c in pack(spans, [1, 1, 1], max_tokens=0)] == [(0,), (1,), (2,)]


def test_pack_covers_every_sentence_once() -> None:
    spans = [(i * 10, i * 10 + 8) for i in range(50)]
    lengths = [(i * 7) % 40 for i in range(50)]
    chunks = pack(spans, lengths, max_tokens=60)
    assert [i for c in chunks for i in c.sentences] == list(range(50))
    assert all(sum(lengths[i] for i in c.sentences) <= 60 or len(c.sentences) == 1 for c in chunks)


def test_pack_rejects_mismatch_and_disorder() -> None:
    with pytest.raises(ValueError):
        pack([(0, 5)], [1, 2])
    with pytest.raises(ValueError):
        pack([(10, 20), (0, 5)], [1, 1])
