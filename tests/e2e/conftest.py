"""An e2e stack per test module: started over a fresh data directory, stopped afterwards."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.stack import RunningStack, start_stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    root = tmp_path_factory.mktemp("stack")
    running = start_stack(root / "data", root / "serve.log")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def token(stack: RunningStack) -> str:
    return stack.login()


@pytest.fixture
def fresh_dir(tmp_path: Path) -> Path:
    return tmp_path
