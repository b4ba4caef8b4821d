"""Package layout (issue 9, item 22): training code stays out of the runtime path; shared text utilities are neutral."""

from __future__ import annotations

import subprocess
import sys


def test_layout_runtime_never_imports_training_code() -> None:
    code = (
        "import sys, presslens.pipeline, presslens.registry as r\n"
        "for name in r.analyzers.names(): r.analyzers.get(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('presslens._training'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_layout_quotemark_finder_is_neutral() -> None:
    from presslens.editorial import _text
    from presslens.text import quotemarks

    assert _text.find_quote_regions is quotemarks.find_quote_regions
    regions = quotemarks.find_quote_regions("He said “yes” twice.")
    assert [(r.start, r.end) for r in regions] == [(8, 13)]
