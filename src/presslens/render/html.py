"""A self-contained HTML report: the article with findings highlighted, a legend, summaries, details.

No network: CSS and JS are inline. Every piece of input text is escaped; the findings travel as JSON in a
``<script type="application/json">`` block with ``<`` escaped, so an article containing ``</script>``
cannot break out. Overlapping findings are rendered by cutting the text at every finding boundary: each
segment carries the ids of all findings covering it, and a click shows them all.
"""

from __future__ import annotations

import html
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..dossier.model import Dossier, Failure, Finding
from ..registry import renderers

#: Display order of kinds: a segment covered by several kinds takes the colour of the first listed.
KIND_ORDER = ("persuasion", "editorial", "provenance", "quality", "attribution", "claims")
KIND_TITLES = {
    "persuasion": "Persuasion techniques",
    "editorial": "Editorial voice & certainty",
    "provenance": "Provenance",
    "quality": "Input quality",
    "attribution": "Attribution (quotes & speakers)",
    "claims": "Claims & numbers",
}
#: Findings longer than this are shown as an underline, not a background (e.g. whole-sentence claims).
LONG_SPAN = 240
#: Labels kept out of the inline styling (still clickable and outlined when selected from a panel):
#: whole-sentence claims would underline most of an article, and flags repeat their speakers' spans.
QUIET_LABELS = frozenset({"claims.claim", "attribution.flag"})

CSS = """
:root{--ed:#ffe08a;--pe:#f7b2b2;--pr:#b3d4f5;--qu:#d9d9d9;--at:#2b6cb0;--cl:#2f855a}
*{box-sizing:border-box}body{font:16px/1.6 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1a202c;background:#f7f7f5}
header{padding:14px 24px;background:#1a202c;color:#fff}header h1{font-size:18px;margin:0}header small{opacity:.75}
.wrap{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:20px;padding:20px 24px;max-width:1400px;margin:auto}
article.doc{background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 3px #0002}
article.doc h2{margin-top:0}.meta{color:#4a5568;font-size:14px;margin-bottom:16px}
.text p{margin:0 0 1em;white-space:pre-wrap}
aside{position:sticky;top:10px;align-self:start;max-height:calc(100vh - 20px);overflow:auto}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:12px 16px;margin-bottom:14px;font-size:14px}
.card h3{font-size:15px;margin:0 0 8px}
.hl{cursor:pointer;border-radius:2px}
.k-editorial{background:var(--ed)}.k-provenance{background:var(--pr)}.k-quality{background:var(--qu);outline:1px dashed #888}
.k-persuasion{background:var(--pe)}.multi{background-image:repeating-linear-gradient(135deg,transparent 0 4px,#0001 4px 6px)}
.u-attribution{border-bottom:2px solid var(--at)}.u-claims{text-decoration:underline dotted var(--cl) 2px;text-underline-offset:3px}
.hide-editorial .k-editorial,.hide-persuasion .k-persuasion,.hide-provenance .k-provenance,.hide-quality .k-quality{background:none;outline:none}
.hide-attribution .u-attribution{border-bottom:none}.hide-claims .u-claims{text-decoration:none}
.legend label{display:flex;gap:8px;align-items:center;margin:3px 0}.sw{display:inline-block;width:14px;height:14px;border-radius:3px}
.sel{outline:2px solid #000}
#details pre{white-space:pre-wrap;word-break:break-word;background:#f1f1ef;padding:6px;border-radius:4px;font-size:12px}
table{border-collapse:collapse;width:100%;table-layout:fixed;word-break:break-word}th{width:55%;font-weight:600;color:#4a5568}td,th{text-align:left;padding:2px 4px;border-bottom:1px solid #eee;vertical-align:top}
.flag{background:#fff3cd;border:1px solid #e0c060;padding:8px 12px;border-radius:6px;margin-bottom:12px}
.muted{color:#718096}[data-ref]{cursor:pointer}h4{margin:10px 0 4px;font-size:13px}.speaker{border:1px solid #cbd5e0;border-radius:6px;padding:6px 8px;margin:6px 0}
section.item{margin-bottom:40px}nav.index a{display:block}
"""

