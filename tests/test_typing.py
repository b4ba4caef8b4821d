"""The type check of src/ (mypy, configured in pyproject.toml) runs with the suite, so a landing that breaks
it fails here and not only in .ci/run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_typing_mypy_config_exempts_no_presslens_module():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert not cfg.get("ignore_errors") and not cfg.get("ignore_missing_imports")
    for override in cfg.get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        assert not any(m.startswith("presslens") for m in modules), override
        assert set(override) <= {"module", "ignore_missing_imports"}, override


def test_typing_mypy_passes_on_src():
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_typing_mypy_is_installed_by_the_dev_extra():
    """.ci/run calls mypy after `pip install -e ".[dev]"`: the extra must bring it."""
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    assert any(r.startswith("mypy") for r in dev)


def test_typing_package_ships_py_typed():
    """PEP 561 marker; setuptools >= 69 (the build requirement) packages py.typed files by default."""
    assert (ROOT / "src" / "presslens" / "py.typed").exists()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    floor = next(int(r.split(">=")[1].split(".")[0]) for r in requires if r.startswith("setuptools>="))
    assert floor >= 69
