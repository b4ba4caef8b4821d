"""Training helpers of the window-128 sentence heads: windowed encoding of single sentences, prior-shift tools."""

from __future__ import annotations

import numpy as np
import pytest

from presslens._training.heads import (
    platt_balanced,
    prior_weights,
    reliability,
    robust_threshold,
    shift_prior,
)
from presslens._training.windowed import encode_in_windows, groups_of, joined, shuffled_order


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    from presslens.encoders import load_encoder

    return load_encoder()


SENTS = ["The council approved the budget on Tuesday.", "Frankly, this plan is a disgrace.",
         "Turnout was 41 percent.", "Nobody should be surprised by such arrogance."]


def test_groups_and_joined_spans() -> None:
    assert groups_of([3, 1, 0, 2, 4], 2) == [[3, 1], [0, 2], [4]]
    with pytest.raises(ValueError):
        groups_of([0], 0)
    text, spans = joined(["Ab c.", "De."])
    assert [text[a:b] for a, b in spans] == ["Ab c.", "De."]
    order = shuffled_order(10, 7)
    assert sorted(order) == list(range(10)) and order == shuffled_order(10, 7) and order != shuffled_order(10, 8)


def test_encode_in_windows_matches_the_runtime_pass_and_caches(tmp_path, encoder) -> None:
    from presslens.encoders import encode_texts

    order = [2, 0, 3, 1]
    x = encode_in_windows(SENTS, order, 128, encoder, group=3, cache_dir=tmp_path)
    assert x.shape == (4, encoder.info.dim)
    # rows come back in the order of the texts; each pseudo-article is the run-time encode_texts pass
    first = encode_texts([joined([SENTS[i] for i in order[:3]])], encoder, 128)[0].vectors
    np.testing.assert_allclose(x[[2, 0, 3]], first, atol=1e-6)
    alone = encode_texts([joined([SENTS[1]])], encoder, 128)[0].vectors
    np.testing.assert_allclose(x[1], alone[0], atol=1e-6)
    # neighbours move the vectors (window 0 reads each sentence alone)
    x0 = encode_in_windows(SENTS, order, 0, encoder, group=3, cache_dir=tmp_path)
    assert float(np.abs(x0[2] - x[2]).max()) > 1e-3
    assert len(list(tmp_path.glob("vectors-w128-*.npy"))) == 1
    np.testing.assert_array_equal(encode_in_windows(SENTS, order, 128, encoder, group=3, cache_dir=tmp_path), x)


def test_encode_in_windows_rejects_bad_input(tmp_path, encoder) -> None:
    with pytest.raises(ValueError, match="every sentence index"):
        encode_in_windows(SENTS, [0, 1, 1, 2], 128, encoder, cache_dir=tmp_path)
    with pytest.raises(ValueError, match="stripped"):
        encode_in_windows([" padded "], [0], 128, encoder, cache_dir=tmp_path)


def test_prior_weights_and_shift() -> None:
    y = np.array([1, 0, 0, 0])
    w = prior_weights(y, 0.5)
    assert w.sum() == pytest.approx(4) and w[y == 1].sum() == pytest.approx(2)
    p = np.array([0.2, 0.5, 0.9])
    np.testing.assert_allclose(shift_prior(p, 0.3, 0.3), p)
    up = shift_prior(p, 0.25, 0.5)
    # odds multiplied by (1/1) / (1/3) = 3
    np.testing.assert_allclose(up / (1 - up), 3 * p / (1 - p), rtol=1e-6)


def test_platt_balanced_is_calibrated_at_equal_priors() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random(4000) < 0.2).astype(int)
    z = rng.normal(np.where(y == 1, 1.0, -1.0), 1.0)
    a, b = platt_balanced(z, y)
    p = 1 / (1 + np.exp(-(a * z + b)))
    # reweighted to equal priors, the mean prediction matches the (reweighted) positive share, 0.5
    assert np.average(p, weights=prior_weights(y)) == pytest.approx(0.5, abs=0.02)
    ece_bal, _ = reliability(p, y, weights=prior_weights(y))
    ece_raw, _ = reliability(p, y)
    assert ece_bal < 0.03 < ece_raw


def test_robust_threshold_is_lower_when_priors_include_higher_shares() -> None:
    rng = np.random.default_rng(1)
    y = (rng.random(3000) < 0.2).astype(int)
    z = rng.normal(np.where(y == 1, 1.2, -0.8), 1.0)
    p = 1 / (1 + np.exp(-z))
    t_low = robust_threshold(y, p, (0.2,))
    t_mix = robust_threshold(y, p, (0.2, 0.3, 0.4, 0.5))
    assert 0.05 <= t_mix < t_low <= 0.95
