"""Token-level scanning of one sentence: numbers with comparator, currency, unit, range and rate.

Dates, clock times, years, ordinals and numbers that belong to names are skipped here; durations and ages
become ``claims.duration`` quantities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from ..dossier.attrs import QuantityAttrs
from ..dossier.attrs import Span as CharSpan
from .numbers import SCALES, Number, read_fraction, read_number
from .units import (
    _COMPOUND_UNIT_HEAD,
    _DURATION_ONLY,
    _MAX_PREFIX,
    _MULTIPLIER_NEXT,
    _NAME_ENTS,
    ALWAYS_ID_WORDS,
    CALENDAR_WORDS,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    ID_WORDS,
    MEASURE_UNITS,
    MONTHS,
    NUMERIC_NAMES,
    PREFIX_COMPARATORS,
    RATE_ADVERBS,
    RATE_TIME,
    SUFFIX_COMPARATORS,
    TIME_UNITS,
)


@dataclass(slots=True)
class Quantity:
    """One extracted quantity (or duration) before it becomes a finding; offsets index ``Article.text``."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    core_last: int
    kind: str
    comparator: str = "="
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    per: str | None = None
    counted: str | None = None
    counted_span: tuple[int, int] | None = None
    sentence: tuple[int, int] = (0, 0)
    written: str = "digits"
    label: str = "claims.quantity"
    unit_tok: int | None = None
    low_last: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def attrs(self, asserter: str | None, asserter_id: str | None) -> QuantityAttrs:
        """The finding attributes, with the asserter the analyzer found (None: none)."""
        return QuantityAttrs(
            value=_num(self.value),
            low=_num(self.low),
            high=_num(self.high),
            comparator=self.comparator,  # type: ignore[arg-type]
            unit=self.unit,
            per=self.per,
            counted=self.counted,
            counted_span=CharSpan(*self.counted_span) if self.counted_span else None,
            kind=self.kind,
            written=self.written,
            sentence=CharSpan(*self.sentence),
            asserter=asserter,
            asserter_id=asserter_id,
        )


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else round(float(v), 6)


