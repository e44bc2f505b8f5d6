"""Once per function instance: in Lambda once per process; on the local stack once per function,
for each runs with its own environment in the one process. What is built is kept for the
environment's contents (never its identity, which Python may give to another mapping later)."""

import threading
from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, TypeVar

from playrunner import environment

T = TypeVar("T")
_every: list["PerFunction[object]"] = []


class PerFunction(Generic[T]):
    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._built: dict[frozenset[tuple[str, str]], T] = {}
        self._lock = threading.Lock()
        update_wrapper(self, build)
        _every.append(self)  # type: ignore[arg-type]

    def __call__(self) -> T:
        key = frozenset(environment.current().items())
        found = self._built.get(key)
        if found is not None:
            return found
        with self._lock:
            if key not in self._built:
                self._built[key] = self._build()
            return self._built[key]

    def cache_clear(self) -> None:
        self._built.clear()


def per_function(build: Callable[[], T]) -> PerFunction[T]:
    return PerFunction(build)


def forget_all() -> None:
    """Drop every service built (tests that change the environment between cases)."""
    for built in _every:
        built.cache_clear()
