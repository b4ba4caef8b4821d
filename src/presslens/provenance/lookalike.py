"""Look-alike and impersonator domains: does a domain imitate a known outlet?

Techniques checked against the protected outlets (:func:`protected_targets`), each with a reason and a score:

- ``homoglyph``: Unicode/punycode characters or ASCII confusables (``rn``→``m``, ``0``→``o``, ``1``→``l``)
  that make the label read as the outlet's (``reuters.com`` written with a Cyrillic ``е``).
- ``subdomain``: the outlet's whole domain placed in front of another registrable domain
  (``bbc.co.uk.example.net``), or spelled with hyphens (``reuters-com.info``).
- ``tld_swap``: the outlet's label under another public suffix (``reuters.com.co``, ``nytimes.co``).
- ``added_word``: the outlet's label plus a word such as ``news``, ``tv``, ``live``, ``daily``
  (``reuters-news.co``, ``bbcnews24.com``).
- ``typo``: one edit (two for long labels) away from the outlet's label, scored higher for keyboard-adjacent
  substitutions, swapped neighbours, doubled or dropped letters and hyphens (``nytimse.com``).

Domains that are rated outlets in their own right (rated by two or more raters or with a factual reading of
mixed or better, none flagging them fake or imposter; or a state-media entry) and domains of the same media group are never reported as imitating another outlet: ``nypost.com``
is not a look-alike of ``nytimes.com``. Measured in ``benchmarks/provenance.py``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable

from .domains import Host, normalize
from .model import LookalikeWarning

#: Words impersonators add to an outlet's label.
ADDED_WORDS = ("news", "tv", "live", "online", "daily", "today", "now", "report", "media", "world", "breaking",
               "latest", "official", "update", "updates", "us", "uk", "usa", "24", "247", "24x7", "hd", "info",
               "the", "real", "channel", "web", "net", "global", "international", "press", "wire", "headlines",
               "alerts", "mobile", "app", "login", "secure", "en", "english")
#: Labels that are common words, not brands: a domain sharing them imitates nothing (``news.cn``, ``china.com.cn``).
GENERIC_LABELS = frozenset(ADDED_WORDS) | frozenset({"china", "russia", "india", "press", "radio", "times", "post",
                                                     "herald", "tribune", "journal", "gazette", "express", "mail",
                                                     "star", "sun", "mirror", "nation", "observer"})
#: Public suffixes typical of impersonation (``abcnews.com.co``); other suffix swaps score a little lower.
DECEPTIVE_SUFFIXES = frozenset({"com.co", "co", "cm", "om", "net", "org", "info", "news", "live", "online", "site",
                                "website", "click", "top", "xyz", "ws", "cc", "io", "co.com", "com.de", "us.com",
                                "press", "today", "tv", "world", "com.ru", "ru.com", "su", "ltd"})
#: ASCII confusables, applied to both sides (longest first).
ASCII_CONFUSABLES = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("i", "l"), ("5", "s"))

_QWERTY = ["1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"]


@functools.lru_cache(maxsize=1)
def _adjacent() -> dict[str, set[str]]:
    pos = {c: (r, i) for r, row in enumerate(_QWERTY) for i, c in enumerate(row)}
    adj: dict[str, set[str]] = defaultdict(set)
    for a, (ra, ia) in pos.items():
        for b, (rb, ib) in pos.items():
            if a != b and abs(ra - rb) <= 1 and abs((ia + 0.5 * ra) - (ib + 0.5 * rb)) <= 1.0:
                adj[a].add(b)
    return adj


@functools.lru_cache(maxsize=1)
def _unicode_map() -> dict[str, str]:
    """Non-ASCII character → the ASCII letter or digit it can pass for (Unicode confusables data)."""
    from confusable_homoglyphs.confusables import confusables_data

    out: dict[str, str] = {}
    for ch, glyphs in confusables_data.items():
        if len(ch) != 1 or ord(ch) < 128:
            continue
        for g in glyphs:
            c = g.get("c", "")
            if len(c) == 1 and c.isascii() and (c.isalnum() or c == "-"):
                out[ch] = c.lower()
                break
    return out


def _fold(c: str, umap: dict[str, str]) -> str:
    if c.isascii():
        return c
    if c in umap:
        return umap[c]
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base.lower() if base.isascii() and base else c


def skeleton(label: str) -> str:
    """The ASCII shape of a label: Unicode confusables and accented letters → ASCII, then ASCII confusables
    folded."""
    low = label.lower()
    # ASCII labels (nearly every target, punycode included) never need the confusables table: load it on the
    # first non-ASCII label only (it costs ~0.1 s to build).
    s = low if low.isascii() else "".join(_fold(c, _unicode_map()) for c in low)
    for a, b in ASCII_CONFUSABLES:
        s = s.replace(a, b)
    return s


def _typo_kind(a: str, b: str) -> tuple[str, float] | None:
    """How ``a`` (candidate) differs from ``b`` (outlet) by one edit; None if not a single edit."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            i = diff[0]
            if a[i] in _adjacent().get(b[i], ()):
                return f"keyboard-adjacent '{a[i]}' for '{b[i]}'", 0.85
            return f"'{a[i]}' for '{b[i]}'", 0.75
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return f"swapped letters '{b[diff[0]]}{b[diff[1]]}'", 0.85
        return None
    if abs(len(a) - len(b)) == 1:
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        for i in range(len(longer)):
            if longer[:i] + longer[i + 1 :] == shorter:
                c = longer[i]
                added = longer is a
                if c == "-":
                    return ("hyphen added" if added else "hyphen removed"), 0.8
                if (i > 0 and longer[i - 1] == c) or (i + 1 < len(longer) and longer[i + 1] == c):
                    return (f"doubled '{c}'" if added else f"dropped repeated '{c}'"), 0.85
                return (f"extra '{c}'" if added else f"missing '{c}'"), 0.75
    return None


