"""presslens.web: the web service and browser UI (FastAPI), a thin shell over the public API.

Run it with ``presslens serve``; build it in code with :func:`create_app`::

    from presslens.web import WebConfig, create_app
    app = create_app(WebConfig(token="s3cret"))

Needs the ``web`` extra (``pip install "presslens[web]"``). Importing this package is cheap: FastAPI is
imported only when :func:`create_app` is first used (so ``presslens --help`` works without the extra).
"""

from __future__ import annotations

from typing import Any

from .service import WebConfig


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)


__all__ = ["WebConfig", "create_app"]
