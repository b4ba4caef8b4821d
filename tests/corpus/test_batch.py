"""The batch engine and store: exactly-once resume, recorded failures, re-analysis on a new analyzer version,
process pool equal to in-process, export read back with pandas and DuckDB, CLI end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslens.config import Settings
from presslens.corpus.batch import Progress, count_items, run_batch
from presslens.corpus.store import Store

from .conftest import FAST

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings(analyzers=tuple(FAST.split(",")))


def _counts(store_path: Path) -> tuple[int, int, int]:
    with Store(store_path, read_only=True) as s:
        n, distinct = s.one("SELECT count(*), count(DISTINCT item_key) FROM articles")
        return n, distinct, s.count("failures")


def test_batch_stores_every_item_once_and_resumes(small_corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    r1 = run_batch([small_corpus], store, SETTINGS, workers=1, chunk_items=4, quiet=True)
    assert (r1.total, r1.done, r1.failed, r1.skipped, r1.status) == (13, 12, 1, 0, "finished")
    assert _counts(store) == (12, 12, 1)
    with Store(store, read_only=True) as s:
        assert s.one("SELECT code FROM failures")[0] == "E001"
        assert s.count("quotes") >= 12
        assert s.one("SELECT count(*) FROM quotes WHERE outlet IS NULL OR url IS NULL OR date IS NULL")[0] == 0
        stats = s.con.execute("SELECT outlet, n_articles FROM outlet_stats ORDER BY outlet").fetchall()
        assert stats == [("Daily Planet", 4), ("Evening Star", 4), ("Town Crier", 4)]
    r2 = run_batch([small_corpus], store, SETTINGS, workers=1, quiet=True)
    assert (r2.done, r2.failed, r2.skipped) == (0, 0, 13)
    assert _counts(store) == (12, 12, 1)
    # another analyzer set = another analyzer version: everything is re-analysed, rows replaced, not added
    other = Settings(analyzers=("presslens.voice.v1",))
    r3 = run_batch([small_corpus], store, other, workers=1, quiet=True)
    assert (r3.done, r3.failed, r3.skipped) == (12, 1, 0)
    assert _counts(store) == (12, 12, 1)
    with Store(store, read_only=True) as s:
        assert s.count("quotes") == 0
        assert s.one("SELECT count(DISTINCT analyzer_version) FROM articles")[0] == 1
        assert s.count("runs") == 3


def test_interrupted_run_resumes_exactly_once(small_corpus: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import presslens.ingest as ing

    store = tmp_path / "s.duckdb"
    real = ing.iter_articles

    def interrupted(*args, **kwargs):
        for n, item in enumerate(real(*args, **kwargs)):
            if n == 7:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(ing, "iter_articles", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch([small_corpus], store, SETTINGS, workers=1, chunk_items=2, quiet=True)
    monkeypatch.setattr(ing, "iter_articles", real)
    n, distinct, _ = _counts(store)
    assert n == distinct and 0 < n < 12
    with Store(store, read_only=True) as s:
        assert s.one("SELECT status FROM runs")[0] == "interrupted"
    r = run_batch([small_corpus], store, SETTINGS, workers=1, chunk_items=2, quiet=True)
    assert r.skipped == n and r.done == 12 - n
    assert _counts(store) == (12, 12, 1)


def test_process_pool_equals_in_process(small_corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    run_batch([small_corpus], one, SETTINGS, workers=1, quiet=True)
    run_batch([small_corpus], two, SETTINGS, workers=2, chunk_items=3, quiet=True)
    q = "SELECT item_key, finding_id, label, start, \"end\", attrs FROM findings ORDER BY ALL"
    with Store(one, read_only=True) as a, Store(two, read_only=True) as b:
        rows_a = a.con.execute(q).fetchall()
        assert rows_a and rows_a == b.con.execute(q).fetchall()
        assert b.one("SELECT workers FROM runs")[0] == 2


def test_export_parquet_reads_back_in_pandas_and_duckdb(small_corpus: Path, tmp_path: Path) -> None:
    import duckdb
    import pandas as pd

    from presslens.cli import main

    store = tmp_path / "s.duckdb"
    run_batch([small_corpus], store, SETTINGS, workers=1, quiet=True)
    for table in ("quotes", "quantities", "articles"):
        out = tmp_path / f"{table}.parquet"
        assert main(["export", "--store", str(store), "--table", table, "-o", str(out), "-q"]) == 0
        df = pd.read_parquet(out)
        assert len(df) > 0
        for col in ("outlet", "language", "url", "date"):
            assert df[col].notna().all(), (table, col)
        n, n_outlet = duckdb.sql(f"SELECT count(*), count(outlet) FROM '{out}'").fetchall()[0]
        with Store(store, read_only=True) as s:
            assert n == n_outlet == s.count(table)
        manifest = json.loads(Path(str(out) + ".manifest.json").read_text())
        assert manifest["rows"] == n and manifest["runs"][0]["status"] == "finished"
    csv_out = tmp_path / "q.csv"
    assert main(["export", "--store", str(store), "--table", "quotes", "-o", str(csv_out), "-q"]) == 0
    assert len(pd.read_csv(csv_out)) == len(pd.read_parquet(tmp_path / "quotes.parquet"))


def test_export_errors_are_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from presslens.cli import main

    assert main(["export", "--store", str(tmp_path / "none.duckdb"), "--table", "quotes"]) == 2
    assert "does not exist" in capsys.readouterr().err
    Store(tmp_path / "s.duckdb").close()
    assert main(["export", "--store", str(tmp_path / "s.duckdb"), "--table", "nope"]) == 2
    assert "unknown table 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["dupes", "stories"])
def test_corpus_commands_refuse_a_missing_store(command: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped --store is an error (exit 2), not a new empty store reported as "0 articles" (exit 0)."""
    from presslens.cli import main

    missing = tmp_path / "typo.duckdb"
    assert main([command, "--store", str(missing)]) == 2
    assert "[E060]" in capsys.readouterr().err and not missing.exists()


