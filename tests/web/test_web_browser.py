"""End to end in a real browser: `presslens serve` on 127.0.0.1, driven by Debian's Chromium (headless)
through Playwright. Paste palmyra, read the dossier, see highlights, open a quote (mouse and keyboard),
filter by kind, open the corpus page. Screenshots are saved under the test's tmp dir (and, with
PRESSLENS_SCREENSHOT_DIR set, copied there: that is how docs/web-dossier.png was made).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]


def _need_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _need_browser()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("PRESSLENS_API_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "presslens", "serve", "--port", str(port), "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"presslens serve exited: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("presslens serve did not answer /healthz within 120 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def page(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        # script errors and CSP refusals (an expected 4xx answer is not an error here)
        pg.on("console", lambda msg: errors.append(msg.text)
              if msg.type == "error" and "Failed to load resource" not in msg.text else None)
        pg.on("response", lambda r: errors.append(f"{r.status} {r.url}")
              if r.status == 404 and "/static/" in r.url else None)
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 5_000
    out = os.environ.get("PRESSLENS_SCREENSHOT_DIR")
    if out:
        shutil.copy(path, Path(out) / name)
    return path


def test_web_browser_paste_palmyra_read_the_dossier(page, palmyra: str, tmp_path: Path) -> None:
    page.goto("/")
    page.fill("#text", palmyra)
    page.click("#analyse")
    page.wait_for_url("**/dossiers/*", timeout=60_000)
    assert page.locator(".glance").is_visible()
    highlights = page.locator(".text .hl")
    assert highlights.count() > 10
    # click a quote: the details panel shows its evidence
    quote = page.locator('.text [data-f*="attribution.quote"]').first
    quote.scroll_into_view_if_needed()
    quote.click()
    details = page.locator(".details-body")
    assert "Quote (" in details.inner_text()  # the quote's evidence, explained in words
    assert page.locator(".text .sel").count() >= 1
    _shot(page, tmp_path, "web-dossier.png")
    # the keyboard does the same: focus a persuasion highlight, press Enter
    tech = page.locator('.text [data-f*="persuasion."]').first
    tech.focus()
    page.keyboard.press("Enter")
    assert "presslens.persuasion.v1" in details.inner_text()
    # filter by kind: unticking persuasion removes its colouring
    page.locator('.legend input[value="persuasion"]').uncheck()
    assert "hide-persuasion" in (page.locator(".text").first.get_attribute("class") or "")
    # a speaker card in the Sources panel jumps to its mention
    page.locator('aside [data-ref^="attribution.speaker"]').first.click()
    assert "Speaker (" in details.inner_text()
    assert not page.errors, page.errors  # no CSP violations or script errors


def test_web_browser_corpus_page_and_refused_url(page, tmp_path: Path) -> None:
    page.goto("/corpus")
    assert page.locator("svg.chart").count() >= 3
    assert "Technique density" in page.locator("main").inner_text()
    _shot(page, tmp_path, "web-corpus.png")
    page.goto("/")
    page.fill("#url", "http://169.254.169.254/latest/meta-data/")
    page.click("#analyse")
    alert = page.locator('[role="alert"]')
    alert.wait_for()
    assert "E010" in alert.inner_text() and "link-local" in alert.inner_text()
    assert not page.errors, page.errors
