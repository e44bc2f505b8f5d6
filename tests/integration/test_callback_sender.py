"""One delivery attempt over real HTTP on loopback: the checked address, no redirects, timeouts."""

import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from playrunner.callbacks.sender import post
from tests.receiver import Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def resolving_to(address: str) -> Any:
    def resolve(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve


def test_the_attempt_connects_to_the_checked_address_and_keeps_the_name_as_host(receiver: Receiver) -> None:
    port = urlsplit(receiver.url).port
    answer = post(
        f"http://hooks.test:{port}/in?x=1",
        b"{}",
        {"content-type": "application/json"},
        timeout=5,
        allow_loopback=True,
        resolve=resolving_to("127.0.0.1"),
    )
    assert answer.status_code == 200
    (received,) = receiver.at("/in?x=1")
    assert received.headers["host"] == f"hooks.test:{port}"


def test_a_redirect_is_not_followed(receiver: Receiver) -> None:
    receiver.answers["/moved"] = [302]
    answer = post(f"{receiver.url}/moved", b"{}", {}, timeout=5, allow_loopback=True)
    assert answer.status_code == 302
    assert len(receiver.received) == 1


def test_a_name_that_now_resolves_to_a_private_address_is_not_called(receiver: Receiver) -> None:
    answer = post("http://hooks.test/in", b"{}", {}, timeout=5, allow_loopback=True, resolve=resolving_to("10.0.0.7"))
    assert answer.unsafe
    assert answer.status_code is None
    assert "RFC 1918" in (answer.error or "")
    assert not receiver.received


def test_loopback_is_refused_unless_allowed(receiver: Receiver) -> None:
    answer = post(f"{receiver.url}/in", b"{}", {}, timeout=5, allow_loopback=False)
    assert answer.unsafe
    assert not receiver.received


def test_a_receiver_that_does_not_answer_times_out(receiver: Receiver) -> None:
    receiver.silent.add("/slow")
    answer = post(f"{receiver.url}/slow", b"{}", {}, timeout=1, allow_loopback=True)
    assert answer.status_code is None
    assert answer.error is not None
    assert 900 <= answer.latency_ms < 5000
