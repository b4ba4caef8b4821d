"""SemEval-2020 Task 11 scores on hand-made cases (the arithmetic is written next to each assertion)."""

from __future__ import annotations

import pytest

from presslens._training.persuasion_metrics import merge_spans, si_score, tc_score


def test_si_worked_example_from_metrics_md() -> None:
    # gold [10, 20), prediction [15, 30): overlap 5 chars; P = 5/15, R = 5/10, F1 = 2PR/(P+R) = 0.4
    r = si_score({"a": [(15, 30)]}, {"a": [(10, 20)]})
    assert r.precision == pytest.approx(5 / 15)
    assert r.recall == pytest.approx(0.5)
    assert r.f1 == pytest.approx(0.4)


def test_si_one_prediction_over_two_gold_spans_and_an_article_without_predictions() -> None:
    # article a: gold [0,10) and [20,30); prediction [5,25) overlaps each by 5 chars.
    #   precision credit: 5/20 + 5/20 = 0.5 over 1 predicted span -> P = 0.5
    #   recall credit:    5/10 + 5/10 = 1.0
    # article b: gold [0,4), no prediction -> adds 1 gold span to R's denominator.
    #   R = 1.0 / 3 gold spans = 1/3;  F1 = 2 * 0.5 * 1/3 / (0.5 + 1/3) = (1/3) / (5/6) = 0.4
    r = si_score({"a": [(5, 25)]}, {"a": [(0, 10), (20, 30)], "b": [(0, 4)]})
    assert (r.n_pred, r.n_gold) == (1, 3)
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(1 / 3)
    assert r.f1 == pytest.approx(0.4)


def test_si_merges_overlapping_spans_on_both_sides() -> None:
    # gold [0,10) + [5,15) -> [0,15); predicted [0,8) + [6,15) -> [0,15): one span each, P = R = 1
    r = si_score({"a": [(0, 8), (6, 15)]}, {"a": [(0, 10), (5, 15)]})
    assert (r.n_pred, r.n_gold) == (1, 1)
    assert r.f1 == pytest.approx(1.0)


def test_si_two_predictions_inside_one_gold_span() -> None:
    # gold [0,20); predictions [0,5) and [10,20): each fully inside -> P = (5/5 + 10/10)/2 = 1
    # R = (5/20 + 10/20)/1 = 0.75; F1 = 2*1*0.75/1.75 = 6/7
    r = si_score({"a": [(0, 5), (10, 20)]}, {"a": [(0, 20)]})
    assert r.precision == pytest.approx(1.0)
    assert r.recall == pytest.approx(0.75)
    assert r.f1 == pytest.approx(6 / 7)


def test_si_no_predictions_scores_zero() -> None:
    r = si_score({}, {"a": [(0, 4)]})
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)


def test_merge_keeps_touching_spans_apart() -> None:
    assert merge_spans([(5, 10), (0, 5), (3, 4)]) == [(0, 5), (5, 10)]
    assert merge_spans([(0, 0), (2, 1)]) == []


def test_tc_multisets_micro_and_macro() -> None:
    gold = [("a", 0, 5, "LL"), ("a", 0, 5, "NC"), ("a", 10, 20, "D"), ("b", 3, 9, "LL")]
    pred = [("a", 0, 5, "LL"), ("a", 0, 5, "LL"), ("a", 10, 20, "D"), ("b", 3, 9, "R")]
    # multiset intersection: (a,0,5,LL) min(2,1) = 1, (a,10,20,D) = 1 -> tp = 2; P = R = 2/4 = 0.5
    r = tc_score(pred, gold, ["LL", "NC", "D", "R"])
    assert r.micro.precision == pytest.approx(0.5)
    assert r.micro.recall == pytest.approx(0.5)
    assert r.micro.f1 == pytest.approx(0.5)
    # per technique: LL pred 2 / gold 2 / tp 1 -> F1 0.5; NC 0/1 -> 0; D 1/1 -> 1; R 1/0 -> 0
    assert r.per_technique["LL"].f1 == pytest.approx(0.5)
    assert r.per_technique["NC"].f1 == 0.0
    assert r.per_technique["D"].f1 == pytest.approx(1.0)
    assert r.per_technique["R"].f1 == 0.0
    # macro = (0.5 + 0 + 1 + 0) / 4 = 0.375
    assert r.macro_f1 == pytest.approx(0.375)


def test_tc_row_order_does_not_matter() -> None:
    gold = [("a", 0, 5, "X"), ("a", 0, 5, "Y")]
    assert tc_score([("a", 0, 5, "Y"), ("a", 0, 5, "X")], gold).micro.f1 == pytest.approx(1.0)