def _lower_seq(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    return tuple(doc[k].lower_ for k in range(start, end))


def _prefix(doc: Doc, i: int, floor: int) -> tuple[int, str]:
    """Longest comparator modifier ending just before token i → (start token, comparator)."""
    for n in range(_MAX_PREFIX, 0, -1):
        s = i - n
        if s < floor:
            continue
        key = _lower_seq(doc, s, i)
        if key in PREFIX_COMPARATORS:
            if key == ("some",) and doc[i].lower_ in ("of",):
                continue
            return s, PREFIX_COMPARATORS[key]
    return i, "="


def _suffix(doc: Doc, j: int, end: int) -> tuple[int, str | None]:
    for n in (2, 1):
        if j + n <= end:
            key = _lower_seq(doc, j, j + n)
            if key in SUFFIX_COMPARATORS:
                return j + n, SUFFIX_COMPARATORS[key]
    return j, None


def _currency_before(doc: Doc, i: int, floor: int) -> tuple[int, str | None]:
    if i - 1 >= floor:
        t = doc[i - 1].lower_
        if t in CURRENCY_SYMBOLS:
            # "US $5", "C $5"
            if i - 2 >= floor and doc[i - 2].text in ("US", "C", "A", "HK") and not doc[i - 2].whitespace_:
                return i - 2, CURRENCY_SYMBOLS[t]
            return i - 1, CURRENCY_SYMBOLS[t]
    return i, None


def _is_date_like(doc: Doc, num: Number, sent_end: int) -> bool:
    """Calendar dates, years, clock times: not quantities."""
    tok = doc[num.start]
    ent = tok.ent_type_
    nxt = doc[num.end] if num.end < sent_end else None
    prv = doc[num.start - 1] if num.start > 0 else None
    if ent in ("TIME",) and not (nxt is not None and nxt.lower_ in TIME_UNITS):
        return True
    if ent == "ORDINAL":
        return True
    if (nxt is not None and nxt.lower_.rstrip(".") in MONTHS) or (prv is not None and prv.lower_.rstrip(".") in MONTHS):
        return True
    if num.written == "digits" and num.value is not None and not num.has_comma and num.end == num.start + 1:
        v = num.value
        if v.is_integer() and 1000 <= v <= 2100 and len(tok.text) == 4:
            # "2,000 people" / "2000 people" count; "the 2020 election", "in 2019" are years
            if nxt is None or nxt.tag_ not in ("NNS", "NNPS") or nxt.lower_ in TIME_UNITS or ent == "DATE":
                return True
        if nxt is not None and nxt.lower_ in ("a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc",
                                              "et", "est", "pst", "bst", "cet"):
            return True
    if ent == "DATE":
        # NER often calls bare figures DATE ("between 5 and 10 million"): only calendar markers make a date
        k0, k1 = num.start, num.end
        while k0 > 0 and doc[k0 - 1].ent_type_ == "DATE" and doc[k0].ent_iob_ != "B":
            k0 -= 1
        while k1 < len(doc) and doc[k1].ent_type_ == "DATE" and doc[k1].ent_iob_ != "B":
            k1 += 1
        for t in doc[k0:k1]:
            low = t.lower_.rstrip(".")
            if low in MONTHS or low in CALENDAR_WORDS or "/" in t.text or (t.text.endswith("s") and t.text[:-1].isdigit()):
                return True
            if t.is_digit and len(t.text) == 4 and 1000 <= int(t.text) <= 2100:
                return True
    return False


def prv2_is(doc: Doc, k: int, sent_start: int, words: tuple[str, ...]) -> bool:
    """Whether token ``k`` (inside the sentence) is one of ``words`` (lower-cased)."""
    return k >= sent_start and doc[k].lower_ in words


def _is_identifier(doc: Doc, num: Number, sent_start: int) -> bool:
    tok = doc[num.start]
    signed = tok.text[:1] in "+-−" and len(tok.text) > 1
    if tok.ent_type_ in _NAME_ENTS and not signed:  # NER often mislabels signed scores ("+4", "-15")
        return True
    prv = doc[num.start - 1] if num.start > sent_start else None
    if prv is not None and prv.lower_ in ID_WORDS and prv.tag_ in ("NNP", "NN", "NNPS", "VB", "$", "NFP", "SYM", ":", "HYPH") \
            and (prv.lower_ in ALWAYS_ID_WORDS or prv.is_title or prv.is_upper or not prv.is_alpha):
        # "Section 230", "Flight 370", "Game 7", "Day 3"; but "last year 3,000 people", "the bill 40 senators"
        return True
    if prv is not None and prv.text in ("#", "No.", "no.", "No", "Nos."):
        return True
    if prv is not None and prv.text == "." and prv2_is(doc, num.start - 2, sent_start, ("no", "nos")):
        return True  # "No. 1" split as No / . / 1
    if prv is not None and not prv.whitespace_ and prv.text == "-" and prv.i > 0 and doc[prv.i - 1].is_alpha \
            and not doc[prv.i - 1].whitespace_:
        return True  # "F-16" split as F - 16
    return False


def _is_not_a_quantity(doc: Doc, num: Number, sent_start: int, sent_end: int) -> bool:
    """Ages, ratios, multipliers, compound modifiers, numeric names and digit-symbols are not quantities.

    * ``Hogg, 17,`` / ``aged 30`` / ``age of 10``: an age;
    * ``two to one``, ``2-to-1``: a ratio; ``three times the population``: a multiplier;
    * ``a 10-page dissent``, ``a four-point gain``: a hyphenated compound modifier (documented exclusion);
    * ``911``, ``24/7``; ``a 0 or a 1``; ``4-13-16``; ``Psalm 83``, ``Fox 5``: names, symbols, dates.
    """
    first, last = doc[num.start], doc[num.end - 1]
    prv = doc[num.start - 1] if num.start > sent_start else None
    prv2 = doc[num.start - 2] if num.start - 1 > sent_start else None
    nxt = doc[num.end] if num.end < sent_end else None
    nxt2 = doc[num.end + 1] if num.end + 1 < sent_end else None
    if first.lower_ in NUMERIC_NAMES:
        return True
    if (prv is not None and prv.lower_ in ("aged", "age", "ages")) or (
            prv is not None and prv2 is not None and prv2.lower_ in ("aged", "age", "ages")
            and prv.lower_ in ("of", "over", "under", "between", "about", "around")):
        return True
    if num.written == "digits" and num.value is not None and 0 < num.value < 120 and num.value.is_integer() \
            and prv is not None and prv.text == "," and prv2 is not None \
            and (prv2.ent_type_ == "PERSON" or prv2.tag_ == "NNP") \
            and (nxt is None or nxt.text in (",", ".", ";", ")")):
        return True  # "David Hogg, 17,", "Menendez, 61,": an age in apposition
    if nxt is not None and nxt.lower_ == "to" and nxt2 is not None and nxt2.lower_ in ("one", "1"):
        return True
    if nxt is not None and nxt.text == "-" and nxt2 is not None and (nxt2.lower_ == "to" or nxt2.lower_.startswith("to-")):
        return True
    if nxt is not None and nxt.lower_ == "times" and nxt2 is not None and nxt2.lower_ in _MULTIPLIER_NEXT:
        return True
    if nxt is not None and nxt.text == "-" and not last.whitespace_ and not nxt.whitespace_ and nxt2 is not None:
        # "10-page", "four-point", "Twenty-First", "4-13-16"; durations/ages/units are handled as such
        w = nxt2.lower_
        if w in _DURATION_ONLY or w in ("year", "month", "day", "week", "hour", "minute") or w in MEASURE_UNITS \
                or w in ("percent", "plus", "odd"):
            return False
        if nxt2.is_digit:
            k = num.end + 2
            if k + 1 < sent_end and doc[k].text == "-" and doc[k + 1].is_digit:
                return True  # N-N-N: a date
        elif nxt2.tag_ in ("NN", "NNP", "JJ") and nxt2.is_alpha:
            return True
    if prv is not None and prv.lower_ in ("a", "an") and num.written == "digits" and num.end == num.start + 1 and (
            nxt is None or (nxt.tag_ not in ("NN", "NNS", "JJ", "CD", "$", "NFP") and nxt.lower_ not in MEASURE_UNITS
            and nxt.lower_ not in ("%", "percent", "per", "-"))):
        return True  # "a 0 or a 1", "a 1 is generated"
    if prv is not None and prv.tag_ == "NNP" and prv.ent_type_ not in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT") \
            and num.written == "digits" and prv.is_alpha and not prv.is_sent_start and (
                nxt is None or (nxt.tag_ not in ("NN", "NNS", "CD") and nxt.lower_ not in MEASURE_UNITS
                and nxt.lower_ not in ("%", "percent", "per"))):
        return True  # "Psalm 83", "Fox 5", "World War 3"
    if prv is not None and prv.text == "-" and not prv.whitespace_ and prv.i > 0 and not doc[prv.i - 1].whitespace_ \
            and (any(ch.isalpha() for ch in doc[prv.i - 1].text) or doc[prv.i - 1].is_digit):
        return True  # "SB20-221"; the tail of "4-13-16"
    return False