JS = """
(function(){
  document.querySelectorAll('section.item').forEach(function(sec){
    var data=JSON.parse(sec.querySelector('script.findings').textContent);
    var byId={};data.forEach(function(f){byId[f.id]=f;});
    var box=sec.querySelector('.details-body');
    function show(ids){
      sec.querySelectorAll('.sel').forEach(function(e){e.classList.remove('sel');});
      box.textContent='';
      ids.forEach(function(id){
        var f=byId[id];if(!f)return;
        var d=document.createElement('div');d.className='speaker';
        var h=document.createElement('b');h.textContent=f.label+'  ('+f.score.toFixed(2)+')';d.appendChild(h);
        var t=document.createElement('div');t.textContent='“'+f.text+'”';d.appendChild(t);
        var m=document.createElement('div');m.className='muted';m.textContent=f.analyzer+' · chars '+f.start+'–'+f.end;d.appendChild(m);
        Object.keys(f.attrs).forEach(function(k){
          var row=document.createElement('div');var b=document.createElement('b');b.textContent=k+': ';row.appendChild(b);
          var v=f.attrs[k];var vals=Array.isArray(v)?v:[v];
          if(vals.length&&vals.every(function(x){return typeof x==='string'&&byId[x];})){
            vals.forEach(function(x){var a=document.createElement('a');a.href='#';a.className='ref';a.setAttribute('data-ref',x);
              a.textContent=byId[x].text.slice(0,60);row.appendChild(a);row.appendChild(document.createTextNode(' '));});
          }else if(v!==null&&typeof v==='object'){var p=document.createElement('pre');p.textContent=JSON.stringify(v,null,1);row.appendChild(p);}
          else{row.appendChild(document.createTextNode(String(v)));}
          d.appendChild(row);
        });
        box.appendChild(d);
        sec.querySelectorAll('[data-f~="'+CSS.escape(id)+'"]').forEach(function(e){e.classList.add('sel');});
      });
    }
    sec.addEventListener('click',function(ev){
      var t=ev.target.closest('[data-f]');if(t){show(t.getAttribute('data-f').split(' '));return;}
      var r=ev.target.closest('[data-ref]');if(r){ev.preventDefault();show([r.getAttribute('data-ref')]);var el=sec.querySelector('[data-f~="'+CSS.escape(r.getAttribute('data-ref'))+'"]');if(el)el.scrollIntoView({block:'center'});}
    });
    sec.querySelectorAll('.legend input').forEach(function(cb){
      cb.addEventListener('change',function(){sec.querySelector('.text').classList.toggle('hide-'+cb.value,!cb.checked);});
    });
  });
})();
"""

SWATCH = {"editorial": "var(--ed)", "persuasion": "var(--pe)", "provenance": "var(--pr)", "quality": "var(--qu)",
          "attribution": "var(--at)", "claims": "var(--cl)"}

e = html.escape


def _segments(text: str, findings: Sequence[Finding]) -> list[tuple[int, int, list[Finding]]]:
    """Cut ``text`` at every finding boundary; each piece lists the findings covering it."""
    cuts = {0, len(text)}
    for f in findings:
        cuts.update((f.start, f.end))
    points = sorted(cuts)
    starts: dict[int, list[Finding]] = {}
    for f in findings:
        if f.end > f.start:
            starts.setdefault(f.start, []).append(f)
    active: list[Finding] = []
    out = []
    for a, b in itertools.pairwise(points):
        active = [f for f in active if f.end > a] + starts.get(a, [])
        out.append((a, b, list(active)))
    return out


