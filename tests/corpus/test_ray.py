"""The Ray engine gives the same store rows as the local engine (local Ray runtime, 2 CPUs).

Ray is an optional extra (``pip install 'presslens[ray]'``); CI installs it. Starting the runtime takes
several seconds, so this is one test over a small corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.config import Settings
from presslens.corpus.batch import run_batch
from presslens.corpus.store import Store

from .conftest import FAST

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'presslens[ray]'")


def test_ray_engine_equals_local_engine(small_corpus: Path, tmp_path: Path) -> None:
    settings = Settings(analyzers=tuple(FAST.split(",")))
    local, on_ray = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    run_batch([small_corpus], local, settings, workers=1, quiet=True)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        report = run_batch([small_corpus], on_ray, settings, workers=2, engine="ray", chunk_items=4, quiet=True)
    finally:
        ray.shutdown()
    assert (report.done, report.failed) == (12, 1)
    queries = ['SELECT item_key, finding_id, label, start, "end", attrs FROM findings ORDER BY ALL',
               "SELECT item_key, article_id, outlet, url, date, words, indicators FROM articles ORDER BY ALL",
               "SELECT item_key, origin, code FROM failures ORDER BY ALL"]
    with Store(local, read_only=True) as a, Store(on_ray, read_only=True) as b:
        for q in queries:
            rows = a.con.execute(q).fetchall()
            assert rows and rows == b.con.execute(q).fetchall(), q
        assert b.one("SELECT engine, workers FROM runs") == ("ray", 2)
