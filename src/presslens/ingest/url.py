"""URL fetching with an SSRF guard.

Only ``http``/``https``. The host is resolved *before* connecting and every address is checked: loopback,
private, link-local, multicast, reserved, unspecified, shared (CGNAT) and other non-global addresses are refused
— IPv4 and IPv6, including IPv4-mapped/compatible, 6to4 and Teredo forms, and numeric host spellings such as
``2130706433`` or ``0177.0.0.1`` (resolved the way the C library would) — unless ``allow_private=True``.
The connection then goes to the checked address (the original host travels in the ``Host`` header and as TLS
SNI), so a DNS answer that changes between check and connect (rebinding) cannot redirect it. Redirects are
followed by hand, and every hop is checked again. Bodies are streamed and cut at ``max_bytes``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..article import Article
from ..config import FetchSettings
from ..errors import BlockedURL, FetchError, FetchTimeout, PresslensError, ResponseTooLarge, error

if TYPE_CHECKING:
    import httpx

#: Response media types accepted: HTML goes to extraction, the rest is read as text.
ALLOWED_CONTENT_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"}
)
#: Status codes that are followed as redirects (when a Location header is present).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Networks refused on top of what :mod:`ipaddress` calls non-global (NAT64 can reach IPv4 internals).
EXTRA_BLOCKED_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

#: A resolver takes (host, port) and returns IP address strings.
Resolver = Callable[[str, int], Sequence[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses ``getaddrinfo`` gives for ``host`` (numeric spellings included, as the C library reads them)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked_reason(ip: IPAddress) -> str | None:
    """Why connecting to ``ip`` is refused by default, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped
        if mapped is None and int(ip) >> 32 == 0 and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
            mapped = ipaddress.IPv4Address(int(ip))
        if mapped is not None:  # the IPv4 address is what a dual-stack socket reaches
            inner = blocked_reason(mapped)
            return f"{inner} (as {ip})" if inner else None
        embedded = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            inner = blocked_reason(embedded)
            if inner:
                return f"{inner} (embedded in {ip})"
        if any(ip in net for net in EXTRA_BLOCKED_NETWORKS):
            return f"{ip} is a NAT64 address"
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attr):
            return f"{ip} is a {label} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def check_host(
    host: str, port: int, *, allow_private: bool, resolver: Resolver | None = None, url: str | None = None
) -> list[str]:
    """Resolve ``host`` and return its addresses, refusing non-public ones unless ``allow_private``.

    Raises:
        BlockedURL: a resolved address is refused (E010). FetchError: the host does not resolve (E012).
    """
    url = url or host
    resolve = resolver or system_resolver
    try:
        addresses = list(resolve(host, port))
    except (OSError, UnicodeError) as exc:
        raise error(FetchError, "E012", url=url, why=f"host {host!r} could not be resolved ({exc})") from exc
    if not addresses:
        raise error(FetchError, "E012", url=url, why=f"host {host!r} has no addresses")
    for addr in addresses:
        try:
            ip = ipaddress.ip_address(addr.split("%")[0])
        except ValueError as exc:
            raise error(
                BlockedURL, "E010", url=url, why=f"{host!r} resolved to an unparseable address {addr!r}"
            ) from exc
        reason = blocked_reason(ip)
        if reason and not allow_private:
            raise error(
                BlockedURL,
                "E010",
                url=url,
                why=(reason if host.strip("[]") == addr.split("%")[0] else
                     f"host {host!r} resolves to a refused address: {reason}")
                + "; use --allow-private (or fetch.allow_private = true in a config file) to fetch it",
            )
    return addresses


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    content_type: str
    body: bytes


def fetch_url(
    url: str,
    fetch_settings: FetchSettings | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
) -> Article:
    """Fetch ``url`` and build its Article (HTML extracted, text decoded).

    Args:
        url: an http(s) URL.
        fetch_settings: timeout, size cap, redirect limit, ``allow_private``, user agent.
        transport: an httpx transport (tests use ``httpx.MockTransport``); default: a real connection.
        resolver: ``(host, port) -> addresses`` (tests inject one); default: ``getaddrinfo``.

    Raises:
        BlockedURL (E010), FetchTimeout (E011), FetchError (E012), ResponseTooLarge (E013),
        FetchError (E014, content type), and the input errors of :func:`~presslens.ingest.from_bytes`.
    """
    settings = fetch_settings or FetchSettings()
    response = _fetch(url, settings, transport, resolver)
    from .decode import from_bytes

    return from_bytes(
        response.body,
        origin=url,
        content_type=response.content_type or None,
        url=response.url,
        input_format="url",
    )


