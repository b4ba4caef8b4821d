"""A readable Markdown summary of dossiers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..dossier.model import Dossier, Failure
from ..registry import renderers

#: Findings quoted per label in the summary.
MAX_EXAMPLES = 5


def _clip(s: str, n: int = 100) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


@renderers.register("md", "text/markdown")
def render_markdown(dossiers: Sequence[Dossier], failures: Sequence[Failure] = ()) -> str:
    parts: list[str] = []
    for d in dossiers:
        a = d.article
        title = a.title or _clip(a.text.split("\n", 1)[0], 80)
        parts.append(f"# {title}\n")
        meta = [f"origin: `{a.origin}`", f"language: {a.language.code} ({a.language.confidence:.2f})",
                f"words: {a.word_count}"]
        for key in ("outlet", "domain", "published", "url"):
            if getattr(a, key):
                meta.append(f"{key}: {getattr(a, key)}")
        if a.byline.raw:
            meta.append(f"byline: {a.byline.raw}")
        parts.append("- " + "\n- ".join(meta) + "\n")
        if a.flags:
            parts.append("**Input warnings:** " + "; ".join(f"{f.code}: {f.message}" for f in a.flags) + "\n")
        counts = Counter(f.label for f in d.findings)
        if counts:
            parts.append("## Findings\n")
            parts.append("| label | count | examples |\n|---|---|---|")
            for label, n in sorted(counts.items()):
                ex = [f for f in d.findings if f.label == label][:MAX_EXAMPLES]
                exs = " · ".join(f"“{_clip(f.text, 60)}”" for f in ex).replace("|", "\\|")
                parts.append(f"| `{label}` | {n} | {exs} |")
            parts.append("")
        if d.indicators:
            parts.append("## Indicators\n")
            for k, v in d.indicators.items():
                parts.append(f"- **{k}**: {v}")
            parts.append("")
        skipped = [r for r in d.runs if r.status != "ok"]
        if skipped:
            parts.append("## Not analysed\n")
            for r in skipped:
                parts.append(f"- `{r.name}` {r.status}: {r.reason}")
            parts.append("")
    if failures:
        parts.append("# Failed inputs\n")
        for f in failures:
            parts.append(f"- `{f.origin}` [{f.code}] {f.message}")
        parts.append("")
    return "\n".join(parts)
