"""Reading numbers written in news prose: digits, number words, scale words and vague magnitudes.

Pure functions over spaCy tokens of the base pass (no parser): :func:`read_number` consumes the longest
number expression starting at a token and returns its value (or its interval for vague magnitudes such as
"hundreds of"), the tokens it covers and whether it is exact.

Examples of what is read (value / interval):

================================  ========================
``1,000`` ``3.5`` ``19``          1000, 3.5, 19
``four`` ``twenty-one``           4, 21
``two hundred and fifty``         250
``1.5 million`` ``$3bn``          1 500 000, 3 000 000 000
``a dozen`` ``half a million``    12, 500 000
``dozens of`` ``hundreds of``     [24, 99], [200, 999]
``tens of thousands``             [20 000, 99 999]
``several hundred``               [300, 900]
================================  ========================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
#: Abbreviated scale suffixes written after digits ("3bn", "$5m", "10k") or as their own token.
SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
              "b": 1_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000}
#: Vague plural magnitudes: "dozens" → [24, 99], "hundreds" → [200, 999] …
VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
         "millions": (2_000_000, 999_999_999), "billions": (2_000_000_000, 999_999_999_999),
         "tens": (20, 99)}
#: Vague multipliers before a scale word: "several hundred", "a few thousand".
FEW = {"several": (3, 9), "few": (2, 5), "couple": (2, 2)}

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_DIGITS_SCALE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(k|m|mn|mln|bn|b|tn|trn)$", re.I)


@dataclass(frozen=True, slots=True)
class Number:
    """A number expression read from tokens ``start`` (inclusive) to ``end`` (exclusive).

    Attributes:
        value: the value when exact (or a point estimate), else None.
        low, high: the interval of a vague magnitude ("hundreds of" → 200, 999), else None.
        written: ``digits`` | ``words`` | ``vague``.
        has_comma: digits written with thousands separators ("1,000").
    """

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    written: str = "digits"
    has_comma: bool = False


def digits_value(text: str) -> float | None:
    """Value of a digit token ("1,000", "3.5", ".5", "3bn", signed "+11" / "-15"); None if it is not one."""
    t = text.strip()
    sign = 1.0
    if len(t) > 1 and t[0] in "+-−" and t[1].isdigit():
        sign = -1.0 if t[0] != "+" else 1.0
        t = t[1:]
    if _DIGITS.match(t):
        return sign * float(t.replace(",", ""))
    m = _DIGITS_SCALE.match(t)
    if m:
        return float(m.group(1).replace(",", "")) * SCALE_ABBR[m.group(2).lower()]
    return None


def _word_value(doc: Doc, i: int, end: int) -> tuple[float, int] | None:
    """Read spelled-out numbers ("two hundred and fifty", "twenty-one") from token i; (value, end)."""
    total = 0.0
    current = 0.0
    j = i
    seen = False
    while j < end:
        w = doc[j].lower_
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
            # "twenty-one" / "twenty one"
            if j + 2 < end and doc[j + 1].text == "-" and doc[j + 2].lower_ in UNITS:
                current += UNITS[doc[j + 2].lower_]
                j += 2
            elif j + 1 < end and doc[j + 1].lower_ in UNITS and UNITS[doc[j + 1].lower_] < 10:
                current += UNITS[doc[j + 1].lower_]
                j += 1
        elif w in SCALES and seen:
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif w == "and" and seen and j + 1 < end and (doc[j + 1].lower_ in UNITS or doc[j + 1].lower_ in TENS) \
                and doc[j - 1].lower_ in SCALES:
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def read_number(doc: Doc, i: int, end: int) -> Number | None:
    """The longest number expression starting at token ``i`` (not beyond ``end``), or None.

    Handles digits with optional scale words or suffixes ("1.5 million", "3bn"), spelled-out numbers, "a"/"an"
    + scale ("a million", "a dozen"), "half a million", vague plurals ("hundreds of thousands") and
    "several"/"a few" + scale.
    """
    tok = doc[i]
    low = tok.lower_
    # vague plurals: "hundreds (of thousands)", "tens of thousands", "dozens"
    if low in VAGUE:
        lo, hi = VAGUE[low]
        j = i + 1
        if low == "tens" and not (j + 1 < end and doc[j].lower_ == "of" and doc[j + 1].lower_ in VAGUE):
            return None
        if j + 1 < end and doc[j].lower_ == "of" and doc[j + 1].lower_ in VAGUE and doc[j + 1].lower_ != "dozens":
            unit = SCALES.get(doc[j + 1].lower_.rstrip("s"), 1)
            lo, hi = lo * unit, (hi + 1) * unit - 1
            j += 2
        if low == "scores" and not (j < end and doc[j].lower_ == "of"):
            return None
        return Number(i, j, None, float(lo), float(hi), "vague")
    # "several hundred", "a few thousand", "a couple of million"
    if low in FEW or (low == "a" and i + 1 < end and doc[i + 1].lower_ in FEW):
        k = i if low in FEW else i + 1
        j = k + 1
        if j < end and doc[j].lower_ == "of":
            j += 1
        if j < end and doc[j].lower_ in SCALES:
            lo, hi = FEW[doc[k].lower_]
            s = SCALES[doc[j].lower_]
            return Number(i, j + 1, None, float(lo * s), float(hi * s), "vague")
        return None
    # "half a million"
    if low == "half" and i + 2 < end and doc[i + 1].lower_ in ("a", "an") and doc[i + 2].lower_ in SCALES:
        return Number(i, i + 3, SCALES[doc[i + 2].lower_] / 2, written="words")
    # "a dozen", "a hundred", "a million"
    if low in ("a", "an") and i + 1 < end and (doc[i + 1].lower_ in SCALES or doc[i + 1].lower_ == "dozen"):
        w = doc[i + 1].lower_
        value = 12.0 if w == "dozen" else float(SCALES[w])
        j = i + 2
        while j < end and doc[j].lower_ in SCALES:
            value *= SCALES[doc[j].lower_]
            j += 1
        return Number(i, j, value, written="words")
    v = digits_value(tok.text)
    if v is not None:
        j = i + 1
        # "1.5 million", "3 bn", "2.4 trillion"
        while j < end:
            w = doc[j].lower_
            if w in SCALES:
                v *= SCALES[w]
            elif j == i + 1 and (w in ("bn", "mn", "mln", "tn", "trn") or (w in ("m", "k") and not tok.whitespace_)):
                v *= SCALE_ABBR[w]
            else:
                break
            j += 1
        if j < end and doc[j].lower_ == "dozen":
            v *= 12
            j += 1
        return Number(i, j, v, written="digits", has_comma="," in tok.text)
    if low == "dozen" and (i == 0 or doc[i - 1].lower_ not in ("a", "half")):
        return None
    words = _word_value(doc, i, end)
    if words is not None:
        value, j = words
        if j < end and doc[j].lower_ == "dozen":
            value *= 12
            j += 1
        return Number(i, j, value, written="words")
    return None


#: Lower-cased words at which :func:`read_number` or :func:`read_fraction` can start (besides digit tokens).
_START_WORDS = frozenset(VAGUE) | frozenset(FEW) | frozenset(UNITS) | frozenset(TENS) | {"a", "an", "half", "one",
                                                                                         "dozen"}
_MAY_START: dict[tuple[str, str], bool] = {}


def number_starts(lower: Sequence[str], text: Sequence[str]) -> list[bool]:
    """For each token (``lower``/``text``: the document's ``TokenColumns``): False where neither
    :func:`read_number` nor :func:`read_fraction` can return a number starting there (no digit string and no
    number word), so that scanners skip ordinary words without building token objects."""
    cache = _MAY_START
    out = []
    for key in zip(lower, text, strict=True):
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = key[0] in _START_WORDS or digits_value(key[1]) is not None
        out.append(hit)
    return out


#: Fraction denominators: "two-thirds", "a quarter of", "three fifths".
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}


def read_fraction(doc: Doc, i: int, end: int) -> Number | None:
    """A share written as a fraction, returned as a percentage: "two-thirds of" → 66.67, "one in five" → 20,
    "3 out of 4" → 75, "half of" → 50, "a quarter of" → 25. Requires "of" after bare "half"/"a quarter"."""
    low = doc[i].lower_
    nxt = doc[i + 1].lower_ if i + 1 < end else ""
    if low == "half" and nxt == "of":
        return Number(i, i + 1, 50.0, written="fraction")
    if low in ("a", "one") and nxt in DENOMINATORS and nxt not in ("halves",) and i + 2 < end \
            and doc[i + 2].lower_ == "of":
        return Number(i, i + 2, round(100.0 / DENOMINATORS[nxt], 2), written="fraction")
    head: float | None = UNITS.get(low)
    if head is None:
        head_v = digits_value(doc[i].text)
        if head_v is None or not doc[i].is_digit:
            return None
        head = head_v
    j = i + 1
    if j < end and doc[j].text in ("-",) and not doc[j].whitespace_:
        j += 1
    if (j < end and doc[j].lower_ in DENOMINATORS and (doc[j].lower_.endswith("s") or head == 1) \
            and doc[j].lower_ not in ("quarters",)) or (j < end and doc[j].lower_ == "quarters" and j + 1 < end
                                                       and doc[j + 1].lower_ == "of"):
        if head == 0 or head >= DENOMINATORS[doc[j].lower_]:
            return None
        return Number(i, j + 1, round(100.0 * head / DENOMINATORS[doc[j].lower_], 2), written="fraction")
    # "one in five", "3 out of 4"
    k = i + 1
    if k < end and doc[k].lower_ == "in":
        k += 1
    elif k + 1 < end and doc[k].lower_ == "out" and doc[k + 1].lower_ == "of":
        k += 2
    else:
        return None
    if k < end:
        den: float | None = UNITS.get(doc[k].lower_, TENS.get(doc[k].lower_))
        if den is None:
            den = digits_value(doc[k].text)
        year_like = doc[k].is_digit and len(doc[k].text) == 4 and "," not in doc[k].text
        if den and head < den and den <= 1_000_000 and not year_like:
            return Number(i, k + 1, round(100.0 * head / den, 2), written="fraction")
    return None


__all__ = ["DENOMINATORS", "FEW", "SCALES", "SCALE_ABBR", "TENS", "UNITS", "VAGUE", "Number", "digits_value", "number_starts", "read_fraction",
           "read_number"]
