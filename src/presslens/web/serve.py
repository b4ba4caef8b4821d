"""``presslens serve``: run the web service under uvicorn (one pipeline per worker process).

The command builds a :class:`~presslens.web.service.WebConfig`, hands it to every worker through the
``PRESSLENS_WEB_CONFIG`` environment variable, and starts uvicorn with :func:`app_factory`. With several
workers, dossiers are also kept as JSON in a temporary folder the workers share, so a dossier page can be
served by a worker other than the one that analysed it.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .service import WebConfig

log = logging.getLogger("presslens.web")

CONFIG_ENV = "PRESSLENS_WEB_CONFIG"
TOKEN_ENV = "PRESSLENS_API_TOKEN"
#: uvicorn's own connection limit, as a multiple of the app's ``max_open_requests``. The app sheds requests
#: beyond ``max_open_requests`` with its JSON 503 (E083, ``Retry-After``); uvicorn counts open *connections*
#: (idle keep-alive ones too) and answers a plain-text 503 at its limit, so it is set well above the app's,
#: as a last line against connection floods only.
UVICORN_LIMIT_FACTOR = 4


def config_from_args(args: argparse.Namespace) -> WebConfig:
    """The service configuration from the parsed ``serve`` arguments (and the token environment variable)."""
    token = os.environ.get(TOKEN_ENV) or None
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise ConfigError(f"[E023] token file {args.token_file} could not be read: {exc}", code="E023") from exc
    if args.workers < 1 or not 0 < args.port < 65536:
        raise ConfigError("--workers must be >= 1 and --port in 1..65535", code="E022")
    if args.store and not Path(args.store).exists():
        raise ConfigError(f"store {args.store} does not exist (build one with `presslens batch … --store`)",
                          code="E022")
    cache_dir = tempfile.mkdtemp(prefix="presslens-web-") if args.workers > 1 else None
    limits = {k: v for k, v in (("max_body_bytes", args.max_body), ("max_queue", args.max_queue),
                                ("analysis_timeout", args.analysis_timeout),
                                ("max_open_requests", args.limit_concurrency)) if v is not None}
    try:
        return WebConfig(store=args.store, allow_private=args.allow_private, token=token, config_file=args.config,
                         cache_dir=cache_dir, **limits)
    except ValueError as exc:
        raise ConfigError(str(exc), code="E022") from exc


def uvicorn_options(config: WebConfig) -> dict[str, Any]:
    """The uvicorn settings of ``presslens serve`` (beside host, port, workers and log level). The connection
    limit is a backstop well above the app's own request limit, so overload is answered by the app."""
    return {"server_header": False, "date_header": True, "proxy_headers": False,
            "limit_concurrency": config.max_open_requests * UVICORN_LIMIT_FACTOR, "timeout_keep_alive": 5,
            "timeout_graceful_shutdown": 10}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    """Body of ``presslens serve``."""
    try:
        import uvicorn
    except ImportError:
        print('presslens: error: the web service needs the web extra: pip install "presslens[web]"', file=sys.stderr)
        return 2
    config = config_from_args(args)
    if config.allow_private:
        log.warning("--allow-private is ON: URLs resolving to loopback/private/link-local addresses will be fetched")
    if not _is_loopback(args.host) and not config.token:
        log.warning("listening on %s without an API token: anyone who can reach it can run analyses "
                    "(set %s or --token-file)", args.host, TOKEN_ENV)
    os.environ[CONFIG_ENV] = config.to_json()
    print(f"presslens: serving on http://{args.host}:{args.port} ({args.workers} worker(s))", file=sys.stderr)
    try:
        uvicorn.run("presslens.web.serve:app_factory", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level=args.log_level, **uvicorn_options(config))
    finally:
        if config.cache_dir:  # the workers' shared dossier folder lives as long as the service
            shutil.rmtree(config.cache_dir, ignore_errors=True)
    return 0


def app_factory() -> Any:
    """The ASGI app of one worker, configured from ``PRESSLENS_WEB_CONFIG``."""
    from .app import create_app

    raw = os.environ.get(CONFIG_ENV)
    config = WebConfig.from_json(raw) if raw else WebConfig()
    logging.getLogger("presslens").setLevel(logging.INFO)
    return create_app(config)


__all__ = ["app_factory", "config_from_args", "run", "uvicorn_options"]