def test_progress_plain_lines_off_a_tty() -> None:
    import io

    buf = io.StringIO()
    p = Progress(total=10, stream=buf, every=0.0)
    p.update(done=4)
    p.update(skipped=1, failed=1)
    p.close()
    lines = buf.getvalue().splitlines()
    assert "\r" not in buf.getvalue() and len(lines) == 2  # close() does not repeat an unchanged last line
    assert "6/10 (60.0%)" in lines[-1] and "ETA" in lines[-1] and "items/s" in lines[-1]


def test_batch_says_which_items_failed_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each failed item is named on stderr with its code and reason (not only counted); a rerun says that
    skipped items failed before, and exits 1, not 0."""
    from presslens.cli import main

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "empty", "text": "  "}) + "\n", encoding="utf-8")
    missing = tmp_path / "missing.jsonl"
    argv = ["batch", str(corpus), str(missing), "--store", str(tmp_path / "s.duckdb"), "--workers", "1",
            "--analyzers", FAST, "--progress", "log"]
    assert main(argv) == 126
    err = capsys.readouterr().err
    assert f"failed {missing}: [E003]" in err and "no such file" in err
    assert "failed " + str(corpus) in err and "[E001]" in err
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "2 already in" in err and "2 of them recorded as failed by an earlier run (--retry-failed" in err


def test_progress_shows_the_first_failures_then_counts_the_rest() -> None:
    import io

    from presslens.corpus.store import ItemResult

    buf = io.StringIO()
    p = Progress(total=30, stream=buf, every=1e9, max_failure_lines=2)
    for i in range(5):
        p.failure(ItemResult(f"k{i}", f"item{i}", "", failure={"code": "E001", "message": "empty"}))
    p.close()
    out = buf.getvalue()
    assert out.count("presslens batch: failed item") == 2 and "3 more failures not shown" in out


def test_count_items(small_corpus: Path, tmp_path: Path) -> None:
    assert count_items([small_corpus]) == 13
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("x")
    assert count_items([tmp_path / "d", "https://example.com/x"]) == 2


def test_cli_batch_killed_and_rerun_holds_each_item_once(small_corpus: Path, tmp_path: Path) -> None:
    """A real SIGKILL of `presslens batch` mid-run, then a rerun: every item exactly once, the failure kept."""
    store = tmp_path / "s.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "presslens.cli", "batch", str(small_corpus), "--store", str(store),
           "--workers", "1", "--chunk", "1", "--analyzers", FAST, "--progress", "log", "--progress-every", "0"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.time() + 120
    for line in proc.stderr:
        if " analysed," in line and int(line.split(" analysed,")[0].rsplit(" ", 1)[1]) >= 3:
            break
        assert time.time() < deadline
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    n, distinct, _ = _counts(store)
    assert n == distinct and n < 12
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # 1 = some items failed (the empty row)
    assert _counts(store) == (12, 12, 1)
    assert "already in" in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process-tree check written for Linux")
def test_cli_batch_sigkilled_driver_takes_its_workers_along(small_corpus: Path, tmp_path: Path) -> None:
    """SIGKILL of `presslens batch --workers 2`: the pool workers (and multiprocessing's resource tracker)
    are gone within a few seconds instead of running on as orphans."""
    psutil = pytest.importorskip("psutil")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "presslens.cli", "batch", str(small_corpus), "--store", str(tmp_path / "s.duckdb"),
           "--workers", "2", "--chunk", "1", "--analyzers", FAST, "--progress", "log", "--progress-every", "0"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    driver = psutil.Process(proc.pid)
    deadline = time.time() + 120
    for line in proc.stderr:  # an item analysed: the workers are up and past their initializer
        if " analysed," in line and int(line.split(" analysed,")[0].rsplit(" ", 1)[1]) >= 1:
            break
        assert time.time() < deadline
    children = driver.children(recursive=True)
    workers = [c for c in children if "multiprocessing.spawn" in " ".join(c.cmdline())]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert len(workers) == 2
    _, alive = psutil.wait_procs(children, timeout=10)
    left = [c.pid for c in alive]
    for c in alive:  # leave nothing behind even when the test fails
        c.kill()
    assert not left, f"still running 10 s after the driver was killed: pids {left}"


def test_worker_whose_driver_is_already_gone_exits() -> None:
    """A worker that reaches its initializer after the driver died leaves at once (no thread, no model load)."""
    code = "from presslens.corpus.batch import die_with_parent; die_with_parent(-1); print('still here')"
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "still here" not in done.stdout
