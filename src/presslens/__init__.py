"""presslens: offline credibility dossiers for news articles.

Every finding is tied to exact character spans of the analysed text, labelled, scored and attributed to the
analyzer that produced it.

Example:
    >>> import presslens
    >>> dossier = presslens.analyze("As we wrote last week, it's clear the plan failed.")
    >>> [f.label for f in dossier.findings]

``import presslens`` is cheap: the public names below are imported on first use (PEP 562), so that
``import presslens.errors`` or ``presslens --version`` never load spaCy.
"""

from __future__ import annotations

import typing as _typing

from ._lazy import lazy_getattr as _lazy_getattr
from ._version import version as _installed_version

__version__: str = _installed_version()

#: public name → module that defines it (imported lazily).
_LAZY: dict[str, str] = {
    "analyze": "presslens.api",
    "analyze_many": "presslens.api",
    "load_pipeline": "presslens.api",
    "Article": "presslens.article",
    "Settings": "presslens.config",
    "Dossier": "presslens.dossier",
    "Failure": "presslens.dossier",
    "Finding": "presslens.dossier",
    "PresslensError": "presslens.errors",
    "outlet": "presslens.provenance",
    "to_arrow": "presslens.tables",
    "to_frame": "presslens.tables",
}

if _typing.TYPE_CHECKING:
    from .api import analyze, analyze_many, load_pipeline
    from .article import Article
    from .config import Settings
    from .dossier import Dossier, Failure, Finding
    from .errors import PresslensError
    from .provenance import outlet
    from .tables import to_arrow, to_frame


__getattr__ = _lazy_getattr("presslens", _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Article",
    "Dossier",
    "Failure",
    "Finding",
    "PresslensError",
    "Settings",
    "__version__",
    "analyze",
    "analyze_many",
    "load_pipeline",
    "outlet",
    "to_arrow",
    "to_frame",
]