def _fetch(
    url: str, settings: FetchSettings, transport: httpx.BaseTransport | None, resolver: Resolver | None
) -> _Response:
    import httpx

    client = httpx.Client(
        transport=transport,
        follow_redirects=False,
        trust_env=False,  # a proxy would connect on our behalf and bypass the address check
        timeout=httpx.Timeout(settings.timeout),
        # no connection reuse: a pooled connection (keyed by the pinned IP) could carry another host's TLS session
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
            "Accept-Encoding": "gzip, deflate",  # what _decompress undoes (with a size cap)
        },
    )
    current = url
    try:
        with client:
            for _hop in range(settings.max_redirects + 1):
                target = _checked_url(current, settings, resolver)
                response = _get(client, current, target, settings)
                if isinstance(response, str):
                    current = response
                    continue
                return response
    except PresslensError:
        raise
    except httpx.TimeoutException as exc:
        raise error(FetchTimeout, "E011", url=url, seconds=settings.timeout) from exc
    except (httpx.HTTPError, httpx.StreamError, httpx.InvalidURL) as exc:
        raise error(FetchError, "E012", url=url, why=f"{type(exc).__name__}: {exc}") from exc
    raise error(FetchError, "E012", url=url, why=f"more than {settings.max_redirects} redirects")


def _checked_url(url: str, settings: FetchSettings, resolver: Resolver | None) -> httpx.URL:
    """The URL to connect to: the scheme checked, the host resolved and checked, the address pinned."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise error(BlockedURL, "E010", url=url, why=f"not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise error(
            BlockedURL, "E010", url=url,
            why=f"scheme {parsed.scheme or '(none)'!r} is not supported: presslens fetches only http and https "
            "URLs (give a local file by its path)"
        )
    host = parsed.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS see it
    if not host:
        raise error(BlockedURL, "E010", url=url, why="it has no host")
    if parsed.userinfo:
        raise error(BlockedURL, "E010", url=url, why="credentials in URLs are not accepted")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = check_host(host, port, allow_private=settings.allow_private, resolver=resolver, url=url)
    return parsed.copy_with(host=addresses[0].split("%")[0])


def _get(client: httpx.Client, url: str, target: httpx.URL, settings: FetchSettings) -> _Response | str:
    """One request to the pinned ``target``; a redirect returns the next absolute URL as a string."""
    import httpx

    original = httpx.URL(url)
    host_header = original.netloc.decode("ascii")
    extensions = {"sni_hostname": original.raw_host.decode("ascii")} if original.scheme == "https" else {}
    request = client.build_request("GET", target, headers={"Host": host_header}, extensions=extensions)
    deadline = time.monotonic() + settings.timeout
    response = client.send(request, stream=True)
    try:
        if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
            return str(original.join(response.headers["location"]))
        if response.status_code >= 400:
            raise error(
                FetchError,
                "E012",
                url=url,
                why=f"HTTP {response.status_code} {response.reason_phrase}".strip(),
            )
        if not 200 <= response.status_code < 300:
            raise error(FetchError, "E012", url=url, why=f"unexpected HTTP status {response.status_code}")
        ctype = response.headers.get("content-type", "")
        media = ctype.split(";")[0].strip().lower()
        if media and media not in ALLOWED_CONTENT_TYPES:
            raise error(FetchError, "E014", url=url, ctype=media)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.max_bytes:
            raise error(ResponseTooLarge, "E013", url=url, limit=settings.max_bytes)
        chunks: list[bytes] = []
        size = 0
        pre_read = response.is_stream_consumed  # a transport that hands back read responses (MockTransport)
        for chunk in [response.content] if pre_read else response.iter_raw():
            size += len(chunk)
            if size > settings.max_bytes:
                raise error(ResponseTooLarge, "E013", url=url, limit=settings.max_bytes)
            if time.monotonic() > deadline:
                raise error(FetchTimeout, "E011", url=url, seconds=settings.timeout)
            chunks.append(chunk)
    finally:
        response.close()
    body = b"".join(chunks)
    if not pre_read:  # a read response is already decoded
        body = _decompress(body, response, url, settings)
    return _Response(url=url, status=response.status_code, content_type=ctype, body=body)


def _decompress(body: bytes, response: httpx.Response, url: str, settings: FetchSettings) -> bytes:
    """Undo Content-Encoding, capping the decoded size too (a small gzip can expand enormously)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return body
    import zlib

    if encoding in ("gzip", "x-gzip", "deflate"):
        wbits = 47 if encoding != "deflate" else 15
        try:
            decomp = zlib.decompressobj(wbits)
            out = decomp.decompress(body, settings.max_bytes + 1)
        except zlib.error as exc:
            raise error(FetchError, "E012", url=url, why=f"bad {encoding} body ({exc})") from exc
        if len(out) > settings.max_bytes or decomp.unconsumed_tail:
            raise error(ResponseTooLarge, "E013", url=url, limit=settings.max_bytes)
        return out
    raise error(FetchError, "E012", url=url, why=f"unsupported content encoding {encoding!r}")


__all__ = ["ALLOWED_CONTENT_TYPES", "blocked_reason", "check_host", "fetch_url", "system_resolver"]
