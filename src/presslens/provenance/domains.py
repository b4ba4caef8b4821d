"""Domain normalisation: any URL, host or domain string → a clean host and its registrable domain.

Registrable domains come from the Public Suffix List snapshot bundled with the ``publicsuffixlist`` package
(never fetched at run time): ``www.bbc.co.uk`` → ``bbc.co.uk``, ``de.rt.com`` → ``rt.com``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Host prefixes that never change the outlet (mobile, AMP and www variants).
TRIVIAL_PREFIXES = ("www", "www1", "www2", "www3", "m", "mobile", "amp", "edition", "ww")

_HOST_OK = re.compile(r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)+$")


def psl_rules() -> list[str]:
    """The rules of the bundled Public Suffix List snapshot, as ``publicsuffixlist`` reads them (first word of
    each line, lower case; comments and blank lines dropped)."""
    from publicsuffixlist import PSLFILE

    with open(PSLFILE, encoding="utf-8") as fh:
        rules = (line.lower().split(" ")[0].rstrip() for line in fh)
        return [s for s in rules if s and not s.startswith("//")]


@functools.lru_cache(maxsize=1)
def _psl():  # type: ignore[no-untyped-def]
    """The Public Suffix List, built from its rules plus the punycode form of each non-ASCII rule: the same
    suffix set as ``PublicSuffixList()``, but the IDNA encodings come from ``data/psl_idn.json``
    (``scripts/build_psl_idn.py``) instead of being computed at every start; rules missing there (a newer PSL
    snapshot) are encoded here."""
    import json
    from importlib import resources

    from publicsuffixlist import PublicSuffixList, encode_idn

    try:
        known: dict[str, str] = json.loads(
            (resources.files("presslens.provenance") / "data" / "psl_idn.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    rules = psl_rules()
    encoded = []
    for s in rules:
        if not s.isascii():
            e = known.get(s) or encode_idn(s.lstrip("!"))
            encoded.append("!" + e if s.startswith("!") else e)
    return PublicSuffixList(source=rules + encoded, accept_encoded_idn=False)


@dataclass(frozen=True, slots=True)
class Host:
    """A normalised host.

    Attributes:
        host: lower-case ASCII (punycode) host without trivial prefixes (``www.``, ``m.``) or port.
        registrable: the registrable domain (``bbc.co.uk``); equals ``host`` when there is no subdomain.
        suffix: the public suffix (``co.uk``).
        label: the registrable domain minus its suffix (``bbc``).
        subdomain: what precedes the registrable domain (``de`` for ``de.rt.com``), "" if nothing.
        unicode: the host as Unicode when it was given (or is encoded) as an IDN, else "".
    """

    host: str
    registrable: str
    suffix: str
    label: str
    subdomain: str
    unicode: str = ""

    def parents(self) -> list[str]:
        """``a.b.rt.com`` → ``["a.b.rt.com", "b.rt.com", "rt.com"]`` (most specific first)."""
        out = [self.host]
        h = self.host
        while h != self.registrable and "." in h:
            h = h.split(".", 1)[1]
            out.append(h)
        return out


def host_of(value: str) -> str:
    """The bare host of a URL, ``host:port``, ``//host/path`` or plain domain string (lower case, no dot
    at the end, punycode for IDNs). Returns "" when nothing host-like is found."""
    if value and _HOST_OK.fullmatch(value):  # already a bare lower-case host (registry domains): nothing to parse
        return value
    s = (value or "").strip().strip("<>\"'")
    if not s:
        return ""
    if "://" not in s:
        s = "http://" + s.lstrip("/")
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:
        return ""
    host = host.strip(".").lower()
    if not host:
        return ""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    return host


def normalize(value: str) -> Host | None:
    """Parse and normalise ``value`` (URL, host or domain); None if it is not a valid public host."""
    host = host_of(value)
    if not host or not _HOST_OK.match(host) or host.replace(".", "").isdigit():
        return None
    psl = _psl()
    reg = psl.privatesuffix(host)
    if reg is None:  # a bare public suffix ("co.uk") or an unknown TLD
        return None
    suffix = psl.publicsuffix(host) or ""
    sub = host[: -len(reg)].rstrip(".") if host != reg else ""
    parts = sub.split(".") if sub else []
    while parts and parts[0] in TRIVIAL_PREFIXES:
        parts.pop(0)
    sub = ".".join(parts)
    clean = f"{sub}.{reg}" if sub else reg
    label = reg[: -len(suffix) - 1] if suffix and reg.endswith("." + suffix) else reg
    uni = ""
    if "xn--" in clean:
        try:
            uni = clean.encode("ascii").decode("idna")
        except UnicodeError:
            uni = ""
    return Host(clean, reg, suffix, label, sub, uni)


def registrable(value: str) -> str | None:
    """The registrable domain of ``value`` (None when invalid)."""
    h = normalize(value)
    return h.registrable if h else None


def name_key(name: str) -> str:
    """A comparison key for outlet names: lower case, ``the`` and punctuation dropped, ``&`` → ``and``.

    "The Russia Insider" → ``russiainsider``; "Russia-Insider.com" → ``russiainsidercom``.
    """
    s = name.lower().replace("&", " and ")
    s = re.sub(r"^\s*the\s+", "", s)
    return re.sub(r"[^0-9a-z\u00c0-\uffff]+", "", s)


__all__ = ["TRIVIAL_PREFIXES", "Host", "host_of", "name_key", "normalize", "psl_rules", "registrable"]
