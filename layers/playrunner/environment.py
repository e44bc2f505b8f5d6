"""The environment a function runs with, and the settings it reads from it.

In Lambda that is the process's environment. The local stack runs every function in one
process, so it hands each invocation its function's own environment (exactly what the template
gives that function) and the settings are read from that, never from the stack's.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from playrunner.naming import ENV_FUNCTION
from playrunner.settings import Settings

S = TypeVar("S", bound=Settings)

_function_environment: ContextVar[Mapping[str, str] | None] = ContextVar("function_environment", default=None)


class UndeclaredSettings(RuntimeError):
    """A function read settings its catalogue entry does not declare: deployed, it has none of them."""


def current() -> Mapping[str, str]:
    return _function_environment.get() or os.environ


@contextmanager
def running_with(environment: Mapping[str, str]) -> Iterator[None]:
    """Run the code inside with ENVIRONMENT as its function's environment."""
    token = _function_environment.set(environment)
    try:
        yield
    finally:
        _function_environment.reset(token)


def declares(model: type[Settings]) -> bool:
    """Whether the current function is given MODEL (outside a catalogued function: if its
    required variables are set)."""
    environment = current()
    name = environment.get(ENV_FUNCTION)
    if name is None:
        return all(variable in environment for variable in model.required_variables())
    from playrunner.catalogue import FUNCTIONS

    entry = FUNCTIONS.get(name)
    return entry is not None and model in entry.settings


def settings(model: type[S]) -> S:
    """MODEL read from the current function's environment, if its catalogue entry declares it."""
    environment = current()
    name = environment.get(ENV_FUNCTION)
    if name is not None:
        from playrunner.catalogue import FUNCTIONS

        entry = FUNCTIONS.get(name)
        if entry is None or model not in entry.settings:
            raise UndeclaredSettings(f"function {name} reads {model.__name__}, which the catalogue does not give it")
    return model.read(environment)