def _skip_one(doc: Doc, num: Number, sent_end: int) -> bool:
    """'one' counts only as a numeral before a noun ("one person"), never as a pronoun ("one of", "no one")."""
    if num.written != "words" or num.value != 1 or num.end != num.start + 1:
        return False
    nxt = doc[num.end] if num.end < sent_end else None
    prv = doc[num.start - 1] if num.start > 0 else None
    if prv is not None and prv.lower_ in ("no", "any", "every", "the", "this", "that", "which", "each", "someone",
                                          "anyone", "only", "another", "little", "each"):
        return True
    if nxt is None or nxt.tag_ not in ("NN", "NNS", "JJ", "NNP"):
        return True
    return nxt.lower_ in TIME_UNITS or nxt.lower_ in ("thing", "way", "another", "hand", "point")


def _unit_after(doc: Doc, j: int, end: int, currency: str | None) -> tuple[int, str, str | None]:
    """What follows the number: (end token, kind, unit). kind is percent|money|measure|duration|age|count."""
    if j >= end:
        return j, "money" if currency else "count", currency
    t = doc[j].lower_
    t2 = doc[j + 1].lower_ if j + 1 < end else ""
    if t in ("%", "percent", "pct", "pc") or (t == "per" and t2 == "cent"):
        k = j + (2 if t == "per" else 1)
        if k + 1 < end and doc[k].lower_ == "percentage" and doc[k + 1].lower_ in ("point", "points"):
            k += 2
        return k, "percent", "%"
    if t == "percentage" and t2 in ("point", "points"):
        return j + 2, "percent", "percentage points"
    if t in ("basis",) and t2 in ("point", "points"):
        return j + 2, "percent", "basis points"
    if currency:
        return j, "money", currency
    if t == "of" and t2 in CURRENCY_WORDS and t2 != "pounds":
        return j + 2, "money", CURRENCY_WORDS[t2]  # "tens of millions of dollars"
    if t in CURRENCY_WORDS and t not in ("pounds",):
        return j + 1, "money", CURRENCY_WORDS[t]
    if t == "pounds" and j > 0 and doc[j - 1].lower_ in SCALES:
        return j + 1, "money", "GBP"
    if t in ("-",) and t2 in ("year", "month", "day", "week", "hour", "minute") and j + 3 < end \
            and doc[j + 2].text == "-" and doc[j + 3].lower_ == "old":
        return j + 4, "age", "years old"
    if t == "-" and t2 in _DURATION_ONLY:
        return j + 2, "duration", t2 if t2.endswith("s") else t2 + "s"
    if doc[j].tag_ == "JJ" and t2 in _DURATION_ONLY and t not in MEASURE_UNITS:
        return j + 2, "duration", t2 if t2.endswith("s") else t2 + "s"  # "4 straight months"
    if t in _DURATION_ONLY:
        if t2 == "old":
            return j + 2, "age", "years old"
        return j + 1, "duration", t if t.endswith("s") else t + "s"
    if t in MEASURE_UNITS and not (t == "degrees" and t2 in ("of",)):
        unit = MEASURE_UNITS[t]
        k = j + 1
        if t in _COMPOUND_UNIT_HEAD and t2 in MEASURE_UNITS:
            unit = f"square {MEASURE_UNITS[t2]}" if t in ("square", "sq") else f"cubic {MEASURE_UNITS[t2]}"
            k = j + 2
        elif t in _COMPOUND_UNIT_HEAD:
            return j, "count", None
        if t in ("degrees", "degree", "°") and k < end and doc[k].lower_ in ("fahrenheit", "celsius", "f", "c"):
            unit = "°F" if doc[k].lower_ in ("fahrenheit", "f") else "°C"
            k += 1
        if t == "magnitude":
            return j, "count", None
        return k, "measure", unit
    if t == "-" and t2 in MEASURE_UNITS and t2 not in _COMPOUND_UNIT_HEAD:
        return j + 2, "measure", MEASURE_UNITS[t2]
    return j, "count", None


