"""One HTTP POST to a callback URL: to the address that was checked, never a redirect.

The URL's host is resolved and checked at each attempt (its DNS answer may have changed since
the job was saved); the connection goes to that checked address, with the name kept for the
Host header and for TLS (SNI and certificate), so a second DNS answer cannot be slipped in.
"""

import socket
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import urllib3

from playrunner.callbacks.urls import Resolver, UnsafeUrl, resolve_checked

MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # none: no answer came
    latency_ms: int
    error: str | None = None
    retry_after: float | None = None  # seconds, from a Retry-After header
    unsafe: bool = False  # the URL now breaks a rule: never retried


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


def _pool(url: str, address: str, timeout: float) -> urllib3.HTTPConnectionPool:
    parts = urlsplit(url)
    limits = urllib3.Timeout(total=timeout)
    if parts.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            parts.port or 443,
            timeout=limits,
            retries=False,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(address, parts.port or 80, timeout=limits, retries=False)


def post(
    url: str,
    payload: bytes,
    headers: dict[str, str],
    *,
    timeout: float,
    allow_loopback: bool,
    refused_ports: frozenset[int] = frozenset(),
    resolve: Resolver = socket.getaddrinfo,
) -> Answer:
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        checked = resolve_checked(url, allow_loopback=allow_loopback, refused_ports=refused_ports, resolve=resolve)
    except UnsafeUrl as exc:
        return Answer(None, elapsed(), f"unsafe URL: {exc}", unsafe=True)
    if not checked:
        return Answer(None, elapsed(), "the host name does not resolve")
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    host = parts.hostname or ""
    host_header = f"[{host}]" if ":" in host else host
    if parts.port:
        host_header += f":{parts.port}"
    try:
        with _pool(url, str(checked[0]), timeout) as pool:
            response = pool.urlopen(
                "POST",
                target,
                body=payload,
                headers={**headers, "host": host_header},
                redirect=False,
                assert_same_host=False,
                preload_content=False,
            )
            try:
                response.read(MAX_ANSWER_BYTES)
            finally:
                response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        return Answer(None, elapsed(), f"{type(exc).__name__}: {exc}"[:500])
    return Answer(response.status, elapsed(), retry_after=retry_after_seconds(response.headers.get("retry-after")))
