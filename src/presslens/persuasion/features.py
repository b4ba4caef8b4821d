"""Features over the shared spaCy document: per token (span identification) and per span (techniques).

Everything here reads only the base NLP pass (tokens, lemmas, fine tags, entities, sentences); no
dependency parse. Features are strings, hashed into a fixed-size space by :func:`hash_rows`, so the
shipped model is a weight matrix and nothing else.

:func:`token_features` spells the token features out as strings (the definition, used by tests);
:func:`token_ids` computes the same hashed columns with numpy arrays per document: token attributes are read
once with ``Doc.to_array``, every string is coded once per process (:data:`CODES`) and every feature string
hashed once (:class:`FeatureIds`), so the per-token work is array indexing.
"""

from __future__ import annotations

import functools
import itertools
import re
import string
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.utils import murmurhash3_32
from spacy.attrs import (
    ENT_TYPE,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    IS_UPPER,
    LEMMA,
    LENGTH,
    LOWER,
    ORTH,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .lexicons import ROLE_FIRST, ROLE_SECOND, ROLE_SINGLE, LexiconHit, LexiconMatcher, apostrophe

_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_SECOND = frozenset({"you", "your", "yours"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
_SHORT = {"Appeal_to_Authority": "AUT", "Appeal_to_fear-prejudice": "FEAR", "Bandwagon,Reductio_ad_hitlerum": "BAND",
          "Black-and-White_Fallacy": "BW", "Causal_Oversimplification": "CAUS", "Doubt": "DOUBT",
          "Exaggeration,Minimisation": "EXAG", "Flag-Waving": "FLAG", "Loaded_Language": "LOAD",
          "Name_Calling,Labeling": "NAME", "Repetition": "REP", "Slogans": "SLOG",
          "Thought-terminating_Cliches": "TTC", "Whataboutism,Straw_Men,Red_Herring": "WHAT"}


def _bin(n: float, edges: Sequence[float]) -> int:
    for i, e in enumerate(edges):
        if n <= e:
            return i
    return len(edges)


def _norm(text: str) -> str:
    """Lowercase, punctuation to single spaces, padded with spaces so that counts match whole words."""
    return " " + re.sub(r"\W+", " ", text.lower()).strip() + " "


def _line_edge(text: str, i: int, step: int) -> bool:
    """True if only spaces/tabs separate offset ``i`` from a line break or the text edge (looking ``step``)."""
    j = i - 1 if step < 0 else i
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return not 0 <= j < len(text) or text[j] == "\n"


_SHAPE = str.maketrans({**dict.fromkeys(string.ascii_uppercase, "X"), **dict.fromkeys(string.ascii_lowercase, "x"),
                        **dict.fromkeys(string.digits, "d")})
_RUN = re.compile(r"(.)\1{2,}")


@functools.lru_cache(maxsize=65536)
def _shape(text: str) -> str:
    """Word shape: ASCII capitals X, lowercase x, digits d; runs longer than 2 cut to 2; at most 6 characters."""
    return _RUN.sub(r"\1\1", text.translate(_SHAPE))[:6]


#: Token attributes read once per document with ``Doc.to_array`` (no Token objects are made).
_ATTRS = (ORTH, LOWER, LEMMA, TAG, ENT_TYPE, IS_SPACE, IS_PUNCT, IS_ALPHA, IS_STOP, IS_UPPER, LENGTH, IDX, SENT_START,
          SPACY)
(_ORTH, _LOWER, _LEMMA, _TAG, _ENT, _IS_SPACE, _IS_PUNCT, _IS_ALPHA, _IS_STOP, _IS_UPPER, _LENGTH, _IDX,
 _SENT_START, _SPACY) = range(len(_ATTRS))
#: Column of ``DocInfo.arr`` that marks whitespace tokens.
IS_SPACE_COLUMN = _IS_SPACE
_NONE = "<none>"


class StringCodes:
    """Process-wide dense codes for strings, so that per-type tables are numpy arrays indexed by code.

    spaCy string hashes (the same in every ``StringStore``) are mapped to codes through a sorted array, so a
    document's tokens get their codes with one ``searchsorted``; only strings never seen before go through
    Python. Equal strings have equal codes.
    """

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._code: dict[str, int] = {}
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted spaCy hashes
        self._vals = np.zeros(0, dtype=np.int64)  # their codes
        self._mapped: dict[Callable[[str], str], np.ndarray] = {}  # fn -> (code -> code of fn(string); -1: unknown)

    def code(self, s: str) -> int:
        """The code of ``s`` (assigned on first sight)."""
        c = self._code.get(s)
        if c is None:
            c = self._code[s] = len(self.strings)
            self.strings.append(s)
        return c

    def of_hashes(self, hashes: np.ndarray, doc: Doc) -> np.ndarray:
        """Codes of the strings behind spaCy ``hashes`` (0: the empty string)."""
        keys = self._keys
        pos = np.searchsorted(keys, hashes)
        if len(keys):
            found = keys[np.minimum(pos, len(keys) - 1)] == hashes
        else:
            found = np.zeros(len(hashes), dtype=bool)
        if not found.all():
            new = np.unique(hashes[~found])
            store = doc.vocab.strings
            codes = np.array([self.code(store[h] if h else "") for h in new.tolist()], dtype=np.int64)
            at = np.searchsorted(keys, new)
            self._keys = np.insert(keys, at, new)
            self._vals = np.insert(self._vals, at, codes)
            pos = np.searchsorted(self._keys, hashes)
        return self._vals[pos]

    def mapped(self, codes: np.ndarray, fn: Callable[[str], str]) -> np.ndarray:
        """Codes of ``fn(string)`` for the strings of ``codes`` (``fn`` is applied once per code and process)."""
        table = self._mapped.get(fn)
        if table is None or len(table) < len(self.strings):
            grown = np.full(2 * len(self.strings) + 16, -1, dtype=np.int64)
            if table is not None:
                grown[:len(table)] = table
            table = self._mapped[fn] = grown
        out = table[codes]
        miss = out < 0
        if miss.any():
            new = np.unique(codes[miss]).tolist()
            mapped = [self.code(fn(self.strings[c])) for c in new]
            if len(table) < len(self.strings):
                grown = np.full(2 * len(self.strings), -1, dtype=np.int64)
                grown[:len(table)] = table
                table = self._mapped[fn] = grown
            table[new] = mapped
            out = table[codes]
        return out

    def texts(self, codes: np.ndarray) -> list[str]:
        """The strings of ``codes``, as a list."""
        s = self.strings
        return [s[c] for c in codes.tolist()]


#: The one code space of this process (tokens' words, lemmas, tags and entity labels).
CODES = StringCodes()


@dataclass(slots=True)
class DocInfo:
    """Article-level facts computed once per document and shared by token and span features.

    The token attributes are read once with ``Doc.to_array`` (``arr``, columns :data:`_ATTRS`); ``*_codes`` are
    the process-wide :data:`CODES` of each token's lowercased text, lowercased lemma and tag. ``lex_tok`` maps
    a token to its lexicon tags (``B-LOAD``, ``I-FLAG``…; tokens without a hit are absent). ``norm_text`` is
    computed on first use (:func:`span_features`).
    """

    doc: Doc
    text: str
    arr: np.ndarray
    lowers: list[str]
    lemmas: list[str]
    tags: list[str]
    orth_codes: np.ndarray
    lower_codes: np.ndarray
    lemma_codes: np.ndarray
    tag_codes: np.ndarray
    content: np.ndarray
    lemma_count: Counter[str]
    title_lemmas: set[str]
    sent_of: np.ndarray
    sent_bounds: list[tuple[int, int]]
    sent_feats: list[list[str]]
    lex_hits: list[LexiconHit]
    lex_tok: dict[int, list[str]]
    sent_lex: list[Counter[str]]
    norm_text: str = ""


def sentence_bounds(doc: Doc, sent_start: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Token bounds ``(start, end)`` of the sentences of ``doc``, as ``doc.sents`` gives them (read from the
    ``SENT_START`` array instead of making a Span per sentence)."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]  # custom hook, or no boundaries (raises like doc.sents)
    if sent_start is None:
        sent_start = doc.to_array([SENT_START]).astype(np.int64).reshape(-1)
    n = len(doc)
    starts = [0, *(np.flatnonzero(sent_start[1:] == 1) + 1).tolist()]
    return [(a, b) for a, b in zip(starts, [*starts[1:], n], strict=True) if a < b]


def _any_per_sentence(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.logical_or.reduceat(flags, starts) if len(flags) else np.zeros(0, dtype=bool)


class _RoleTable:
    """Per string code: the :meth:`LexiconMatcher.roles` of the string (computed once per code)."""

    def __init__(self, matcher: LexiconMatcher) -> None:
        self.matcher = matcher
        self.table = np.zeros(0, dtype=np.int8)  # -1: not yet known

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        if len(self.table) < len(CODES.strings):
            grow = np.full(2 * len(CODES.strings) - len(self.table), -1, dtype=np.int8)
            self.table = np.concatenate([self.table, grow])
        out = self.table[codes]
        if (out < 0).any():
            for c in np.unique(codes[out < 0]).tolist():
                self.table[c] = self.matcher.roles(CODES.strings[c])
            out = self.table[codes]
        return out


_ROLE_TABLES: weakref.WeakKeyDictionary[LexiconMatcher, _RoleTable] = weakref.WeakKeyDictionary()


def _roles(matcher: LexiconMatcher) -> _RoleTable:
    table = _ROLE_TABLES.get(matcher)
    if table is None:
        table = _ROLE_TABLES[matcher] = _RoleTable(matcher)
    return table


_GEO = np.array([get_string_id("NORP"), get_string_id("GPE")], dtype=np.uint64)


def doc_info(doc: Doc, matcher: LexiconMatcher) -> DocInfo:
    """Compute the shared per-article facts of ``doc``."""
    n = len(doc)
    arr = doc.to_array(list(_ATTRS)).astype(np.int64).reshape(n, len(_ATTRS)) if n else \
        np.zeros((0, len(_ATTRS)), dtype=np.int64)
    orth_codes = CODES.of_hashes(arr[:, _ORTH].view(np.uint64), doc)
    lower_codes = CODES.of_hashes(arr[:, _LOWER].view(np.uint64), doc)
    lemma_codes = CODES.mapped(CODES.of_hashes(arr[:, _LEMMA].view(np.uint64), doc), str.lower)
    tag_codes = CODES.of_hashes(arr[:, _TAG].view(np.uint64), doc)
    orths = CODES.texts(orth_codes)
    text = "".join([o + " " if sp else o for o, sp in zip(orths, arr[:, _SPACY].tolist(), strict=True)])
    lowers, lemmas, tags = CODES.texts(lower_codes), CODES.texts(lemma_codes), CODES.texts(tag_codes)
    space = arr[:, _IS_SPACE] != 0
    content = (arr[:, _IS_ALPHA] != 0) & (arr[:, _IS_STOP] == 0) & (arr[:, _LENGTH] > 2)
    if content.any():
        u, cnt = np.unique(lemma_codes[content], return_counts=True)
        lemma_count = Counter(dict(zip(CODES.texts(u), cnt.tolist(), strict=True)))
    else:
        lemma_count = Counter()
    bounds = sentence_bounds(doc, arr[:, _SENT_START]) if n else []
    sent_starts = np.array([a for a, _ in bounds], dtype=np.int64)
    sent_of = np.repeat(np.arange(len(bounds)), [b - a for a, b in bounds]) if bounds else np.zeros(n, np.int64)
    title_lemmas = set(CODES.texts(lemma_codes[bounds[0][0]:bounds[0][1]][content[bounds[0][0]:bounds[0][1]]])) \
        if bounds else set()
    # lexicon cues: the matcher visits only tokens that may start a phrase (a one-word phrase, or a first word
    # followed by a possible second word), on texts with typographic apostrophes made ASCII
    low_a, lem_a = CODES.mapped(lower_codes, apostrophe), CODES.mapped(lemma_codes, apostrophe)
    role = _roles(matcher)
    r = role(low_a) | role(lem_a)
    cand = (r & ROLE_SINGLE).astype(bool)
    cand[:-1] |= (r[:-1] & ROLE_FIRST).astype(bool) & (r[1:] & ROLE_SECOND).astype(bool)
    same = (low_a == lower_codes).all() and (lem_a == lemma_codes).all()
    hits = matcher(doc, lowers if same else CODES.texts(low_a), lemmas if same else CODES.texts(lem_a),
                   np.flatnonzero(cand).tolist(), normalised=True)
    lex_tok: dict[int, list[str]] = {}
    sent_lex: list[Counter[str]] = [Counter() for _ in bounds]
    for h in hits:
        code = _SHORT[h.technique]
        for i in range(h.start, h.end):
            lex_tok.setdefault(i, []).append(("B-" if i == h.start else "I-") + code)
        if bounds:
            sent_lex[int(sent_of[h.start])][code] += 1
    sent_feats: list[list[str]] = []
    if bounds:
        low = arr[:, _LOWER].view(np.uint64)
        word = ~space

        def has(words: frozenset[str]) -> np.ndarray:
            ids = np.array([get_string_id(w) for w in words], dtype=np.uint64)
            return _any_per_sentence(word & np.isin(low, ids), sent_starts)

        n_words = np.add.reduceat(word.astype(np.int64), sent_starts)
        excl, quest, quote = has(frozenset({"!"})), has(frozenset({"?"})), has(_QUOTES)
        we, you = has(_FIRST_PLURAL), has(_SECOND)
        geo = _any_per_sentence(word & np.isin(arr[:, _ENT].view(np.uint64), _GEO), sent_starts)
        widx = np.flatnonzero(word)
        first = np.searchsorted(widx, sent_starts)
        last = np.searchsorted(widx, np.array([b for _, b in bounds])) - 1
        flags = (("s!", excl), ("s?", quest), ("squote", quote), ("swe", we), ("syou", you), ("sgeo", geo))
        for si in range(len(bounds)):
            f = [f"slen={_bin(int(n_words[si]), (3, 6, 10, 18, 30, 45))}",
                 f"spos={min(si, 3)}" if si < 3 else "spos=body"]
            f.extend(name for name, on in flags if on[si])
            if n_words[si]:
                w0, w1 = int(widx[first[si]]), int(widx[last[si]])
                if tags[w0] == "VB" and not quote[si]:
                    f.append("simp")
                c0, c1 = int(arr[w0, _IDX]), int(arr[w1, _IDX] + arr[w1, _LENGTH])
                if _line_edge(text, c0, -1) and _line_edge(text, c1, +1):
                    f.append("spara")
            for code, k in sent_lex[si].items():
                f.append(f"slex={code}:{min(k, 3)}")
            f.append(f"slexn={min(sum(sent_lex[si].values()), 5)}")
            sent_feats.append(f)
    return DocInfo(doc, text, arr, lowers, lemmas, tags, orth_codes, lower_codes, lemma_codes, tag_codes, content, lemma_count,
                   title_lemmas, sent_of, bounds, sent_feats, hits, lex_tok, sent_lex)


#: Lexicon families whose hits let a token seed a span at the lower ``si_cue`` threshold (the generic
#: authority and causal cues are left out).
_CUE_CODES = frozenset(_SHORT.values()) - {"AUT", "CAUS", "REP"}


#: A stand-alone imperative sentence of at most this many words is a slogan cue ("Wake up, America!").
SLOGAN_MAX_WORDS = 12


def cue_mask(info: DocInfo) -> np.ndarray:
    """True for tokens inside a hit of a cue lexicon (see ``_CUE_CODES``) or a short stand-alone imperative.

    A stand-alone imperative is a sentence that is a paragraph of its own, starts with a base-form verb,
    has at most :data:`SLOGAN_MAX_WORDS` words and no quotation marks (calls to action, slogans).
    """
    mask = np.zeros(len(info.doc), dtype=bool)
    for h in info.lex_hits:
        if _SHORT[h.technique] in _CUE_CODES:
            mask[h.start:h.end] = True
    return mask | slogan_sentence_mask(info)


def slogan_sentence_mask(info: DocInfo) -> np.ndarray:
    """True for the tokens of short stand-alone imperative sentences (see :func:`cue_mask`)."""
    mask = np.zeros(len(info.doc), dtype=bool)
    for (s0, s1), feats in zip(info.sent_bounds, info.sent_feats, strict=True):
        if "simp" in feats and "spara" in feats:
            words = int(((info.arr[s0:s1, _IS_PUNCT] == 0) & (info.arr[s0:s1, _IS_SPACE] == 0)).sum())
            if words <= SLOGAN_MAX_WORDS:
                mask[s0:s1] = True
    return mask


def token_features(info: DocInfo) -> list[list[str]]:
    """One feature list per token of the document (whitespace tokens get a single feature)."""
    doc, lw, lm, tg = info.doc, info.lowers, info.lemmas, info.tags
    n = len(doc)
    rows: list[list[str]] = []

    cidx = np.flatnonzero(info.content).tolist()
    bigram_count = Counter((lm[a], lm[b]) for a, b in itertools.pairwise(cidx))

    def at(seq: list[str], j: int) -> str:
        return seq[j] if 0 <= j < n else _NONE

    for i, tok in enumerate(doc):
        if tok.is_space:
            rows.append(["space"])
            continue
        si = info.sent_of[i]
        s0, s1 = info.sent_bounds[si] if info.sent_bounds else (0, n)
        f = [
            "bias", "w=" + lw[i], "l=" + lm[i], "t=" + tg[i], "sh=" + _shape(tok.text), "suf=" + lw[i][-3:],
            "w-1=" + at(lw, i - 1), "w+1=" + at(lw, i + 1), "w-2=" + at(lw, i - 2), "w+2=" + at(lw, i + 2),
            "l-1|l=" + at(lm, i - 1) + "|" + lm[i], "l|l+1=" + lm[i] + "|" + at(lm, i + 1),
            "t-1|t=" + at(tg, i - 1) + "|" + tg[i], "t|t+1=" + tg[i] + "|" + at(tg, i + 1),
            "t-1|t|t+1=" + at(tg, i - 1) + "|" + tg[i] + "|" + at(tg, i + 1),
            f"pos={_bin(i - s0, (0, 1, 3, 8))}", f"rpos={_bin(s1 - 1 - i, (0, 1, 3, 8))}",
        ]
        if tok.ent_type_:
            f.append("ent=" + tok.ent_type_)
        if tok.is_upper and len(tok) > 1:
            f.append("caps")
        if info.content[i]:
            c = info.lemma_count[lm[i]]
            f.append(f"rep={_bin(c, (1, 2, 4, 7))}")
            if lm[i] in info.title_lemmas and si > 0:
                f.append("in_title")
            if i + 1 < n and info.content[i + 1] and bigram_count[(lm[i], lm[i + 1])] > 1:
                f.append("rep_bigram")
            if i > 0 and info.content[i - 1] and bigram_count[(lm[i - 1], lm[i])] > 1:
                f.append("rep_bigram")
        for x in info.lex_tok.get(i, ()):
            f.append("lex=" + x)
        for j in (-2, -1, 1, 2):
            if 0 <= i + j < n:
                for x in info.lex_tok.get(i + j, ()):
                    f.append(f"lex{j:+d}=" + x[2:])
        if info.sent_feats:
            f.extend(info.sent_feats[si])
        rows.append(f)
    return rows


def hashed_columns(feats: Sequence[str], n_features: int) -> np.ndarray:
    """The column of each feature string, as sklearn's ``FeatureHasher(alternate_sign=False)`` computes it:
    the signed 32-bit MurmurHash3 (seed 0) of the UTF-8 bytes, ``abs(h) % n_features`` (with sklearn's rule
    for ``h = -2**31``)."""
    h = np.fromiter(map(murmurhash3_32, feats), dtype=np.int64, count=len(feats))
    return np.where(h == -(2**31), (2**31 - 1 - (n_features - 1)) % n_features, np.abs(h) % n_features)


class FeatureIds:
    """Hashed column ids of feature strings (the ids :func:`hash_rows` gives), each string hashed once.

    New strings are hashed with sklearn's MurmurHash3 as ``FeatureHasher`` does (:func:`hashed_columns`).
    Per-type tables (the ids of "w=" + word, "l=" + lemma… per string code, and of pair features per pair
    of codes) are cached here too: :func:`token_ids` looks a type up once per process (words, tags) or per
    document (pairs) instead of building and hashing strings per token.
    """

    #: Size bound of each cache (word pairs are open-ended: a full cache is cleared and refilled).
    MAX_ENTRIES = 500_000

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self._ids: dict[str, int] = {}
        self._dense: dict[str, np.ndarray] = {}
        self._pairs: dict[str, dict[int, int]] = {}

    def __call__(self, feats: Sequence[str]) -> list[int]:
        """The column id of every string of ``feats``."""
        ids = self._ids
        if len(ids) > self.MAX_ENTRIES:
            ids.clear()
        new = [f for f in dict.fromkeys(feats) if f not in ids]
        if new:
            ids.update(zip(new, hashed_columns(new, self.n_features).tolist(), strict=True))
        return [ids[f] for f in feats]

    def per_code(self, name: str, codes: np.ndarray, make: Callable[[str], Sequence[str]], width: int = 1
                 ) -> np.ndarray:
        """Ids of the features ``make(string of code)`` (``width`` of them) for each of ``codes`` (:data:`CODES`)."""
        table = self._dense.get(name)
        size = len(CODES.strings)
        if table is None or len(table) < size:
            grown = np.full((max(size, 1024) * 2 if table is None else size * 2, width), -2, dtype=np.int64)
            if table is not None:
                grown[:len(table)] = table
            table = self._dense[name] = grown
        out = table[codes]
        miss = out[:, 0] == -2
        if miss.any():
            new = np.unique(codes[miss])
            strings = CODES.strings
            feats = [f for c in new.tolist() for f in make(strings[c])]
            table[new] = hashed_columns(feats, self.n_features).reshape(len(new), width)
            out = table[codes]
        return out

    def per_key(self, name: str, keys: np.ndarray, make: Callable[[int], Sequence[str]], width: int = 1
                ) -> np.ndarray:
        """Ids of the features ``make(key)`` (``width`` of them) for each of ``keys``: shape (len(keys), width).

        For open-ended keys (pairs of codes): a dictionary per ``name``, one lookup per distinct key.
        """
        cache = self._pairs.setdefault(name, {})
        uniq, inv = np.unique(keys, return_inverse=True)
        ukeys = uniq.tolist()
        nf = self.n_features
        packed = np.fromiter(map(cache.get, ukeys, itertools.repeat(-1)), dtype=np.int64, count=len(ukeys))
        missing = np.flatnonzero(packed < 0)
        if len(missing):
            if len(cache) + len(missing) > self.MAX_ENTRIES:
                cache.clear()
            new = [ukeys[j] for j in missing.tolist()]
            ids = hashed_columns([f for k in new for f in make(k)], self.n_features).reshape(len(new), width)
            vals = np.zeros(len(new), dtype=np.int64)
            for c in range(width):  # one integer per key: the ids as digits in base n_features
                vals = vals * nf + ids[:, c]
            packed[missing] = vals
            cache.update(zip(new, vals.tolist(), strict=True))
        out = np.empty((len(ukeys), width), dtype=np.int64)
        for c in range(width - 1, -1, -1):
            packed, out[:, c] = np.divmod(packed, nf)
        return out[inv.reshape(-1)]


_FEATURE_IDS: dict[int, FeatureIds] = {}


def feature_ids(n_features: int) -> FeatureIds:
    """The process-wide :class:`FeatureIds` for a hashing space of ``n_features`` columns."""
    fi = _FEATURE_IDS.get(n_features)
    if fi is None:
        fi = _FEATURE_IDS[n_features] = FeatureIds(n_features)
    return fi


class _SmallIndex:
    """Numbers the few distinct codes of one kind (tags) 0, 1, 2… so that pairs and triples make small keys."""

    def __init__(self) -> None:
        self.codes: list[int] = []
        self._of: dict[int, int] = {}

    def index(self, codes: np.ndarray) -> np.ndarray:
        uniq, inv = np.unique(codes, return_inverse=True)
        out = []
        for c in uniq.tolist():
            k = self._of.get(c)
            if k is None:
                k = self._of[c] = len(self.codes)
                self.codes.append(c)
            out.append(k)
        if len(self.codes) > _TAG_BASE:
            raise ValueError(f"more than {_TAG_BASE} distinct tags")
        return np.array(out, dtype=np.int64)[inv.reshape(-1)]


#: Room for this many distinct fine-grained tags (en_core_web_sm has about 50).
_TAG_BASE = 1024
_TAGS = _SmallIndex()
_POS_EDGES = np.array([0, 1, 3, 8])
_REP_EDGES = np.array([1, 2, 4, 7])


def token_ids(info: DocInfo, n_features: int) -> np.ndarray:
    """The hashed features of :func:`token_features`, vectorised: column ids per token, shape (tokens, k).

    Row ``i`` holds the distinct column ids of ``hash_rows([token_features(info)[i]])`` in ascending order,
    padded with -1. Strings are built and hashed once per word, lemma or tag (pairs: once per document)
    through :class:`FeatureIds`, then gathered with numpy.
    """
    arr = info.arr
    n = len(arr)
    if n == 0:
        return np.zeros((0, 0), dtype=np.int64)
    fid = feature_ids(n_features)
    none = CODES.code(_NONE)
    edge = np.full(2, none, dtype=np.int64)
    # words: "w=", "suf=" of the token, and the same word as context "w-1=", "w+1=", "w-2=", "w+2=" of neighbours
    wt = fid.per_code("lower", np.concatenate([edge, info.lower_codes, edge]),
                      lambda s: ("w=" + s, "suf=" + s[-3:], "w-1=" + s, "w+1=" + s, "w-2=" + s, "w+2=" + s), 6)
    cols = [wt[2:-2, 0], wt[2:-2, 1], wt[1:-3, 2], wt[3:-1, 3], wt[:-4, 4], wt[4:, 5]]
    cols.append(fid.per_code("shape", info.orth_codes, lambda s: ("sh=" + _shape(s),))[:, 0])
    # lemmas and lemma pairs ("<none>" outside the document)
    cols.append(fid.per_code("lemma", info.lemma_codes, lambda s: ("l=" + s,))[:, 0])
    lc = np.concatenate([edge[:1], info.lemma_codes, edge[:1]])
    strings = CODES.strings

    def lemma_pair(k: int) -> tuple[str, str]:
        a, b = strings[k >> 32], strings[k & 0xFFFFFFFF]
        return f"l-1|l={a}|{b}", f"l|l+1={a}|{b}"

    pair = fid.per_key("lemma2", (lc[:-1] << 32) | lc[1:], lemma_pair, 2)
    cols += [pair[:-1, 0], pair[1:, 1]]
    # tags, tag pairs and triples (tags numbered 0, 1, 2… in order of first sight: keys stay small)
    cols.append(fid.per_code("tag", info.tag_codes, lambda s: ("t=" + s,))[:, 0])
    tk = _TAGS.index(np.concatenate([edge[:1], info.tag_codes, edge[:1]]))
    tag = _TAGS.codes

    def tag_pair(k: int) -> tuple[str, str]:
        a, b = strings[tag[k // _TAG_BASE]], strings[tag[k % _TAG_BASE]]
        return f"t-1|t={a}|{b}", f"t|t+1={a}|{b}"

    def tag_triple(k: int) -> tuple[str]:
        a, b, c = (strings[tag[x]] for x in (k // _TAG_BASE**2, k // _TAG_BASE % _TAG_BASE, k % _TAG_BASE))
        return (f"t-1|t|t+1={a}|{b}|{c}",)

    tpair = fid.per_key("tag2", tk[:-1] * _TAG_BASE + tk[1:], tag_pair, 2)
    cols += [tpair[:-1, 0], tpair[1:, 1]]
    cols.append(fid.per_key("tag3", (tk[:-2] * _TAG_BASE + tk[1:-1]) * _TAG_BASE + tk[2:], tag_triple)[:, 0])
    # position in the sentence
    if info.sent_bounds:
        b = np.array(info.sent_bounds, dtype=np.int64)[info.sent_of]
    else:
        b = np.tile(np.array([0, n], dtype=np.int64), (n, 1))
    i = np.arange(n)
    pos_ids = np.array(fid([f"pos={k}" for k in range(5)]))
    rpos_ids = np.array(fid([f"rpos={k}" for k in range(5)]))
    cols.append(pos_ids[np.searchsorted(_POS_EDGES, i - b[:, 0])])
    cols.append(rpos_ids[np.searchsorted(_POS_EDGES, b[:, 1] - 1 - i)])
    bias, caps, in_title, rep_bigram, space_id = fid(["bias", "caps", "in_title", "rep_bigram", "space"])
    cols.append(np.full(n, bias))
    # entity type, all caps
    ent = arr[:, _ENT].view(np.uint64)
    if ent.any():
        ent_ids = fid.per_code("ent", CODES.of_hashes(ent, info.doc), lambda s: ("ent=" + s,))[:, 0]
        cols.append(np.where(ent != 0, ent_ids, -1))
    cols.append(np.where((arr[:, _IS_UPPER] != 0) & (arr[:, _LENGTH] > 1), caps, -1))
    # repetition in the article (content words)
    content, codes = info.content, info.lemma_codes
    if content.any():
        counts = np.zeros(n, dtype=np.int64)
        _, inv, cnt = np.unique(codes[content], return_inverse=True, return_counts=True)
        counts[content] = cnt[inv.reshape(-1)]
        rep_ids = np.array(fid([f"rep={k}" for k in range(5)]))
        cols.append(np.where(content, rep_ids[np.searchsorted(_REP_EDGES, counts)], -1))
        title = np.array([CODES.code(s) for s in info.title_lemmas], dtype=np.int64)
        cols.append(np.where(content & np.isin(codes, title) & (info.sent_of > 0), in_title, -1))
        cidx = np.flatnonzero(content)
        right = np.zeros(n, dtype=bool)  # tokens i and i + 1 are content words whose lemma bigram recurs
        if len(cidx) > 1:
            keys = (codes[cidx[:-1]] << 32) | codes[cidx[1:]]
            uk, kc = np.unique(keys, return_counts=True)
            adj = cidx[:-1][cidx[1:] == cidx[:-1] + 1]
            if len(adj):
                right[adj] = kc[np.searchsorted(uk, (codes[adj] << 32) | codes[adj + 1])] > 1
        cols.append(np.where(right, rep_bigram, -1))
        cols.append(np.where(np.concatenate([[False], right[:-1]]), rep_bigram, -1))
    mat = np.stack(cols, axis=1)
    # lexicon cues at the token and at ±1, ±2
    lex_rows: list[int] = []
    lex_feats: list[str] = []
    for t, tags in info.lex_tok.items():
        for x in tags:
            lex_rows.append(t)
            lex_feats.append("lex=" + x)
            for j in (-2, -1, 1, 2):
                if 0 <= t - j < n:
                    lex_rows.append(t - j)
                    lex_feats.append(f"lex{j:+d}=" + x[2:])
    if lex_rows:
        rows = np.array(lex_rows)
        order = np.argsort(rows, kind="stable")
        rows = rows[order]
        vals = np.array(fid(lex_feats), dtype=np.int64)[order]
        rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
        extra = np.full((n, int(rank.max()) + 1), -1, dtype=np.int64)
        extra[rows, rank] = vals
        mat = np.hstack([mat, extra])
    # sentence features: one row of ids per sentence
    if info.sent_feats:
        width = max(len(f) for f in info.sent_feats)
        flat = np.array(fid([x for f in info.sent_feats for x in f]), dtype=np.int64)
        lens = np.array([len(f) for f in info.sent_feats])
        sent = np.full((len(lens), width), -1, dtype=np.int64)
        sent[np.arange(width) < lens[:, None]] = flat
        mat = np.hstack([mat, sent[info.sent_of]])
    space = arr[:, _IS_SPACE] != 0
    mat[space] = -1
    mat[space, -1] = space_id  # token_features gives whitespace the single feature "space"
    mat.sort(axis=1)
    mat[:, 1:][mat[:, 1:] == mat[:, :-1]] = -1  # a column counts once per token (hash_rows clips to 1)
    return mat


def token_matrix(info: DocInfo, n_features: int) -> sparse.csr_matrix:
    """The token feature matrix of ``info``: equal to ``hash_rows(token_features(info), n_features)``."""
    ids = token_ids(info, n_features)
    rows, cols = np.nonzero(ids >= 0)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, ids[rows, cols])), shape=(len(info.arr), n_features))
    x.sort_indices()
    return x


@dataclass(slots=True)
class _SpanParts:
    """The features of one span, with the per-token ones left as token positions (see :func:`_span_parts`)."""

    feats: list[str]
    #: Tokens giving "u=", "ul=", "ut=", "uent=" (and "bg=" for consecutive pairs).
    units: list[int]
    #: "first=", "last=" tokens; "ctx-1=", "ctx+1=" tokens (-1: "<s>" / "</s>").
    first: int
    last: int
    before: int
    after: int
    #: "lc=" / "rc=" tokens (up to 3 either side inside the sentence).
    left: range
    right: range


def _span_parts(info: DocInfo, start: int, end: int) -> _SpanParts | None:
    """The features of the text span ``[start, end)`` (None for a span without tokens)."""
    doc = info.doc
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return None
    space = info.arr[sp.start:sp.end, _IS_SPACE]
    toks = [sp.start + k for k in np.flatnonzero(space == 0).tolist()]
    lw, lm = info.lowers, info.lemmas
    idx = toks or [sp.start]
    f = ["bias", f"ntok={_bin(len(toks), (1, 2, 3, 5, 8, 13, 21, 34))}"]
    if len(idx) <= 4:
        f.append("tagseq=" + "|".join(info.tags[i] for i in idx))
        f.append("text=" + " ".join(lw[i] for i in idx))
    # repetition: how often the span text / its content lemmas occur in the article
    text_norm = _norm(info.text[start:end])
    if not info.norm_text:
        info.norm_text = _norm(info.text)
    if text_norm.strip():
        f.append(f"occ={_bin(info.norm_text.count(text_norm), (1, 2, 3, 5))}")
    cont = [lm[i] for i in idx if info.content[i]]
    if cont:
        mx = max(info.lemma_count[c] for c in cont)
        mn = min(info.lemma_count[c] for c in cont)
        f.append(f"maxrep={_bin(mx, (1, 2, 3, 5, 8))}")
        f.append(f"minrep={_bin(mn, (1, 2, 3, 5, 8))}")
        if all(c in info.title_lemmas for c in cont):
            f.append("all_in_title")
    else:
        f.append("no_content")
    si = info.sent_of[idx[0]] if info.sent_bounds else 0
    s0, s1 = info.sent_bounds[si] if info.sent_bounds else (0, len(doc))
    cover = len(idx) / max(1, s1 - s0)
    f.append(f"cover={_bin(cover, (0.2, 0.5, 0.8))}")
    if si == 0:
        f.append("in_title_sent")
    span_text = info.text[start:end]
    if "?" in span_text:
        f.append("has?")
    if "!" in span_text:
        f.append("has!")
    if any(q in span_text for q in "\"“”"):
        f.append("hasquote")
    if span_text[:1].isupper():
        f.append("cap_first")
    if span_text.isupper() and len(span_text) > 3:
        f.append("allcaps")
    if "#" in span_text:
        f.append("hashtag")
    lex: Counter[str] = Counter()
    for i in range(sp.start, sp.end):
        for x in info.lex_tok.get(i, ()):
            if x[0] == "B" or i == sp.start:
                lex[x[2:]] += 1
    for code, n in lex.items():
        f.append(f"lex={code}")
        f.append(f"lex={code}:{min(n, 3)}")
    if info.sent_feats:
        f.extend("S" + x for x in info.sent_feats[si])
    return _SpanParts(f, idx, idx[0], idx[-1], sp.start - 1, sp.end if sp.end < len(doc) else -1,
                      range(max(s0, sp.start - 3), sp.start), range(sp.end, min(s1, sp.end + 3)))


def span_features(info: DocInfo, start: int, end: int) -> list[str]:
    """Features of the text span ``[start, end)`` (character offsets) for technique classification."""
    parts = _span_parts(info, start, end)
    if parts is None:
        return ["bias", "empty"]
    lw, lm, tags = info.lowers, info.lemmas, info.tags
    f = [*parts.feats, "first=" + lw[parts.first], "last=" + lw[parts.last],
         "ctx-1=" + (lw[parts.before] if parts.before >= 0 else "<s>"),
         "ctx+1=" + (lw[parts.after] if parts.after >= 0 else "</s>")]
    strings = info.doc.vocab.strings
    for i in parts.units:
        f += ["u=" + lw[i], "ul=" + lm[i], "ut=" + tags[i]]
        if info.arr[i, _ENT]:
            f.append("uent=" + strings[int(info.arr[i, _ENT]) & 0xFFFFFFFFFFFFFFFF])
    f += ["bg=" + lw[a] + "|" + lw[b] for a, b in itertools.pairwise(parts.units)]
    f += ["lc=" + lw[i] for i in parts.left]
    f += ["rc=" + lw[i] for i in parts.right]
    return f


def span_matrix(info: DocInfo, spans: Sequence[tuple[int, int]], n_features: int) -> sparse.csr_matrix:
    """``hash_rows([span_features(info, s, e) for s, e in spans], n_features)``, with the per-token features
    (words, lemmas, tags, entities, bigrams, context words) looked up in per-type tables of ids."""
    fid = feature_ids(n_features)
    n = len(info.arr)
    codes = info.lower_codes
    strings = CODES.strings
    all_parts = [_span_parts(info, s, e) for s, e in spans]
    # the tables are filled only for the tokens the spans use (the first spans of a corpus meet many new words)
    used = [np.array(p.units, dtype=np.int64) for p in all_parts if p is not None]
    near = [x for p in all_parts if p is not None for x in (p.first, p.last, p.before if p.before >= 0 else n,
                                                             p.after if p.after >= 0 else n + 1, *p.left, *p.right)]
    units = np.unique(np.concatenate(used)) if used else np.zeros(0, dtype=np.int64)
    need = np.unique(np.concatenate([units, np.array(near, dtype=np.int64)]))
    ext = np.concatenate([codes, [CODES.code("<s>"), CODES.code("</s>")]])
    lower = np.full((n + 2, 7), -1, dtype=np.int64)
    lower[need] = fid.per_code("span_lower", ext[need], lambda s: ("u=" + s, "first=" + s, "last=" + s, "ctx-1=" + s,
                                                                   "ctx+1=" + s, "lc=" + s, "rc=" + s), 7)
    lemma, tag, ent = (np.full(n, -1, dtype=np.int64) for _ in range(3))
    lemma[units] = fid.per_code("span_lemma", info.lemma_codes[units], lambda s: ("ul=" + s,))[:, 0]
    tag[units] = fid.per_code("span_tag", info.tag_codes[units], lambda s: ("ut=" + s,))[:, 0]
    ent_h = info.arr[units, _ENT].view(np.uint64)
    if ent_h.any():
        ids = fid.per_code("span_ent", CODES.of_hashes(ent_h, info.doc), lambda s: ("uent=" + s,))[:, 0]
        ent[units] = np.where(ent_h != 0, ids, -1)
    pairs = np.concatenate([(codes[u[:-1]] << 32) | codes[u[1:]] for u in used]) if used else np.zeros(0, np.int64)
    bigrams = fid.per_key("span_bigram", pairs, lambda k: (f"bg={strings[k >> 32]}|{strings[k & 0xFFFFFFFF]}",))[:, 0]
    rows: list[np.ndarray] = []
    at = 0
    for parts in all_parts:
        if parts is None:
            rows.append(np.array(fid(["bias", "empty"]), dtype=np.int64))
            continue
        u = np.array(parts.units, dtype=np.int64)
        rows.append(np.concatenate([
            np.array(fid(parts.feats), dtype=np.int64),
            [lower[parts.first, 1], lower[parts.last, 2], lower[parts.before if parts.before >= 0 else n, 3],
             lower[parts.after if parts.after >= 0 else n + 1, 4]],
            lower[u, 0], lemma[u], tag[u], ent[u], bigrams[at:at + len(u) - 1],
            lower[np.array(parts.left, dtype=np.int64), 5], lower[np.array(parts.right, dtype=np.int64), 6]]))
        at += len(u) - 1
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    flat = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    keep = flat >= 0
    if not keep.all():  # drop the absent entity ids
        counts = np.add.reduceat(keep.astype(np.int64), indptr[:-1]) if len(flat) else np.zeros(0, np.int64)
        indptr[1:] = np.cumsum(counts)
        flat = flat[keep]
    x = sparse.csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(rows), n_features))
    x.sum_duplicates()
    x.data = np.minimum(x.data, 1.0)
    return x


def hash_rows(rows: Sequence[Sequence[str]], n_features: int) -> sparse.csr_matrix:
    """Hash feature lists into a binary-valued sparse matrix: sklearn's ``FeatureHasher(alternate_sign=False)``
    clipped to 1 (a column hit twice in a row counts once). Ids come from :func:`feature_ids`."""
    flat = feature_ids(n_features)([f for r in rows for f in r])
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    x = sparse.csr_matrix((np.ones(len(flat)), np.asarray(flat, dtype=np.int64), indptr),
                          shape=(len(rows), n_features))
    x.sum_duplicates()
    x.data = np.minimum(x.data, 1.0)
    return x


__all__ = ["CODES", "IS_SPACE_COLUMN", "DocInfo", "FeatureIds", "StringCodes", "cue_mask", "doc_info", "feature_ids",
           "hash_rows", "sentence_bounds", "slogan_sentence_mask", "span_features", "span_matrix", "token_features", "token_ids",
           "token_matrix"]