class LookalikeDetector:
    """Checks domains against a set of protected outlet domains.

    Args:
        targets: protected outlet hosts (registrable domains without subdomain work best).
        names: domain → display name, for messages.
        exempt: returns True for a registrable domain that is a rated outlet in its own right.
        group_of: domain → media-group id (domains of one group never imitate each other).
    """

    def __init__(self, targets: Iterable[str], names: dict[str, str] | None = None,
                 exempt: Callable[[str], bool] | None = None, group_of: Callable[[str], str | None] | None = None) -> None:
        self.names = names or {}
        self.exempt = exempt or (lambda d: False)
        self.group_of = group_of or (lambda d: None)
        self.targets: dict[str, Host] = {}
        self.by_label: dict[str, list[str]] = defaultdict(list)
        self.by_skeleton: dict[str, list[str]] = defaultdict(list)
        for t in targets:
            h = normalize(t)
            if h is None or h.subdomain or len(h.label) < 2 or h.registrable in self.targets or h.label in GENERIC_LABELS:
                continue
            self.targets[h.registrable] = h
            self.by_label[h.label].append(h.registrable)
            self.by_skeleton[skeleton(h.label)].append(h.registrable)
        self._labels = sorted(self.by_label)
        self._long_labels = [lab for lab in self._labels if len(lab) >= 5]
        words = "|".join(sorted((re.escape(w) for w in ADDED_WORDS), key=len, reverse=True))
        self._added = re.compile(rf"^(?:(?P<pre>{words})-?(?P<a>.+)|(?P<b>.+?)-?(?P<post>{words}))$")

    def _name(self, d: str) -> str:
        return self.names.get(d) or d

    def _same_family(self, cand: str, target: str) -> bool:
        if cand == target:
            return True
        g1, g2 = self.group_of(cand), self.group_of(target)
        return g1 is not None and g1 == g2

    def check(self, value: str, *, use_exemptions: bool = True) -> list[LookalikeWarning]:
        """Warnings for ``value`` (URL or host), best first, at most one per imitated outlet."""
        h = normalize(value)
        if h is None:
            return []
        if use_exemptions and (h.registrable in self.targets or self.exempt(h.registrable) or self.exempt(h.host)):
            subdomain_only = True  # a real outlet can still be abused through a subdomain trick elsewhere
        else:
            subdomain_only = False
        found: dict[str, LookalikeWarning] = {}

        def add(target: str, technique: str, reason: str, score: float) -> None:
            if self._same_family(h.registrable, target):
                return
            w = LookalikeWarning(h.host, target, self.names.get(target), technique, reason, round(score, 3))
            if target not in found or found[target].score < w.score:
                found[target] = w

        # Subdomain tricks: a protected domain spelled in front of some other registrable domain.
        if h.subdomain and h.registrable not in self.targets:
            labels = h.subdomain.split(".")
            for i in range(len(labels)):
                cand = ".".join(labels[i:])
                th = normalize(cand)
                if th and th.registrable in self.targets and th.registrable == cand:
                    add(th.registrable, "subdomain",
                        f"'{cand}' is placed in front of the unrelated domain {h.registrable}", 0.95)
        if subdomain_only:
            return sorted(found.values(), key=lambda w: -w.score)

        label = h.label
        uni_label = (h.unicode.split(".")[-len(h.registrable.split("."))] if h.unicode else "") or label
        # Homoglyphs / punycode.
        sk = skeleton(uni_label)
        for t in self.by_skeleton.get(sk, ()):
            tl = self.targets[t].label
            if tl != label:
                why = ("punycode label '" + uni_label + "' reads as '" + tl + "'") if h.unicode else \
                    f"'{label}' reads as '{tl}' (look-alike characters)"
                add(t, "homoglyph", why + (f", under .{h.suffix}" if h.suffix != self.targets[t].suffix else ""), 0.95)
        # Hyphenated full domain: reuters-com.info
        dashed = label.replace("-", ".")
        if dashed in self.targets and dashed != h.registrable:
            add(dashed, "subdomain", f"'{label}' spells the domain {dashed} with hyphens", 0.9)
        # TLD swap.
        for t in self.by_label.get(label, ()):
            if t != h.registrable:
                deceptive = h.suffix in DECEPTIVE_SUFFIXES
                add(t, "tld_swap", f"same name '{label}' under .{h.suffix} instead of .{self.targets[t].suffix}",
                    0.9 if deceptive else 0.8)
        # Added words.
        m = self._added.match(label)
        if m:
            core = (m.group("a") or m.group("b") or "").strip("-")
            word = m.group("pre") or m.group("post")
            for t in self.by_label.get(core, ()) if len(core) >= 3 or "-" in label else ():
                suffix_note = "" if h.suffix == self.targets[t].suffix else f", under .{h.suffix}"
                add(t, "added_word", f"'{core}' with the added word '{word}'{suffix_note}", 0.85)
        # A dot inserted into the name (``natur.alnews.com``) or the suffix glued to it (``breitbartcom.com``).
        if h.subdomain and "." not in h.subdomain:
            joined = h.subdomain + label
            for t in self.by_label.get(joined, ()):
                add(t, "typo", f"'{h.subdomain}.{label}' is '{joined}' with a dot inserted", 0.85)
        for t_label in (label[: -len(sfx)] for sfx in ("com", "org", "net", "couk") if label.endswith(sfx)):
            for t in self.by_label.get(t_label, ()):
                if label == t_label + self.targets[t].suffix.replace(".", ""):
                    add(t, "typo", f"'{label}' is '{t_label}' with its suffix '.{self.targets[t].suffix}' glued on", 0.85)
        # Typos: one edit (two for labels of 9+ characters).
        if len(label) >= 4:
            pool = self._long_labels
            for tl in _near(label, pool):
                kind = _typo_kind(label, tl)
                if kind is not None:
                    why, score = kind
                elif len(tl) >= 9 and _osa(label, tl) <= 2:
                    why, score = "two letters changed", 0.65
                else:
                    continue
                for t in self.by_label[tl]:
                    same_suffix = h.suffix == self.targets[t].suffix
                    add(t, "typo", f"'{label}' is '{tl}' with {why}" + ("" if same_suffix else f", under .{h.suffix}"),
                        score if same_suffix else score - 0.1)
        return sorted(found.values(), key=lambda w: (-w.score, w.imitates))


def _osa(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))


def _near(label: str, pool: list[str]) -> list[str]:
    """Pool labels within edit distance 2 of ``label`` (rapidfuzz, imported on first use)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    hits = process.extract(label, pool, scorer=Levenshtein.distance, score_cutoff=2, limit=None)
    return [tl for tl, _, _ in hits if tl != label]


__all__ = ["ADDED_WORDS", "DECEPTIVE_SUFFIXES", "LookalikeDetector", "LookalikeWarning", "skeleton"]
