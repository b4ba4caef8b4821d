"""The example notebook (examples/presslens.ipynb) runs top to bottom and shows the inline report."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "presslens.ipynb"
PALMYRA = ROOT / ".." / "shared" / "examples" / "palmyra.txt"


def _outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        parts += [out.get("text", ""), data.get("text/html", ""), data.get("text/plain", "")]
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


def test_notebook_example_runs_and_shows_the_inline_report():
    for mod in ("nbclient", "nbformat", "ipykernel"):
        if importlib.util.find_spec(mod) is None:
            pytest.skip(f"{mod} is not installed (pip install -e '.[dev]')")
    if not PALMYRA.exists():
        pytest.skip(f"example article not found at {PALMYRA} (needs ../shared beside the checkout)")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not any(o.get("output_type") == "error" for o in c.outputs) for c in code)
    report = code[0].outputs[0]["data"]["text/html"]
    assert 'class="presslens-nb"' in report and "At a glance" in report and "Sergey Rudskoy" in report
    assert "Sergey Rudskoy" in _outputs(code[1])
    assert "Sergey Rudskoy" in _outputs(code[3])
    assert "## " in _outputs(code[4])
