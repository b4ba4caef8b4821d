"""presslens: offline credibility dossiers for news articles.

Every finding is tied to exact character spans of the analysed text, labelled, scored and attributed to the
analyzer that produced it.

Example:
    >>> import presslens
    >>> dossier = presslens.analyze("As we wrote last week, it's clear the plan failed.")
    >>> [f.label for f in dossier.findings]
"""

from __future__ import annotations

import importlib.metadata as _metadata

try:
    __version__ = _metadata.version("presslens")
except _metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+local"

from .api import analyze, analyze_many, load_pipeline
from .article import Article
from .config import Settings
from .dossier import Dossier, Failure, Finding
from .errors import PresslensError
from .tables import to_arrow, to_frame

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
    "to_arrow",
    "to_frame",
]
