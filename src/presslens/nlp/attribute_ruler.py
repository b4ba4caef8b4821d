"""spaCy's attribute ruler, applied through one array per document (same annotations, a fraction of the time).

spaCy's ``AttributeRuler`` runs a :class:`~spacy.matcher.Matcher` with all of its patterns (179 in
``en_core_web_sm``: the tag map, morphology rules and a few exceptions) over every token of every document and
then sets the matched attributes token by token in Python: about a tenth of the presslens base pass.

Almost all of those patterns are one token long, and whether a one-token pattern matches a token depends only
on the attributes the pattern reads (``TAG``, ``LOWER``, ``IS_SPACE``, ``DEP`` …). :class:`ArrayAttributeRuler`
therefore

* reads those attributes for the whole document with one ``to_array``;
* for each combination not seen before, asks spaCy's own ``Matcher`` (with the one-token patterns only) on a
  small synthetic document holding one token per new combination, and caches which rules fired;
* runs spaCy's ``Matcher`` with the few multi-token patterns on the real document;
* folds the rules that fired on each token in spaCy's order (ascending rule index, a later rule overwriting an
  earlier one) and writes the attributes back with one ``from_array``.

The result is the annotation spaCy's ``AttributeRuler.__call__`` produces (``tests/test_nlp.py`` compares the
two on real articles, with and without a dependency parse). Pipelines whose patterns read attributes this class
does not key on keep spaCy's implementation.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, HEAD, IDS, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from thinc.types import Ints2d

#: Attributes a one-token pattern may read for the cache to be exact: lexeme attributes (equal for every token
#: of the same ``ORTH``) and token attributes that a synthetic document can carry.
_LEXEME_KEYS = {ORTH, LOWER, IS_SPACE}
_TOKEN_KEYS = {TAG, POS, DEP}
#: Attributes the ruler may write (``Token.set_struct_attr``; written back with ``Doc.from_array``).
_WRITABLE = (TAG, POS, MORPH, LEMMA, DEP)


class _Plan:
    """What the array path needs, built once from the ruler's patterns."""

    def __init__(self, ruler: AttributeRuler) -> None:
        vocab = ruler.vocab
        self.n_rules = len(ruler.attrs)
        single: list[int] = []
        multi: list[int] = []
        keys: set[int] = set()
        self.ok = True
        self.single_matcher = Matcher(vocab)
        self.multi_matcher = Matcher(vocab)
        self.first_matcher = Matcher(vocab)
        self.prefilter = True
        for i in range(self.n_rules):
            _, patterns = ruler.matcher.get(str(i))
            if all(len(p) == 1 for p in patterns):
                single.append(i)
                self.single_matcher.add(str(i), patterns)
                for p in patterns:
                    for name in p[0]:
                        attr = IDS.get(str(name).upper())
                        if attr is None or attr not in _LEXEME_KEYS | _TOKEN_KEYS:
                            self.ok = False
                        else:
                            keys.add(attr)
            else:
                multi.append(i)
                self.multi_matcher.add(str(i), patterns)
                # a match can only start on a token its first token-pattern accepts: those tokens are found
                # through the same key cache, and the multi-token matcher runs only on documents that have one
                if any("OP" in spec for p in patterns for spec in p):
                    self.prefilter = False
                else:
                    self.first_matcher.add(str(i), [p[:1] for p in patterns])
                    for p in patterns:
                        for name in p[0]:
                            attr = IDS.get(str(name).upper())
                            if attr is None or attr not in _LEXEME_KEYS | _TOKEN_KEYS:
                                self.prefilter = False
                            else:
                                keys.add(attr)
            for attr in ruler.attrs[i]:
                if attr not in _WRITABLE:
                    self.ok = False
        self.has_multi = bool(multi)
        if ORTH in keys:
            self.ok = False  # the key leaves ORTH out (it only picks a token to rebuild): no pattern may read it
        # LOWER: a word that no pattern names (literal, IN/NOT_IN list) and no REGEX matches answers every LOWER
        # test like any other such word, so all of them share one key (0): far fewer keys to learn
        self.literals: set[str] = set()
        self.regexes: list[re.Pattern[str]] = []
        self.reduce_lower = LOWER in keys
        specs = [p[0] for i in single for p in ruler.matcher.get(str(i))[1]]
        specs += [p[0] for i in multi for p in ruler.matcher.get(str(i))[1]]
        for spec in specs:
            for name, value in spec.items():
                if IDS.get(str(name).upper()) != LOWER:
                    continue
                if isinstance(value, str):
                    self.literals.add(value)
                elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN", "REGEX"}:
                    for op, arg in value.items():
                        if op == "REGEX":
                            self.regexes.append(re.compile(arg))
                        else:
                            self.literals.update(arg)
                else:
                    self.reduce_lower = False
        self.relevant: dict[int, bool] = {}
        #: Columns read per token: ORTH (to rebuild a token with the same lexeme) plus the token attributes.
        self.token_keys = [a for a in (TAG, POS, DEP) if a in keys]
        self.lexeme_keys = sorted(keys & _LEXEME_KEYS - {ORTH})
        self.key_cols = [ORTH, *self.lexeme_keys, *self.token_keys]
        self.lower_col = self.key_cols.index(LOWER) if self.reduce_lower else None
        self.write_cols = [a for a in _WRITABLE if any(a in ruler.attrs[i] for i in range(self.n_rules))]
        self.col_of = {a: k for k, a in enumerate(self.write_cols)}
        #: rule index → ((column, value), …) in column order
        self.sets = [tuple((self.col_of[a], int(v)) for a, v in ruler.attrs[i].items() if a in self.col_of)
                     for i in range(self.n_rules)]
        self.indices = list(ruler.indices)
        #: key (lexeme + token attributes, ORTH excluded) → sorted rule indices of the one-token rules that fire
        self.fired: dict[tuple[int, ...], tuple[int, ...]] = {}
        #: keys of tokens on which a multi-token rule may start (see ``prefilter``)
        self.starts: set[tuple[int, ...]] = set()
        #: sorted rule indices → folded ((column, value), …)
        self.folded: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {(): ()}

    def key_rows(self, doc: Doc) -> list[tuple[int, ...]]:
        """(orth, key…) per token, LOWER set to 0 for words no LOWER test can tell apart (see ``reduce_lower``)."""
        rows = doc.to_array(self.key_cols).tolist()
        c = self.lower_col
        if c is not None:
            strings = doc.vocab.strings
            relevant = self.relevant
            for r in rows:
                low = r[c]
                hit = relevant.get(low)
                if hit is None:
                    text = strings[low]
                    hit = relevant[low] = text in self.literals or any(rx.search(text) for rx in self.regexes)
                if not hit:
                    r[c] = 0
        return [tuple(r) for r in rows]

    def fold(self, rules: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        out = self.folded.get(rules)
        if out is None:
            final: dict[int, int] = {}
            for r in rules:  # ascending: a later rule overwrites an earlier one, as in spaCy's set_annotations
                final.update(self.sets[r])
            out = self.folded[rules] = tuple(sorted(final.items()))
        return out

    def learn(self, doc: Doc, rows: list[tuple[int, ...]]) -> None:
        """Find the one-token rules firing for these (orth, key…) rows with spaCy's Matcher on a synthetic doc."""
        strings = doc.vocab.strings
        words = [strings[r[0]] for r in rows]
        synth = Doc(doc.vocab, words=words, spaces=[False] * len(words))
        if self.token_keys:
            n_lex = 1 + len(self.lexeme_keys)
            cols = list(self.token_keys)
            arr = np.array([r[n_lex:] for r in rows], dtype=np.uint64).reshape(len(rows), len(cols))
            if DEP in cols and arr[:, cols.index(DEP)].any():
                cols.append(HEAD)
                arr = np.hstack([arr, np.zeros((len(rows), 1), dtype=np.uint64)])
            synth.from_array(cols, cast(Ints2d, arr))
        fired: list[list[int]] = [[] for _ in rows]
        for m_id, start, _end in self.single_matcher(synth, allow_missing=True, as_spans=False):
            fired[start].append(int(strings[m_id]))
        for r, f in zip(rows, fired, strict=True):
            self.fired[r[1:]] = tuple(sorted(set(f)))
        if self.has_multi and self.prefilter:
            for _m_id, start, _end in self.first_matcher(synth, allow_missing=True, as_spans=False):
                self.starts.add(rows[start][1:])


class ArrayAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` with the per-document work done on arrays (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        plan: _Plan | None = self.__dict__.get("_presslens_plan")
        if plan is None or plan.n_rules != len(self.attrs):
            plan = self.__dict__["_presslens_plan"] = _Plan(self)
        if not plan.ok or not len(doc):
            return super().__call__(doc)
        try:
            return self._apply(doc, plan)
        except Exception as e:
            return cast(Doc, self.get_error_handler()(self.name, self, [doc], e))

    def _apply(self, doc: Doc, plan: _Plan) -> Doc:
        rows = plan.key_rows(doc)
        fired = plan.fired
        new: dict[tuple[int, ...], tuple[int, ...]] = {}
        for r in rows:
            if r[1:] not in fired and r[1:] not in new:
                new[r[1:]] = r
        if new:
            plan.learn(doc, list(new.values()))
        per_token: list[tuple[int, ...]] = [fired[r[1:]] for r in rows]
        if plan.has_multi and (not plan.prefilter or any(r[1:] in plan.starts for r in rows)):
            extra: dict[int, list[int]] = {}
            strings = doc.vocab.strings
            for m_id, start, end in plan.multi_matcher(doc, allow_missing=True, as_spans=False):
                rule = int(strings[m_id])
                i = plan.indices[rule]
                pos = (start if i >= 0 else end) + i
                if not start <= pos < end:
                    return super().__call__(doc)  # spaCy raises its own error (E1001) for this
                extra.setdefault(pos, []).append(rule)
            for pos, more in extra.items():
                per_token[pos] = tuple(sorted(set(per_token[pos]) | set(more)))
        values = doc.to_array(plan.write_cols)
        if values.ndim == 1:
            values = values.reshape(-1, 1)
        changed = False
        fold = plan.fold
        for i, rules in enumerate(per_token):
            for col, value in fold(rules):
                values[i, col] = value
                changed = True
        if changed:
            doc.from_array(plan.write_cols, cast(Ints2d, values))
        return doc


def swap_in(component: Any) -> None:
    """Make spaCy's attribute ruler an :class:`ArrayAttributeRuler` (same object, same patterns)."""
    if type(component) is AttributeRuler:
        component.__class__ = ArrayAttributeRuler


__all__ = ["ArrayAttributeRuler", "swap_in"]
