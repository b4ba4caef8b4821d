"""The one constrained Viterbi decoder (encoders.decode) every tagger uses: persuasion spans, quotes, fine-tuning."""

from __future__ import annotations

import itertools

import numpy as np

from presslens._training.finetune import viterbi as finetune_viterbi
from presslens.encoders.decode import bio_constraints, viterbi


def _reference(emit: np.ndarray, trans: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The textbook per-step numpy recursion the fast decoder must equal (ties to the lower state, as argmax)."""
    n, k = emit.shape
    back = np.zeros((n, k), np.int64)
    score = start + emit[0]
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + emit[t]
    path = np.zeros(n, np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def test_never_enters_inside_from_outside() -> None:
    # per-piece argmax would give O I I O; the path must open the span with B
    trans, start = bio_constraints(1)
    emit = np.log(np.array([[0.9, 0.05, 0.05], [0.3, 0.3, 0.4], [0.2, 0.1, 0.7], [0.8, 0.1, 0.1]]))
    assert viterbi(emit, trans, start).tolist() == [0, 1, 2, 0]
    assert viterbi(np.zeros((0, 3)), trans, start).shape == (0,)
    rng = np.random.default_rng(7)
    for _ in range(100):
        path = viterbi(np.log(rng.dirichlet([1.0, 1.0, 1.0], size=int(rng.integers(1, 40)))), trans, start)
        assert path[0] != 2 and not any(a == 0 and b == 2 for a, b in itertools.pairwise(path))


def test_equals_the_numpy_recursion_three_and_seven_tags_ties_included() -> None:
    rng = np.random.default_rng(3)
    learned3 = np.log(np.array([[0.9, 0.1, 1e-9], [0.2, 0.1, 0.7], [0.3, 0.05, 0.65]]))
    start3 = np.array([0.0, 0.0, -1e4])
    for n in (1, 2, 7, 300):
        emit = np.log(rng.dirichlet(np.ones(3), size=n))
        assert np.array_equal(viterbi(emit, learned3, start3), _reference(emit, learned3, start3))
    trans7, start7 = bio_constraints(3)
    for _ in range(150):
        learned7 = trans7 + rng.normal(size=trans7.shape)
        emit = np.log(rng.dirichlet([1.0] * 7, size=int(rng.integers(1, 60))))
        assert np.array_equal(viterbi(emit, learned7, start7), _reference(emit, learned7, start7))
    for k in (3, 7):  # every path scores the same: the lowest state throughout
        assert viterbi(np.zeros((6, k)), np.zeros((k, k)), np.zeros(k)).tolist() == [0] * 6


def test_the_fine_tuning_decoder_starts_as_if_after_o() -> None:
    rng = np.random.default_rng(5)
    trans = np.log(rng.dirichlet([1.0, 1.0, 1.0], size=3))
    trans[0, 2] = -1e4
    for _ in range(50):
        emit = np.log(rng.dirichlet([1.0, 1.0, 1.0], size=int(rng.integers(1, 50))))
        assert np.array_equal(finetune_viterbi(emit, trans), _reference(emit, trans, trans[0]))
