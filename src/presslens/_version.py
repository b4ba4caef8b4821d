"""The installed version of presslens, read once from package metadata (no other import)."""

from __future__ import annotations

import functools
import importlib.metadata


@functools.cache
def version() -> str:
    """``presslens``'s version string (``0.0.0+local`` when running from a source tree without metadata)."""
    try:
        return importlib.metadata.version("presslens")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0+local"


__all__ = ["version"]
