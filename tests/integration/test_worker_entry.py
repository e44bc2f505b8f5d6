"""The playbook's worker closes ansible-playbook's pty at once when it has exited (pexpect
would sleep 0.1 s first), and as pexpect does when it still runs."""

import time

import pexpect
import pytest

from playrunner.runner.worker_entry import PromptlyClosedSpawn


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    asked: list[float] = []
    real_sleep = time.sleep

    def recorded(seconds: float) -> None:
        asked.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", recorded)
    return asked


def test_a_child_that_has_exited_is_closed_without_the_sleep(sleeps: list[float]) -> None:
    child = PromptlyClosedSpawn("/bin/true", encoding="utf-8")
    child.expect(pexpect.EOF)
    while child.isalive():
        time.sleep(0.01)
    sleeps.clear()
    child.close()
    assert child.exitstatus == 0
    assert 0.1 not in sleeps


def test_a_child_still_running_is_closed_as_pexpect_closes_it(sleeps: list[float]) -> None:
    child = PromptlyClosedSpawn("/bin/sleep", ["30"], encoding="utf-8")
    sleeps.clear()
    child.close(force=True)
    assert not child.isalive()
    assert 0.1 in sleeps  # pexpect's own delay after close, kept for a child it must end
