"""Render the example dossiers to HTML and Markdown and take full-page screenshots with headless Chromium.

    apt-get install -y chromium && pip install playwright
    python scripts/screenshots.py   # → docs/examples/{palmyra,harbour-bridge}.md, .png and -details.png

The HTML pages themselves are written to a temporary folder (``--keep-html DIR`` keeps them): they embed the
whole article text, which is not ours to redistribute.

Uses Debian's chromium (``/usr/bin/chromium``) through Playwright; Playwright's own browser download is not needed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (ROOT / ".." / "shared", ROOT / ".." / ".." / "shared") if p.is_dir()), ROOT / ".." / "shared")
EXAMPLES = {"palmyra": SHARED / "examples" / "palmyra.txt", "harbour-bridge": ROOT / "examples" / "harbour-bridge.html"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "examples")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--keep-html", type=Path, default=None, help="write the HTML pages here instead of a temp folder")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from presslens import Settings
    from presslens.ingest.sources import load
    from presslens.pipeline import Pipeline
    from presslens.render import render_html, render_markdown

    args.out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory()
    html_dir = args.keep_html or Path(tmp.name)
    html_dir.mkdir(parents=True, exist_ok=True)
    pipe = Pipeline(Settings())
    pages = {}
    for name, path in EXAMPLES.items():
        d = pipe.analyze(load(os.path.relpath(path)))  # relative: the report shows the input as given
        (html_dir / f"{name}.html").write_text(render_html([d]), encoding="utf-8")
        (args.out / f"{name}.md").write_text(render_markdown([d]), encoding="utf-8")
        pages[name] = html_dir / f"{name}.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        for name, html in pages.items():
            page.goto(html.resolve().as_uri())
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=True)
            # the details panel after a click on the first quote: evidence in words, raw attrs folded
            page.click("[data-f*='attribution.quote']")
            page.locator(".details-card").first.screenshot(path=str(args.out / f"{name}-details.png"))
        browser.close()
    tmp.cleanup()
    print(f"wrote {sorted(str(p.relative_to(ROOT)) for p in args.out.iterdir())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
