"""Fixtures for every tier."""

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _playbook_dirs() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="playrunner-tests-", dir="/tmp"))
    base.chmod(0o777)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def playbook_dir(_playbook_dirs: Path) -> Path:
    """A directory a playbook may write to and the test read back. A test's tmp_path is private
    to the test's own user, and the playbook runs as another (an unprivileged playbook user)."""
    path = Path(tempfile.mkdtemp(dir=_playbook_dirs))
    path.chmod(0o777)
    if shutil.which("setfacl"):
        # Each run has a playbook user of its own: what one run writes here the next may append to.
        for entry in ("g:playrunner-play:rwx", "d:g:playrunner-play:rwx"):
            subprocess.run(["setfacl", "-m", entry, str(path)], check=False, capture_output=True)
    return path
