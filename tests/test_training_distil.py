"""presslens._training.distil: soft-target rows and the student fit."""

from __future__ import annotations

import numpy as np
import pytest

from presslens._training.distil import agreement, balanced_weights, fit_student, load_unlabelled, soft_rows
from presslens._training.heads import fit_classifier


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(80, 5))
    y = (x[:, 0] + 0.3 * rng.normal(size=80) > 0.4).astype(int)
    u = rng.normal(size=(60, 5))
    return x, y, u


def test_soft_rows_weigh_lam_times_the_labelled_rows() -> None:
    x, y, u = _data()
    w = balanced_weights(y)
    assert w.sum() == pytest.approx(len(y)) and w[y == 1][0] > w[y == 0][0]  # the minority class weighs more
    q = np.linspace(0.0, 1.0, len(u))
    xs, ys, ws = soft_rows(x, y, w, u, q, 0.5)
    assert xs.shape == (len(x) + 2 * len(u), 5) and ys[len(x):].sum() == len(u)
    assert ws[len(x):].sum() == pytest.approx(0.5 * w.sum())
    # per unlabelled row, the positive copy carries q of its weight
    pos, neg = ws[len(x):len(x) + len(u)], ws[len(x) + len(u):]
    assert np.allclose(pos / (pos + neg), q)
    assert soft_rows(x, y, w, u, q, 0.0)[0] is x


def test_student_without_unlabelled_rows_is_the_plain_head() -> None:
    x, y, u = _data()
    _, plain = fit_classifier(x, y, "lr", 0.1, 7)
    _, student = fit_student(x, y, u, np.full(len(u), 0.5), 0.0, "lr", 0.1, 7, balanced=True)
    assert np.allclose(plain.coef_, student.coef_, atol=1e-4)


def test_student_moves_towards_the_teacher() -> None:
    x, y, u = _data()
    q = (u[:, 1] > 0).astype(float)  # a teacher that disagrees with the labels' direction
    sc0, s0 = fit_student(x, y, u, q, 0.0, "lr", 0.1, 7, balanced=True)
    sc4, s4 = fit_student(x, y, u, q, 4.0, "lr", 0.1, 7, balanced=True)
    agree0 = agreement(s0.predict(sc0.transform(u)), q > 0.5)
    agree4 = agreement(s4.predict(sc4.transform(u)), q > 0.5)
    assert agree4 > agree0 + 0.2


def test_load_unlabelled_needs_chunks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FileNotFoundError, match="encode_allsides_distil"):
        load_unlabelled(tmp_path, "abc123")
    for c, arts in ((0, [0, 0, 5]), (50, [9, 9, 2])):
        n = len(arts)
        np.savez(tmp_path / f"allsides-abc123-s11-{c:05d}.npz", w0=np.full((n, 2), c, np.float32),
                 w128=np.ones((n, 2), np.float32), article=np.asarray(arts))
    got = load_unlabelled(tmp_path, "abc123")
    assert got["article"].tolist() == [0, 0, 5, 9, 9, 2]
    assert load_unlabelled(tmp_path, "abc123", limit=3)["article"].tolist() == [0, 0, 5, 9, 9]
