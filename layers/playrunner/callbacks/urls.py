"""Which callback URLs playrunner may call: never the runner's own neighbourhood.

A URL is checked when a job is saved and again at each delivery (DNS answers change). Its
host is resolved once, every address is checked, and the delivery connects to that checked
address (keeping the name for Host and TLS), so a second, different DNS answer cannot slip
in between the check and the connection.
"""

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., list[tuple[Any, ...]]]

# (network, the rule it breaks), most specific first. Past these, anything `ipaddress` does not
# call global is refused too: the list only gives the common cases a clearer reason.
FORBIDDEN: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = (
    (ipaddress.ip_network("127.0.0.0/8"), "loopback"),
    (ipaddress.ip_network("::1/128"), "loopback"),
    (ipaddress.ip_network("169.254.0.0/16"), "link-local (cloud metadata and credential endpoints)"),
    # IPv6 forms that carry an IPv4 address a router or the kernel may turn back into IPv4.
    (ipaddress.ip_network("::ffff:0:0/96"), "an IPv4-mapped IPv6 address"),
    (ipaddress.ip_network("::ffff:0:0:0/96"), "an IPv4-translated IPv6 address"),
    (ipaddress.ip_network("64:ff9b::/96"), "a NAT64 address (64:ff9b::/96)"),
    (ipaddress.ip_network("64:ff9b:1::/48"), "a local-use NAT64 address (64:ff9b:1::/48)"),
    (ipaddress.ip_network("2002::/16"), "a 6to4 address (2002::/16)"),
    (ipaddress.ip_network("::/128"), "unspecified address"),
    (ipaddress.ip_network("::/96"), "an IPv4-compatible IPv6 address"),
    (ipaddress.ip_network("198.18.0.0/15"), "the benchmarking network (198.18.0.0/15)"),
    (ipaddress.ip_network("10.0.0.0/8"), "private network (RFC 1918)"),
    (ipaddress.ip_network("172.16.0.0/12"), "private network (RFC 1918)"),
    (ipaddress.ip_network("192.168.0.0/16"), "private network (RFC 1918)"),
    (ipaddress.ip_network("100.64.0.0/10"), "shared address space (100.64.0.0/10)"),
    (ipaddress.ip_network("0.0.0.0/8"), "this network (0.0.0.0/8)"),
    (ipaddress.ip_network("fc00::/7"), "unique local IPv6 (fc00::/7)"),
    (ipaddress.ip_network("fe80::/10"), "link-local IPv6 (fe80::/10)"),
    (ipaddress.ip_network("::/128"), "unspecified address"),
)
LOOPBACK_RULE = "loopback"


class UnsafeUrl(ValueError):
    """A callback URL playrunner will not call; the message names the rule."""


def _broken_rule(address: IpAddress, allow_loopback: bool) -> str | None:
    for network, rule in FORBIDDEN:
        if address.version == network.version and address in network:
            return None if rule == LOOPBACK_RULE and allow_loopback else rule
    if address.is_multicast:
        return "multicast address"
    if not address.is_global:
        return "not a global address"
    return None


def _numeric_host(host: str) -> IpAddress | None:
    """An address written as one: dotted quad or IPv6. Other spellings that C resolvers read as
    addresses (2130706433, 0177.0.0.1, 0x7f.1) are refused outright."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        socket.inet_aton(host)
    except OSError:
        return None
    raise UnsafeUrl(f"{host} is an address in decimal, octal or hexadecimal form")


def resolve_checked(
    url: str,
    *,
    allow_loopback: bool,
    refused_ports: frozenset[int] = frozenset(),
    resolve: Resolver = socket.getaddrinfo,
) -> list[IpAddress]:
    """The addresses URL's host resolves to, every one of them allowed; UnsafeUrl otherwise.
    A name that does not resolve gives no address (it is checked again when delivered to).
    Where loopback is allowed (the local stack), REFUSED_PORTS (the stack's own) still are not."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise UnsafeUrl(f"scheme {parts.scheme or '(none)'!r}: a callback URL must be http or https")
    host = parts.hostname
    if not host:
        raise UnsafeUrl("a callback URL needs a host")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    numeric = _numeric_host(host)
    if numeric is not None:
        addresses: list[IpAddress] = [numeric]
    else:
        try:
            answers = resolve(host, port, type=socket.SOCK_STREAM)
        except OSError:
            return []
        addresses = list(dict.fromkeys(ipaddress.ip_address(answer[4][0]) for answer in answers))
    for address in addresses:
        rule = _broken_rule(address, allow_loopback)
        if rule is not None:
            raise UnsafeUrl(f"{host} is {address}: {rule} is not allowed")
        if address.is_loopback and port in refused_ports:
            raise UnsafeUrl(f"{host}:{port} is the playrunner stack itself: not allowed as a callback")
    return addresses
