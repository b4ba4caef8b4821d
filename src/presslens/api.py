"""The public API: the functions the CLI, the web service and users call."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .article import Article
from .config import Settings
from .dossier.model import Dossier, Failure
from .errors import PresslensError
from .pipeline import Pipeline


@functools.lru_cache(maxsize=8)
def _cached_pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings)


def load_pipeline(settings: Settings | None = None, **kwargs: Any) -> Pipeline:
    """A ready pipeline (cached per settings, so repeated calls share models).

    Keyword arguments build :class:`Settings` when ``settings`` is not given, e.g.
    ``load_pipeline(analyzers=("presslens.voice.v1",))``.
    """
    if settings is None:
        if "analyzers" in kwargs and kwargs["analyzers"] is not None:
            kwargs["analyzers"] = tuple(kwargs["analyzers"])
        settings = Settings(**kwargs)
    try:
        return _cached_pipeline(settings)
    except TypeError:  # unhashable option values: build without the cache
        return Pipeline(settings)


def analyze(source: str | Path | Article, settings: Settings | None = None, **kwargs: Any) -> Dossier:
    """Analyse one article and return its dossier.

    Args:
        source: an :class:`Article`, article text (``str``), a ``Path`` to a .txt/.html file, or an
            http(s) URL string.
        settings: run settings; keyword arguments build one otherwise.

    Raises:
        InputError: the input cannot become an article. FetchError: a URL could not be fetched.
    """
    pipe = load_pipeline(settings, **kwargs)
    return pipe.analyze(_to_article(source, pipe.settings))


def analyze_many(
    sources: Iterable[str | Path | Article], settings: Settings | None = None, **kwargs: Any
) -> Iterator[Dossier | Failure]:
    """Analyse many inputs; yields a Dossier or a Failure for each item, in order, never dropping one.

    Args:
        sources: ``Path`` objects (files, folders, CSV/JSONL/Parquet corpora), URL strings, other strings
            (article text, as in :func:`analyze`), ``"-"`` for stdin, or :class:`Article` objects.
    """
    pipe = load_pipeline(settings, **kwargs)
    return pipe.analyze_many(_iter_items(sources, pipe.settings))


def _to_article(source: str | Path | Article, settings: Settings) -> Article:
    from . import ingest

    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        return ingest.load(source, settings)
    if isinstance(source, str) and _is_url(source):
        return ingest.load(source, settings)
    return ingest.from_text(source)


def _iter_items(sources: Iterable[str | Path | Article], settings: Settings) -> Iterator[Article | Failure]:
    from . import ingest

    for src in sources:
        if isinstance(src, Article):
            yield src
        elif isinstance(src, str) and src != "-" and not _is_url(src):
            try:
                yield ingest.from_text(src)
            except PresslensError as exc:
                yield Failure("text", exc.code, exc.message)
        else:
            yield from ingest.iter_articles([src], settings)


def _is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://")) and "\n" not in s and " " not in s.strip()


__all__ = ["analyze", "analyze_many", "load_pipeline"]