def _rate_after(doc: Doc, j: int, end: int) -> tuple[int, str | None]:
    """A rate denominator right after ``j`` ("per day", "a year", "annually") → (end token, per)."""
    if j >= end:
        return j, None
    t = doc[j].lower_
    if t in RATE_ADVERBS:
        return j + 1, RATE_ADVERBS[t]
    if j + 1 < end:
        t2 = doc[j + 1].lower_
        if t == "per" and t2 != "cent":
            if doc[j + 1].tag_ in ("NN", "NNS", "CD") or t2 in RATE_TIME:
                k = j + 1
                if doc[k].tag_ == "CD" or doc[k].lower_ in ("100,000", "1,000"):
                    k += 1
                    if k < end and doc[k].tag_ in ("NN", "NNS"):
                        k += 1
                    return k, " ".join(x.text for x in doc[j + 1 : k])
                return k + 1, doc[k].lemma_.lower() or t2
        if t in ("a", "an", "each", "every") and (t2 in RATE_TIME or doc[j + 1].lemma_.lower() in RATE_TIME):
            return j + 2, doc[j + 1].lemma_.lower()
    return j, None


def _range_after(doc: Doc, j: int, end: int, between: bool) -> tuple[Number | None, int, int | None]:
    """A range's upper bound after ``j``: "-15", "to 15", "and 15" (only after "between"), "$5 to $10"."""
    if j >= end:
        return None, j, None
    t = doc[j].lower_
    if t in ("-", "–", "—", "to") or (t == "and" and between):
        k = j + 1
        cur_tok = None
        if k < end and doc[k].lower_ in CURRENCY_SYMBOLS:
            cur_tok = k
            k += 1
        if k < end:
            hi = read_number(doc, k, end)
            if hi is not None and hi.value is not None:
                return hi, hi.end, cur_tok
    return None, j, None


