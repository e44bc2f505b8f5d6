"""The local stack's runner capacity: with one slot, runs take turns, and a waiting execution
says why."""

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from playrunner.naming import ENV_LOCAL_RUNNER_SLOTS
from tests.e2e.stack import RunningStack, start_stack

# Each run holds a lock directory for two seconds: two runs at once would find it taken and fail.
TAKES_TURNS = base64.b64encode(
    b"""- hosts: all
  gather_facts: false
  tasks:
    - command: mkdir {{ shared }}/lock
    - command: sleep 2
    - command: rmdir {{ shared }}/lock
"""
).decode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    root = tmp_path_factory.mktemp("slots")
    running = start_stack(root / "data", root / "serve.log", settings={ENV_LOCAL_RUNNER_SLOTS: "1"})
    yield running
    running.stop()


def test_with_one_slot_runs_take_turns_and_the_waiting_say_why(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    # Given a job whose runs must never overlap, on a stack with one runner slot
    document = {
        "playbook": TAKES_TURNS,
        "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}],
        "properties": {"shared": str(playbook_dir)},
    }
    job_id = stack.call("POST", "/jobs/DEMO", token, json=document).json()["id"]

    # When three are started at once
    started = [stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={}).json() for _ in range(3)]

    # Then while one runs the others say they wait for a slot
    reasons: set[str] = set()
    deadline = time.monotonic() + 120
    finals: dict[str, str] = {}
    while len(finals) < 3 and time.monotonic() < deadline:
        for execution in started:
            current = stack.call("GET", f"/executions/DEMO/{execution['execution_id']}", token).json()
            if current["status"] in {"SUCCESS", "FAILURE", "STOPPED", "KILLED"}:
                finals[current["execution_id"]] = current["status"]
            elif current.get("status_reason"):
                reasons.add(current["status_reason"])
        time.sleep(0.3)
    assert any(reason.startswith("waiting for a runner slot") for reason in reasons), reasons

    # And each ran alone (none found the lock taken), and succeeded
    assert sorted(finals.values()) == ["SUCCESS"] * 3, finals
