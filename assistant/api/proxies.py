"""Who the client is: the connection's peer, or what a trusted reverse proxy says it is.

`X-Forwarded-For`, `X-Forwarded-Proto` and `Forwarded` are plain request headers: anyone can
send them. They are believed only when the connection comes from an address in
`ASSISTANT_TRUSTED_PROXIES` (empty by default: never). Then the client is the rightmost
forwarded address that is not itself a trusted proxy, and the scheme is the one the nearest
proxy reports. `X-Forwarded-For` wins over `Forwarded`; a proxy that writes only `Forwarded`
must drop the `X-Forwarded-*` headers its clients send.

`client_address` is the one source of the address for every per-address limit (sign-in
attempts, failed tokens) and `scheme` decides the session cookie's Secure flag. `assistant
serve` turns uvicorn's own proxy handling off: it trusts 127.0.0.1 by default, which let a
local proxy's clients choose their address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from starlette.requests import HTTPConnection

Network = IPv4Network | IPv6Network


def client_address(request: HTTPConnection) -> str:
    """The client's address: the peer, or the forwarded client behind a trusted proxy."""
    return resolve(request)[0]


def scheme(request: HTTPConnection) -> str:
    """`https` or `http` as the client used it (a trusted proxy may have ended the TLS)."""
    forwarded = resolve(request)[1]
    return forwarded if forwarded in ("http", "https") else request.url.scheme


def resolve(request: HTTPConnection) -> tuple[str, str | None]:
    trusted = request.app.state.services.settings.trusted_proxies
    peer = request.client.host if request.client else ""
    return forwarded_client(peer, request.headers.raw, trusted)


def forwarded_client(
    peer: str, headers: Iterable[tuple[bytes, bytes]], trusted: Sequence[Network]
) -> tuple[str, str | None]:
    """The client address and the forwarded scheme (None: none forwarded or not believed)."""
    if not _trusted(peer, trusted):
        return peer, None
    found = _headers(headers)
    hops = _split(found.get("x-forwarded-for", ""))
    protos = _split(found.get("x-forwarded-proto", ""))
    if not hops and not protos and "forwarded" in found:
        pairs = [_forwarded_element(e) for e in _split(found["forwarded"])]
        hops = [p.get("for", "") for p in pairs]
        protos = [p["proto"] for p in pairs if "proto" in p]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not _trusted(address, trusted):
            break
    return client, (protos[-1].lower() if protos else None)


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def _headers(headers: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header values by lower-case name; a repeated header's values joined by commas."""
    found: dict[str, str] = {}
    for key, value in headers:
        name = bytes(key).decode("latin-1").lower()
        text = bytes(value).decode("latin-1")
        found[name] = f"{found[name]},{text}" if name in found else text
    return found


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _forwarded_element(element: str) -> dict[str, str]:
    """`for=192.0.2.1;proto=https` → {"for": "192.0.2.1", "proto": "https"} (RFC 7239)."""
    pairs = {}
    for pair in element.split(";"):
        key, _, value = pair.partition("=")
        pairs[key.strip().lower()] = value.strip().strip('"')
    return pairs


def _address(hop: str) -> str | None:
    """The IP of `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]:443` or `2001:db8::1`; None for
    `unknown`, an obfuscated name or anything else."""
    text = hop.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        parsed: IPv4Address | IPv6Address = ip_address(text)
    except ValueError:
        return None
    return str(parsed)
