"""Lazy attributes of a package (PEP 562): the public name is imported from its module on first access."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, names: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``names[name]`` on first access and caches it in ``namespace``.

    Args:
        package: the package's dotted name (for the AttributeError message).
        names: public name → module that defines it.
        namespace: the package's ``globals()``, where a loaded value is kept so the next access is direct.
    """

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__


__all__ = ["lazy_getattr"]