def _highlight(text: str, findings: Sequence[Finding], lo: int, hi: int) -> str:
    """HTML of ``text[lo:hi]`` with highlight spans for the findings (which are clipped to the range)."""
    parts = []
    inside = [f for f in findings if f.end > lo and f.start < hi]
    for a, b, cover in _segments(text, inside):
        a, b = max(a, lo), min(b, hi)
        if a >= b:
            continue
        piece = e(text[a:b])
        if not cover:
            parts.append(piece)
            continue
        styled = [f for f in cover if f.label not in QUIET_LABELS]
        kinds = [k for k in KIND_ORDER if any(f.kind == k for f in styled)]
        classes = ["hl"]
        bg = [k for k in kinds if k in ("persuasion", "editorial", "provenance", "quality")
              and any(f.kind == k and f.end - f.start <= LONG_SPAN for f in styled)]
        if bg:
            classes.append(f"k-{bg[0]}")
            for k in bg[1:]:
                classes.append(f"k2-{k}")
            if len(bg) > 1:
                classes.append("multi")
        for k in ("attribution", "claims"):
            if k in kinds:
                classes.append(f"u-{k}")
        for k in kinds:
            if k not in bg and k not in ("attribution", "claims"):
                classes.append(f"u-{k}")
        ids = " ".join(f.id for f in cover)
        title = "; ".join(sorted({f.label for f in cover}))
        parts.append(f'<span class="{" ".join(classes)}" data-f="{e(ids)}" title="{e(title)}">{piece}</span>')
    return "".join(parts)


