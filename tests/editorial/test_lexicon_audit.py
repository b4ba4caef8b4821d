"""Every editorial lexicon phrase earns its place on data other than the example (issue 9, item 25).

The audit (``python benchmarks/lexicon_audit.py``) counts each phrase in the AllSides sample, PTC train and
CheckThat! subjectivity train; its committed result must cover the current lexicons and pass them all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RESULT = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "lexicon_audit.json"


def _current() -> dict[str, set[str]]:
    import sys

    sys.path.insert(0, str(RESULT.parents[1]))
    try:
        from lexicon_audit import lexicons
    finally:
        sys.path.pop(0)
    return {k: set(v) for k, v in lexicons().items() if k.startswith("editorial.")}


def test_every_editorial_phrase_earns_its_place():
    if not RESULT.exists():
        pytest.fail("run python benchmarks/lexicon_audit.py and commit benchmarks/results/lexicon_audit.json")
    audit = json.loads(RESULT.read_text(encoding="utf-8"))
    for name, phrases in _current().items():
        rows = {r["phrase"]: r for r in audit["lexicons"].get(name, [])}
        stale = phrases - set(rows)
        assert not stale, f"{name}: phrases not audited yet (re-run the audit): {sorted(stale)}"
        failing = sorted(p for p in phrases if not rows[p]["earns_place"])
        assert not failing, f"{name}: phrases that occur only in the example or nowhere: {failing}"
