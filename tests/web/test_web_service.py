"""Admission control of the analysis pool (429 when full, 503 on a slow queue or run), the dossier cache."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from presslens.errors import ServiceError
from presslens.web.service import DossierCache, Pool, WebConfig


def run(coro):
    return asyncio.run(coro)


def test_web_pool_sheds_with_429_when_queue_full() -> None:
    pool = Pool("analysis", slots=1, max_queue=1, queue_timeout=5, run_timeout=5)
    gate = threading.Event()

    async def main():
        def slow():
            gate.wait(5)
            return "done"

        tasks = [asyncio.create_task(pool.run(slow)) for _ in range(4)]
        await asyncio.sleep(0.2)
        gate.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    results = run(main())
    pool.shutdown()
    done = [r for r in results if r == "done"]
    shed = [r for r in results if isinstance(r, ServiceError)]
    assert len(done) == 2 and len(shed) == 2
    assert all(e.status == 429 and e.code == "E083" for e in shed)
    assert pool.admitted == 0 and pool.shed_429 == 2


def test_web_pool_answers_503_when_no_slot_in_time() -> None:
    pool = Pool("analysis", slots=1, max_queue=4, queue_timeout=0.2, run_timeout=5)
    gate = threading.Event()

    async def main():
        first = asyncio.create_task(pool.run(lambda: gate.wait(3)))
        await asyncio.sleep(0.05)
        with pytest.raises(ServiceError) as info:
            await pool.run(lambda: "never")
        gate.set()
        await first
        return info.value

    err = run(main())
    pool.shutdown()
    assert err.status == 503 and err.code == "E083"


def test_web_pool_abandons_slow_runs_but_keeps_their_slot() -> None:
    pool = Pool("analysis", slots=1, max_queue=2, queue_timeout=2, run_timeout=0.2)
    finished = threading.Event()

    def slow():
        time.sleep(0.6)
        finished.set()
        return 1

    async def main():
        with pytest.raises(ServiceError) as info:
            await pool.run(slow)
        assert info.value.status == 503 and info.value.code == "E084"
        t0 = time.perf_counter()
        assert await pool.run(lambda: 2) == 2  # waits for the abandoned run to free the slot
        return time.perf_counter() - t0

    waited = run(main())
    pool.shutdown()
    assert finished.is_set() and waited > 0.2


def test_web_config_round_trips_and_validates(tmp_path) -> None:
    cfg = WebConfig(store=None, token="t", max_queue=3, cache_dir=str(tmp_path))
    assert WebConfig.from_json(cfg.to_json()) == cfg
    with pytest.raises(ValueError, match="positive"):
        WebConfig(analysis_slots=0)
    assert cfg.pipeline_settings().fetch.allow_private is False
    assert WebConfig(allow_private=True).pipeline_settings().fetch.allow_private is True


def test_web_cache_is_bounded_and_shared_through_its_folder(tmp_path, make_article) -> None:
    from presslens.dossier.model import Dossier, Finding

    def dossier(text: str) -> Dossier:
        art = make_article(text)
        return Dossier(art, [Finding.from_span(art.text, 0, 3, kind="editorial", label="editorial.test",
                                               score=0.5, analyzer="presslens.test.v1")],
                       provenance={"presslens": "x", "schema_version": "1.1", "nlp": {}, "timing_seconds": {}})

    a, b = DossierCache(2, tmp_path), DossierCache(2, tmp_path)  # two workers sharing a folder
    ds = [dossier(f"Article number {i} says the plan failed.") for i in range(3)]
    for d in ds:
        a.put(d)
    assert a.get(ds[0].article.id) is None  # evicted
    got = b.get(ds[2].article.id)  # read by the other worker from the folder
    assert got is not None and got.to_dict() == ds[2].to_dict()
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert [d.article.id for d in a.recent(5)] == [ds[2].article.id, ds[1].article.id]