def scan_sentence(doc: Doc, sent: Span, starts: Sequence[bool] | None = None) -> list[Quantity]:
    """Find quantities and durations in one sentence of the base doc (no parse; counted is filled later).

    ``starts``: :func:`~presslens.claims.numbers.number_starts` of ``doc`` (tokens where no number can start
    are skipped without reading them; the result is the same)."""
    out: list[Quantity] = []
    s0, s1 = sent.start, sent.end
    i = s0
    while i < s1:
        if starts is not None and not starts[i]:
            i += 1
            continue
        frac = read_fraction(doc, i, s1)
        if frac is not None:
            p_start, comparator = _prefix(doc, i, s0)
            out.append(Quantity(start=doc[p_start].idx, end=doc[frac.end - 1].idx + len(doc[frac.end - 1].text),
                                tok_start=p_start, tok_end=frac.end, core_last=frac.end - 1, kind="percent",
                                comparator=comparator, value=frac.value, unit="%",
                                sentence=(sent.start_char, sent.end_char), written="fraction", low_last=frac.end - 1))
            i = frac.end
            continue
        num = read_number(doc, i, s1)
        if num is None:
            i += 1
            continue
        if _is_date_like(doc, num, s1) or _is_identifier(doc, num, s0) or _skip_one(doc, num, s1):
            i = num.end
            continue
        if _is_not_a_quantity(doc, num, s0, s1):
            i = num.end
            # an age range takes its upper bound with it ("aged between five and 10")
            partner = read_number(doc, i + 1, s1) if i + 1 < s1 else None
            if partner is not None and (doc[i].lower_ in ("to", "-", "–") or (
                    doc[i].lower_ == "and" and num.start > s0 and doc[num.start - 1].lower_ == "between")):
                i = partner.end
            continue
        tok_start, currency = _currency_before(doc, num.start, s0)
        between = tok_start - 1 >= s0 and doc[tok_start - 1].lower_ == "between"
        p_start, comparator = _prefix(doc, tok_start, s0)
        if between:
            p_start = tok_start - 1
        j = num.end
        value, low, high = num.value, num.low, num.high
        # a range? (the first number may borrow the second's scale and unit: "5 to 10 million", "10-15%")
        unit_end, kind, unit = _unit_after(doc, j, s1, currency)
        rng, rng_end, rng_cur = _range_after(doc, unit_end, s1, between)
        if rng is None and between and unit_end == j and j + 1 < s1 and doc[j].tag_ in ("NNS", "NN") \
                and doc[j + 1].lower_ == "and":
            rng, rng_end, rng_cur = _range_after(doc, j + 1, s1, between)  # "between 7 points and 1 point"
            if rng is not None and rng_end < s1 and doc[rng_end].lemma_ == doc[j].lemma_:
                rng_end += 1
            else:
                rng = None
        if rng is not None and not between and unit_end > j and doc[unit_end].lower_ == "to":
            # "38 percent to 46 percent", "$5 to $10": units on both sides of "to" read as two figures
            rng = None
        from_change = p_start > s0 and doc[p_start - 1].lower_ == "from"  # "rose from 4.5 to 6": a change
        core_last = num.end - 1
        if rng is not None and not from_change and value is not None and rng.value is not None:
            lo_v = value
            hi_v = rng.value
            hi_scales = [doc[k].lower_ for k in range(rng.start, rng.end) if doc[k].lower_ in SCALES]
            lo_scales = [doc[k].lower_ for k in range(num.start, num.end) if doc[k].lower_ in SCALES]
            if hi_scales and not lo_scales:
                for w in hi_scales:
                    lo_v *= SCALES[w]
            if between and lo_v > hi_v:
                lo_v, hi_v = hi_v, lo_v  # "between 7 points and 1 point"
            if lo_v < hi_v:
                low, high, value = lo_v, hi_v, None
                if rng_cur is not None and currency is None:
                    currency = CURRENCY_SYMBOLS[doc[rng_cur].lower_]
                unit_end, kind, unit = _unit_after(doc, rng_end, s1, currency)
                core_last = rng.end - 1
                if comparator != "=" and between:
                    comparator = "="
                between = False
            elif (doc[unit_end].text in ("-", "–") and not doc[unit_end].whitespace_) or (
                    doc[unit_end].lower_ == "to" and unit_end == j and lo_v > hi_v
                    and _unit_after(doc, rng_end, s1, None)[1] == "count"):
                # "6-3", "52-48", "voted 52 to 48": a score or tally, not a quantity
                i = rng_end
                continue
        if rng is not None and value is not None and unit_end == j and currency is None:
            # "from 52 to 48 dollars", "led 39 to 37 percent": two figures, the first shares the second's unit
            _, k2, u2 = _unit_after(doc, rng_end, s1, CURRENCY_SYMBOLS.get(doc[rng_cur].lower_) if rng_cur else None)
            if k2 in ("percent", "money", "measure"):
                kind, unit = k2, u2
        if between and comparator == "=":
            p_start += 1  # "between" without a range is not part of the quantity
        end_tok, suf = _suffix(doc, unit_end, s1)
        if suf is not None and comparator == "=":
            comparator = suf
        else:
            end_tok = unit_end
        if num.low is not None and comparator == "=":
            comparator = "≈"
        per_end, per = _rate_after(doc, end_tok, s1)
        if per is not None and kind in ("money", "measure", "percent"):
            kind = "rate" if kind != "percent" else kind
            end_tok = per_end
        if kind == "count" and currency is None and doc[num.start].ent_type_ == "MONEY" and unit is None:
            kind = "money"
        # durations stay apart from counts; "over 20 years" keeps its comparator
        label = "claims.duration" if kind in ("duration", "age") else "claims.quantity"
        q = Quantity(
            start=doc[p_start].idx,
            end=doc[end_tok - 1].idx + len(doc[end_tok - 1].text),
            tok_start=p_start,
            tok_end=end_tok,
            core_last=core_last,
            kind=kind,
            comparator=comparator,
            value=value,
            low=low,
            high=high,
            unit=unit,
            per=per,
            sentence=(sent.start_char, sent.end_char),
            written=num.written,
            label=label,
            unit_tok=unit_end - 1 if kind in ("percent", "measure") else None,
            low_last=num.end - 1,
        )
        out.append(q)
        i = max(end_tok, num.end)
    return out
