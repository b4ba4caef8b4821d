"""Input dispatch: one source → an Article (:func:`load`), many → a stream of Articles and Failures
(:func:`iter_articles`).

A source is a file path (text, HTML, or unknown suffix → sniffed), a folder (read recursively), a corpus file
(CSV/TSV/JSONL/JSON/Parquet), an http(s) URL, or ``"-"`` for standard input. :func:`load` raises on error;
:func:`iter_articles` records every per-item error as a :class:`~presslens.dossier.Failure` and goes on.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..article import Article
from ..config import Settings
from ..dossier.model import Failure
from ..errors import PresslensError, UnsupportedInput, error
from .corpus import corpus_kind, has_explicit_columns, iter_corpus
from .decode import from_bytes
from .url import fetch_url

log = logging.getLogger(__name__)

#: A single (non-corpus) input may be at most this many bytes per allowed character (UTF-8 is ≤ 4 bytes/char).
BYTES_PER_CHAR = 4
#: Origin recorded for standard input.
STDIN_ORIGIN = "stdin"

#: A URL: a scheme of two or more characters, a colon, and no whitespace (``http://…``, ``file:///…``,
#: ``javascript:…``, ``mailto:…``). ``C:\\…`` is a path.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]+:\S*$")


def is_url(source: object) -> bool:
    """Whether ``source`` is a URL string (any scheme; only http/https are fetched, others are refused with a
    message naming the scheme). A string naming an existing file is a path, whatever it looks like."""
    if not isinstance(source, str) or not _SCHEME.match(source.strip()):
        return False
    try:
        return not Path(source).exists()
    except (OSError, ValueError):
        return True


def load(source: str | Path, settings: Settings | None = None, *, stdin: BinaryIO | None = None) -> Article:
    """Read one article from a file path, an http(s) URL or ``"-"`` (standard input).

    Raises:
        UnsupportedInput: a missing path, a folder or a corpus file (use :func:`iter_articles`), binary data.
        InputError, FetchError: the input cannot become an article.
    """
    settings = settings or Settings()
    if isinstance(source, str) and source == "-":
        return _from_stdin(stdin, settings)
    if is_url(source):
        return fetch_url(str(source).strip(), settings.fetch)
    path = Path(source)
    if not path.exists():
        raise error(UnsupportedInput, "E003", what=str(source), why="no such file or directory")
    if path.is_dir():
        raise error(
            UnsupportedInput,
            "E003",
            what=str(source),
            why="it is a folder; use iter_articles() or analyze_many() to read every file in it",
        )
    if corpus_kind(path):
        raise error(
            UnsupportedInput,
            "E003",
            what=str(source),
            why="it is a corpus file holding many articles; use iter_articles() or analyze_many()",
        )
    return _from_file(path, settings)


def iter_articles(
    inputs: Iterable[str | Path], settings: Settings | None = None, *, stdin: BinaryIO | None = None
) -> Iterator[Article | Failure]:
    """Stream Articles (or Failures) from files, folders, corpora, URLs and ``"-"``.

    Every per-item error becomes a Failure holding the error code and message, and iteration goes on.
    The one exception is a corpus column mapped explicitly in ``settings.columns`` that a file lacks: that is
    a usage error, raised as :class:`UnsupportedInput` (E006).
    """
    settings = settings or Settings()
    if isinstance(inputs, str | Path):  # one source given bare, not a list of sources
        inputs = [inputs]
    for source in inputs:
        yield from _iter_source(source, settings, stdin)


def _iter_source(
    source: str | Path, settings: Settings, stdin: BinaryIO | None
) -> Iterator[Article | Failure]:
    origin = STDIN_ORIGIN if source == "-" else str(source)
    if isinstance(source, str) and source == "-":
        yield _guarded(origin, lambda: _from_stdin(stdin, settings))
        return
    if is_url(source):
        yield _guarded(origin, lambda: fetch_url(str(source).strip(), settings.fetch))
        return
    path = Path(source)
    if path.is_dir():
        yield from _iter_folder(path, settings)
    elif not path.exists():
        yield Failure(
            origin, "E003", error(UnsupportedInput, "E003", what=origin, why="no such file or directory").message
        )
    else:
        yield from _iter_file(path, settings)


def _iter_folder(root: Path, settings: Settings) -> Iterator[Article | Failure]:
    """Every non-hidden file under ``root``, recursively, in sorted order (a folder's files before its subfolders)."""

    def _walk_error(exc: OSError) -> None:
        where = str(exc.filename or root)
        failures.append(
            Failure(
                where, "E003", error(UnsupportedInput, "E003", what=where, why=f"cannot be read ({exc})").message
            )
        )

    failures: list[Failure] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=_walk_error):
        yield from failures
        failures.clear()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield from _iter_file(Path(dirpath) / name, settings)
    yield from failures


def _iter_file(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    origin = str(path)
    if not corpus_kind(path):
        yield _guarded(origin, lambda: _from_file(path, settings))
        return
    try:
        yield from iter_corpus(path, settings)
    except UnsupportedInput as exc:
        if exc.code == "E006" and has_explicit_columns(settings.columns):
            raise
        yield Failure(origin, exc.code, exc.message)
    except PresslensError as exc:
        yield Failure(origin, exc.code, exc.message)
    except (OSError, UnicodeError) as exc:
        yield Failure(origin, "E005", f"Corpus file {path} could not be read: {exc}")


def _guarded(origin: str, build: Callable[[], Article]) -> Article | Failure:
    """Run ``build()``; any error becomes a Failure for ``origin``."""
    try:
        return build()
    except PresslensError as exc:
        return Failure(origin, exc.code, exc.message)
    except OSError as exc:
        return Failure(
            origin, "E003", error(UnsupportedInput, "E003", what=origin, why=f"cannot be read ({exc})").message
        )
    except Exception as exc:  # a bad item never sinks a batch; the record names the error
        log.debug("unexpected error while ingesting %s", origin, exc_info=True)
        return Failure(
            origin, "E003", f"Unexpected error while reading {origin!r}: {type(exc).__name__}: {exc}"
        )


def _from_file(path: Path, settings: Settings) -> Article:
    limit = settings.max_chars * BYTES_PER_CHAR
    size = path.stat().st_size
    if size > limit:
        raise _too_big(str(path), size, settings)
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we looked
        raise _too_big(str(path), len(data), settings)
    return from_bytes(data, origin=str(path), filename=path.name)


def _from_stdin(stdin: BinaryIO | None, settings: Settings) -> Article:
    stream = stdin if stdin is not None else sys.stdin.buffer
    limit = settings.max_chars * BYTES_PER_CHAR
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(STDIN_ORIGIN, f"more than {limit}", settings)
    return from_bytes(data, origin=STDIN_ORIGIN)


def _too_big(what: str, size: int | str, settings: Settings) -> PresslensError:
    """E008: the raw input cannot fit ``max_chars`` characters (the text limit itself is E007, checked on the
    decoded text by the pipeline). One knob, ``max_chars`` (``--max-chars``), for every kind of input."""
    return error(UnsupportedInput, "E008", what=what, size=size, limit=settings.max_chars * BYTES_PER_CHAR,
                 max_chars=settings.max_chars, per=BYTES_PER_CHAR)


__all__ = ["is_url", "iter_articles", "load"]