def _flatten(v: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested dicts → (dotted path, leaf) rows; lists stay leaves."""
    if isinstance(v, dict) and v:
        rows: list[tuple[str, Any]] = []
        for k, x in v.items():
            rows += _flatten(x, f"{prefix}.{k}" if prefix else str(k))
        return rows
    return [(prefix, v)]


def _value(v: Any) -> str:
    """A compact HTML view of a summary value: dotted-path rows; lists of records as small cards."""
    if isinstance(v, dict):
        rows = _flatten(v)
        if not rows or rows == [("", {})]:
            return '<span class="muted">—</span>'
        return "<table>" + "".join(f"<tr><th>{e(k)}</th><td>{_value(x)}</td></tr>" for k, x in rows) + "</table>"
    if isinstance(v, list):
        if not v:
            return '<span class="muted">none</span>'
        if all(not isinstance(x, dict | list) for x in v):
            return e(", ".join(str(x) for x in v))
        cards = []
        for x in v[:50]:
            if isinstance(x, dict):
                ref = x.get("id") or x.get("finding_id")
                attr = f' data-ref="{e(str(ref))}"' if isinstance(ref, str) else ""
                body = "".join(f"<div><b>{e(k)}</b>: {_value(y)}</div>" for k, y in _flatten(x) if k != "id")
                cards.append(f'<div class="speaker"{attr}>{body}</div>')
            else:
                cards.append(f"<div>{_value(x)}</div>")
        more = f'<div class="muted">… {len(v) - 50} more</div>' if len(v) > 50 else ""
        return "".join(cards) + more
    if isinstance(v, float):
        return e(f"{v:.3g}")
    if v is None:
        return '<span class="muted">—</span>'
    return e(str(v))


def _clip(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _ref_row(fid: str, head: str, body: str = "", colour: str | None = None) -> str:
    sw = f'<span class="sw" style="background:{e(colour)}"></span> ' if colour else ""
    return f'<div class="speaker" data-ref="{e(fid)}">{sw}<b>{head}</b>{f"<div>{body}</div>" if body else ""}</div>'


def _persuasion_panel(d: Dossier) -> str:
    """One "how it persuades" list: technique spans with the editorial markers they contain folded in."""
    try:
        from ..persuasion import TECHNIQUES
    except ImportError:  # pragma: no cover - persuasion is a built-in capability
        TECHNIQUES = {}
    spans = sorted(d.by_kind("persuasion"), key=lambda f: f.start)
    markers = sorted((f for f in d.by_kind("editorial")), key=lambda f: f.start)
    if not spans and not markers:
        return ""
    folded: dict[str, list[Finding]] = {f.id: [] for f in spans}
    loose = []
    for m in markers:
        host = next((p for p in spans if p.start <= m.start and m.end <= p.end), None)
        (folded[host.id] if host else loose).append(m)
    rows = []
    for f in sorted(spans + loose, key=lambda f: f.start):
        info = TECHNIQUES.get(f.label, {})
        title = info.get("title") or f.label.split(".", 1)[1].replace("_", " ")
        extra = "".join(f' <span class="muted">+ {e(m.label.split(".", 1)[1].replace("_", " "))}</span>'
                        for m in folded.get(f.id, []))
        rows.append(_ref_row(f.id, f"{e(title)} <span class=muted>{f.score:.2f}</span>",
                             f"“{e(_clip(f.text))}”{extra}", info.get("colour") or SWATCH.get(f.kind)))
    summary = d.summaries.persuasion
    score = d.indicators.get("persuasion_score")
    head = ""
    if score is not None:
        density = summary.spans_per_1000_words if summary else "—"
        head = f"<p><b>persuasion score</b> {score:.2f} · {density} spans per 1,000 words</p>"
    used = sorted({f.label for f in spans})
    legend = "".join(
        f'<div><span class="sw" style="background:{e(TECHNIQUES[lab]["colour"])}"></span> '
        f'<b>{e(TECHNIQUES[lab]["title"])}</b>: {e(TECHNIQUES[lab]["explanation"])}</div>'
        for lab in used if lab in TECHNIQUES
    )
    legend_all = "".join(
        f'<div><b>{e(v["title"])}</b>: {e(v["explanation"])}</div>' for v in TECHNIQUES.values()
    )
    return (f'<div class="card"><h3>How it persuades</h3>{head}{"".join(rows)}'
            f'{f"<h4>Techniques found</h4>{legend}" if legend else ""}'
            f'<details><summary>all techniques</summary>{legend_all}</details></div>')


def _sources_panel(d: Dossier) -> str:
    sourcing = d.summaries.sourcing
    if not sourcing:
        return ""
    parts = [f"<p><b>{sourcing.n_speakers}</b> speaker(s), "
             f"<b>{sourcing.n_independent_parties}</b> independent part(ies)</p>"]
    for flag in sourcing.flags:
        parts.append(f'<div class="flag" data-ref="{e(flag.finding_id)}"><b>{e(flag.flag)}</b>: {e(flag.reason)}</div>')
    for sp in sourcing.speakers:
        details = " · ".join(e(v) for v in (sp.role, sp.organisation, sp.country) if v)
        body = (details + "<br>" if details else "") + (
            f"{sp.kind}, {sp.n_quotes} quote(s), {sp.share_of_sentences:.0%} of sentences")
        parts.append(_ref_row(sp.id, e(sp.name), body))
    unattributed = [f for f in d.findings if f.label == "attribution.unattributed_certainty"]
    if unattributed:
        parts.append("<h4>Unattributed certainty</h4>")
        parts += [_ref_row(f.id, f"“{e(_clip(f.text))}”") for f in unattributed]
    return f'<div class="card"><h3>Sources</h3>{"".join(parts)}</div>'


def _claims_panel(d: Dossier) -> str:
    top = d.summaries.top_claims
    if not top or not top.claims:
        return ""
    rows = []
    for c in top.claims[:10]:
        nums = "; ".join(f'{e(n.text)} ({e(n.counted or "—")})' for n in c.numbers)
        body = f"“{e(_clip(c.sentence, 160))}”"
        if nums:
            body += f"<br><span class=muted>numbers:</span> {nums}"
        body += f"<br><span class=muted>asserted by:</span> {e(c.asserter) if c.asserter else 'no one named'}"
        rows.append(_ref_row(c.id, f'#{c.rank} <span class=muted>{c.score:.2f}</span>', body))
    return f'<div class="card"><h3>Claims to check</h3>{"".join(rows)}</div>'


def _article_html(d: Dossier, n: int) -> str:
    a = d.article
    text = a.text
    title = a.title or " ".join(text.strip().split("\n", 1)[0].split())[:120]
    meta = [f"<b>origin</b> {e(a.origin or '—')}", f"<b>language</b> {e(a.language.code)} ({a.language.confidence:.2f})",
            f"<b>words</b> {a.word_count}"]
    for key in ("outlet", "domain", "published", "url"):
        val = getattr(a, key)
        if val:
            meta.append(f"<b>{key}</b> {e(str(val))}")
    if a.byline.raw:
        meta.append(f"<b>byline</b> {e(a.byline.raw)}")
    flags = "".join(f'<div class="flag"><b>{e(f.code)}</b>: {e(f.message)}</div>' for f in a.flags)
    not_run: dict[str, list[str]] = {}
    for r in d.runs:
        if r.status != "ok":
            not_run.setdefault(f"{r.status}: {r.reason}", []).append(r.name)
    flags += "".join(
        f'<div class="flag"><b>not analysed by</b> {e(", ".join(names))} <span class=muted>({e(why)})</span></div>'
        for why, names in not_run.items()
    )
    paras = a.paragraphs or ((0, len(text)),)
    body = "".join(f"<p>{_highlight(text, d.findings, s, t)}</p>" for s, t in paras)
    counts = Counter(f.kind for f in d.findings)
    label_counts = Counter(f.label for f in d.findings)
    legend = "".join(
        f'<label><input type="checkbox" value="{k}" checked><span class="sw" style="background:{SWATCH[k]}"></span>'
        f"{e(KIND_TITLES[k])} <span class=muted>({counts[k]})</span></label>"
        for k in KIND_ORDER if counts.get(k)
    )
    labels = "".join(f"<tr><td>{e(lab)}</td><td>{c}</td></tr>" for lab, c in sorted(label_counts.items()))
    panels = _sources_panel(d) + _claims_panel(d) + _persuasion_panel(d)
    summaries = "".join(
        f'<details class="card"><summary><b>{e(KIND_TITLES.get(k, k))}</b> (all figures)</summary>{_value(v)}</details>'
        for k, v in d.summaries.to_dict().items()
    )
    runs = "".join(
        f"<tr><td>{e(r.name)}</td><td>{e(r.status)}</td><td>{r.n_findings}</td><td>{e(r.reason)}</td></tr>" for r in d.runs
    )
    findings_json = json.dumps([f.to_dict() for f in d.findings], ensure_ascii=False).replace("<", "\\u003c")
    return f"""<section class="item" id="a{n}"><div class="wrap">
<article class="doc"><h2>{e(title)}</h2><div class="meta">{' · '.join(meta)}</div>{flags}
<div class="text">{body}</div></article>
<aside><div class="card legend"><h3>Legend</h3>{legend or '<span class=muted>no findings</span>'}
<details><summary>by label</summary><table>{labels}</table></details></div>
<div class="card" id="details"><h3>Details</h3><div class="details-body muted">Click a highlight to see its evidence.</div></div>
{panels}{summaries}
<div class="card"><h3>Indicators</h3>{_value(d.indicators)}</div>
<div class="card"><h3>Analyzers</h3><table><tr><th>name</th><th>status</th><th>#</th><th>note</th></tr>{runs}</table></div>
</aside></div><script type="application/json" class="findings">{findings_json}</script></section>"""


@renderers.register("html", "text/html")
def render_html(dossiers: Sequence[Dossier], failures: Sequence[Failure] = ()) -> str:
    """One self-contained HTML page for one or more dossiers (and the inputs that failed)."""
    items = "".join(_article_html(d, i) for i, d in enumerate(dossiers))
    index = ""
    if len(dossiers) > 1:
        links = "".join(
            f'<a href="#a{i}">{e(d.article.title or d.article.origin or d.article.id)}</a>' for i, d in enumerate(dossiers)
        )
        index = f'<div class="wrap"><nav class="card index"><h3>{len(dossiers)} articles</h3>{links}</nav></div>'
    fails = ""
    if failures:
        rows = "".join(f"<tr><td>{e(f.origin)}</td><td>{e(f.code)}</td><td>{e(f.message)}</td></tr>" for f in failures)
        fails = f'<div class="wrap"><div class="card"><h3>Failed inputs ({len(failures)})</h3><table>{rows}</table></div></div>'
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>presslens dossier</title><style>{CSS}</style></head><body>
<header><h1>presslens credibility dossier</h1><small>presslens {e(__version__)} · every highlight is evidence: click it</small></header>
{index}{items}{fails}<script>{JS}</script></body></html>
"""
