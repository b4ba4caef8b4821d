"""Quotation marks: find the quoted regions of a text (double, single, curly, straight, guillemets).

A region is ``(start, end)`` including its marks. Rules:

- Curly double quotes pair “…”; straight double quotes alternate open/close; „…“ and «…» pair too; the
  two-character marks of two apostrophes or two backticks (typewriter and newswire-archive text) count as
  double quotes.
- A quote still open at the end of a paragraph continues when the next paragraph opens with a quotation
  mark (the newswire convention for multi-paragraph quotes); the region then spans both paragraphs.
  Otherwise it is closed at the end of its paragraph (``closed=False``).
- Single quotes (‘…’ or '…') count only outside double-quoted regions, only at word boundaries (an
  apostrophe inside a word, ``don’t`` or ``Russia’s``, never opens or closes) and only around two or more
  words, so possessives such as ``players’ union`` rarely pair with anything.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»“"
DOUBLE = set('“”„«»"')
_PARA_RE = re.compile(r"[^\n]+")
_MARK_RE = re.compile("''|``|[" + "".join(sorted(DOUBLE)) + "]")
_SINGLE_RE = re.compile(r"(?<![\w’'])[‘'](?=[\w“\"$(])([^\n]*?[\w.,!?;:…%)\-—])[’'](?![\w’'])")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """A quoted region ``text[start:end]`` (marks included); ``closed`` is False when no closing mark was found."""

    start: int
    end: int
    closed: bool = True
    single: bool = False

    def inner_of(self, text: str) -> tuple[int, int]:
        """Offsets of the quoted words without the marks (one or two characters each)."""
        a = self.start + (2 if text[self.start:self.start + 2] in ("''", "``") else 1)
        b = self.end
        if self.closed:
            b -= 2 if text[self.end - 2:self.end] == "''" and b - 2 >= a else 1
        return a, max(a, b)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARA_RE.finditer(text) if m.group().strip()]


def _is_open(text: str, i: int, c: str) -> bool:
    if c in OPENERS or c == '"':
        return True
    # a right quote used as opener: preceded by space/start, followed by a word character
    return c == "”" and (i == 0 or text[i - 1].isspace()) and i + 1 < len(text) and text[i + 1].isalnum()


def _marks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Double quotation marks in ``text[lo:hi]`` as (position, length, normalised char); the two-character
    marks of two apostrophes and of two backticks (typewriter and newswire-archive style) count as a straight
    and an opening quote."""
    out: list[tuple[int, int, str]] = []
    for m in _MARK_RE.finditer(text, lo, hi):  # left to right, a two-character mark before a one-character one
        c = m.group()
        if len(c) == 2:
            out.append((m.start(), 2, '"' if c == "''" else "“"))
        else:
            out.append((m.start(), 1, c))
    return out


def _opens_paragraph(text: str, ps: int, pe: int) -> bool:
    first = text[ps:pe].lstrip()
    return first[:1] in OPENERS or first[:1] == '"' or first[:2] in ("''", "``")


def find_quote_regions(text: str) -> list[QuoteRegion]:
    """Quoted regions of ``text``, sorted by start, non-overlapping.

    Several analyzers ask for the regions of the same article; the last few texts' regions are kept (a new list
    each call, of the same frozen regions)."""
    return list(_find_quote_regions(text))


@functools.lru_cache(maxsize=8)
def _find_quote_regions(text: str) -> tuple[QuoteRegion, ...]:
    return tuple(_quote_regions(text))


def _quote_regions(text: str) -> list[QuoteRegion]:
    doubles: list[QuoteRegion] = []
    paras = _paragraphs(text)
    carry: int | None = None  # start of a quote continuing from the previous paragraph
    for pi, (ps, pe) in enumerate(paras):
        open_pos: int | None = None
        open_c = ""
        if carry is not None and not _opens_paragraph(text, ps, pe):
            carry = None
        for i, n, c in _marks(text, ps, pe):
            if open_pos is None:
                if c in "”»" and not _is_open(text, i, c):
                    continue  # a stray closing mark
                open_pos, open_c = i, c
            elif c in "”»\"" or (c == "“" and open_c == "„"):
                start = carry if carry is not None else open_pos
                doubles.append(QuoteRegion(start, i + n, True))
                open_pos, carry = None, None
            elif c in "“„«":
                # an opener while open: the previous quote was never closed
                start = carry if carry is not None else open_pos
                doubles.append(QuoteRegion(start, _rstrip(text, ps, i), False))
                open_pos, open_c, carry = i, c, None
        if open_pos is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is not None and _opens_paragraph(text, nxt[0], nxt[1]):
                carry = carry if carry is not None else open_pos
            else:
                start = carry if carry is not None else open_pos
                doubles.append(QuoteRegion(start, _rstrip(text, ps, pe), False))
                carry = None
    singles: list[QuoteRegion] = []
    for ps, pe in paras:
        para = text[ps:pe]
        for m in _SINGLE_RE.finditer(para):
            s, e = ps + m.start(), ps + m.end()
            if m.group(1).count(" ") < 1:
                continue
            if any(d.start <= s < d.end or d.start < e <= d.end for d in doubles):
                continue
            singles.append(QuoteRegion(s, e, True, single=True))
    return sorted(doubles + singles, key=lambda r: r.start)


def _rstrip(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


__all__ = ["QuoteRegion", "find_quote_regions"]
