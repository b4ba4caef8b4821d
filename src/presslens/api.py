"""The public API: the functions the CLI, the web service and users call."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .article import Article
from .config import Settings
from .dossier.model import Dossier, Failure
from .errors import PresslensError

if TYPE_CHECKING:
    from .pipeline import Pipeline


@functools.lru_cache(maxsize=8)
def _cached_pipeline(settings: Settings) -> Pipeline:
    from .pipeline import Pipeline

    return Pipeline(settings)


def load_pipeline(settings: Settings | None = None, **kwargs: Any) -> Pipeline:
    """A ready pipeline (cached per settings, so repeated calls share models).

    Keyword arguments build :class:`Settings` when ``settings`` is not given, e.g.
    ``load_pipeline(analyzers=("presslens.voice.v1",))``.
    """
    settings = _settings(settings, kwargs)
    try:
        return _cached_pipeline(settings)
    except TypeError:  # unhashable option values: build without the cache
        from .pipeline import Pipeline

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
    settings = _settings(settings, kwargs)
    _check_names(settings)  # an unknown analyzer fails now, not at the first article
    return _analyze_stream(sources, settings)


def _analyze_stream(sources: Iterable[str | Path | Article], settings: Settings) -> Iterator[Dossier | Failure]:
    """Ingest first; load the pipeline (spaCy, models) only when the first article arrives, so a run whose
    inputs all fail (a typo in a path, a refused URL) never pays for loading models."""
    items = _iter_items(sources, settings)
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        pipe = load_pipeline(settings)
        yield from pipe.analyze_many(itertools.chain([item], items))
        return


def _settings(settings: Settings | None, kwargs: dict[str, Any]) -> Settings:
    if settings is not None:
        return settings
    if kwargs.get("analyzers") is not None:
        kwargs = {**kwargs, "analyzers": tuple(kwargs["analyzers"])}
    return Settings(**kwargs)


def _check_names(settings: Settings) -> None:
    from .registry import analyzers

    if settings.analyzers is not None:
        analyzers.require_known(settings.analyzers)


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
    """A URL of any scheme (only http/https are fetched; others are refused naming the scheme)."""
    from .ingest.sources import is_url

    return is_url(s)


__all__ = ["analyze", "analyze_many", "load_pipeline"]
