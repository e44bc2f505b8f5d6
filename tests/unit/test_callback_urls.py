"""Callback URLs that reach the runner's neighbourhood are refused, by the rule they break."""

import socket
from typing import Any

import pytest

from playrunner.callbacks.urls import UnsafeUrl, resolve_checked


def resolving_to(*addresses: str) -> Any:
    def resolve(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    return resolve


def failing(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
    raise socket.gaierror("no such name")


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://169.254.170.2/v2/credentials", "link-local"),
        ("https://10.0.0.1/hook", "RFC 1918"),
        ("https://172.20.1.1/hook", "RFC 1918"),
        ("https://192.168.1.10/hook", "RFC 1918"),
        ("https://100.64.0.5/hook", "shared address space"),
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://[fd00::1]/hook", "fc00::/7"),
        ("http://[fe80::1]/hook", "fe80::/10"),
        ("http://[::ffff:169.254.169.254]/hook", "IPv4-mapped"),
        ("http://[::ffff:10.0.0.1]/hook", "IPv4-mapped"),
        ("http://[::ffff:93.184.215.14]/hook", "IPv4-mapped"),
        ("http://[::169.254.169.254]/hook", "IPv4-compatible"),
        ("http://[::ffff:0:a9fe:a9fe]/hook", "IPv4-translated"),
        ("http://[64:ff9b::a9fe:a9fe]/hook", "NAT64"),
        ("http://[64:ff9b:1::a00:1]/hook", "local-use NAT64"),
        ("http://[2002:a9fe:a9fe::1]/hook", "6to4"),
        ("https://198.18.0.1/hook", "benchmarking"),
        ("https://198.19.255.254/hook", "benchmarking"),
        ("https://100.127.255.1/hook", "shared address space"),
        ("https://192.0.2.1/hook", "not a global address"),
        ("https://240.0.0.1/hook", "not a global address"),
        ("http://[2001:db8::1]/hook", "not a global address"),
        ("http://2852039166/hook", "decimal, octal or hexadecimal"),
        ("http://0251.0376.0251.0376/hook", "decimal, octal or hexadecimal"),
        ("http://0xa9fea9fe/hook", "decimal, octal or hexadecimal"),
        ("file:///etc/passwd", "http or https"),
        ("gopher://example.com/", "http or https"),
    ],
)
def test_unsafe_urls_are_refused_naming_the_rule(url: str, rule: str) -> None:
    with pytest.raises(UnsafeUrl, match=rule):
        resolve_checked(url, allow_loopback=False, resolve=resolving_to("93.184.215.14"))


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    with pytest.raises(UnsafeUrl, match=r"hooks.example.com is 10.1.2.3: private network"):
        resolve_checked("https://hooks.example.com/x", allow_loopback=False, resolve=resolving_to("10.1.2.3"))
    with pytest.raises(UnsafeUrl, match="link-local"):
        resolve_checked(
            "https://hooks.example.com/x",
            allow_loopback=False,
            resolve=resolving_to("93.184.215.14", "169.254.169.254"),
        )


def test_public_addresses_pass_and_come_back_for_the_connection() -> None:
    addresses = resolve_checked(
        "https://hooks.example.com/x", allow_loopback=False, resolve=resolving_to("93.184.215.14")
    )
    assert [str(a) for a in addresses] == ["93.184.215.14"]


def test_loopback_is_allowed_only_when_asked() -> None:
    assert resolve_checked("http://127.0.0.1:9/x", allow_loopback=True, resolve=failing)
    with pytest.raises(UnsafeUrl, match="RFC 1918"):
        resolve_checked("http://10.0.0.1/x", allow_loopback=True, resolve=failing)


def test_the_stacks_own_ports_are_refused_even_where_loopback_is_allowed() -> None:
    with pytest.raises(UnsafeUrl, match="the playrunner stack itself"):
        resolve_checked(
            "http://127.0.0.1:5123/moto-api/reset",
            allow_loopback=True,
            refused_ports=frozenset({5123}),
            resolve=failing,
        )
    with pytest.raises(UnsafeUrl, match="the playrunner stack itself"):
        resolve_checked(
            "http://localhost:8080/jobs", allow_loopback=True, refused_ports=frozenset({8080}),
            resolve=resolving_to("127.0.0.1"),
        )  # fmt: skip
    assert resolve_checked("http://127.0.0.1:9/x", allow_loopback=True, refused_ports=frozenset({8080}))


def test_a_name_that_does_not_resolve_yet_is_left_for_delivery_time() -> None:
    assert resolve_checked("https://not-yet.example.com/x", allow_loopback=False, resolve=failing) == []
