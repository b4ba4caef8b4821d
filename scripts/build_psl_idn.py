"""Build ``src/presslens/provenance/data/psl_idn.json``: the punycode form of every non-ASCII Public Suffix
List rule in the snapshot bundled with the installed ``publicsuffixlist`` package.

``publicsuffixlist`` IDNA-encodes every rule each time a list is built (about half of its ~0.09 s start-up);
:func:`presslens.provenance.domains._psl` reads these encodings instead and computes only the ones missing
(a newer PSL snapshot), so the suffix set is the same either way (``tests/provenance/test_psl_table.py``).

Usage::

    python scripts/build_psl_idn.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "presslens" / "provenance" / "data" / "psl_idn.json"


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from publicsuffixlist import encode_idn

    from presslens.provenance.domains import psl_rules

    idn = {s: encode_idn(s.lstrip("!")) for s in psl_rules() if not s.isascii()}
    OUT.write_text(json.dumps(idn, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(idn)} IDN rules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
