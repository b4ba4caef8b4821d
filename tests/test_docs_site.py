"""The documentation site builds in strict mode (broken links, missing pages, docstring errors fail), so a
landing that breaks it fails here and not only in .ci/run."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_docs_site_builds_strict(tmp_path):
    for mod in ("mkdocs", "material", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(mod.split(".")[0]) is None:
            pytest.skip(f"{mod} is not installed (pip install -e '.[dev]')")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert out.returncode == 0, out.stderr[-4000:]
    reference = (tmp_path / "schema-reference" / "index.html").read_text(encoding="utf-8")
    assert "summaries.attribution.quotes" in reference and "presslens:schema-table" not in reference
    tour = (tmp_path / "tour" / "index.html").read_text(encoding="utf-8")
    assert "palmyra.txt" in tour and "presslens:tour" not in tour
    api = (tmp_path / "api" / "index.html").read_text(encoding="utf-8")
    assert "to_frame" in api and "PresslensComponent" in api and "analyze_many" in api
