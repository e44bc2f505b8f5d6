"""A hostile playbook on the local stack (run as root, as CI runs it): it reads no environment,
file or key of the runner's, the stack's or another run's, and its own run is still recorded."""

import time
from pathlib import Path

import pytest

from playrunner.runner.playbook_user import isolation_unavailable
from tests.e2e.stack import RunningStack
from tests.hostile import attempts, hostile_playbook

pytestmark = pytest.mark.skipif(isolation_unavailable() is not None, reason=str(isolation_unavailable()))
LOCAL = {"ansible_connection": "local"}


def test_a_hostile_playbook_on_the_stack_finds_nothing(stack: RunningStack, token: str) -> None:
    # Given a long run holding a host key, and a hostile job started beside it
    sleeper = stack.call(
        "POST",
        "/jobs/DEMO",
        token,
        json={
            "playbook": "LSBob3N0czogYWxsCiAgZ2F0aGVyX2ZhY3RzOiBmYWxzZQogIHRhc2tzOgogICAgLSBjb21tYW5kOiBzbGVlcCA2MAo=",
            "hosts": [{"id": "busy", "hostVars": LOCAL}],
        },
    ).json()
    busy = stack.call("POST", f"/jobs/DEMO/{sleeper['id']}/start", token, json={}).json()
    stack.wait_for_status(token, sleeper["id"], busy["execution_id"], {"RUNNING"}, timeout=60)
    time.sleep(2)
    data_dir = stack.data_dir
    reads = [data_dir, data_dir / "stack.json", data_dir / "token-signing-key.json", data_dir / "tasks"]
    reads += sorted(Path("/var/lib/playrunner/play").glob("*"))  # the busy run's workspace among them
    writes = [data_dir / "hostile", *(path / "hostile" for path in Path("/var/lib/playrunner/play").glob("*"))]
    job = stack.call(
        "POST",
        "/jobs/DEMO",
        token,
        json={"playbook": hostile_playbook(reads, writes), "hosts": [{"id": "victim", "hostVars": LOCAL}]},
    ).json()

    # When it runs
    started = stack.call("POST", f"/jobs/DEMO/{job['id']}/start", token, json={}).json()
    execution = stack.wait_for_status(token, job["id"], started["execution_id"], {"SUCCESS", "FAILURE"})
    stack.call("POST", f"/jobs/DEMO/{sleeper['id']}/executions/{busy['execution_id']}/kill", token)

    # Then its run is recorded, and every attempt found nothing
    assert execution["status"] == "SUCCESS", execution
    output = stack.call("GET", f"/jobs/DEMO/{job['id']}/executions/{started['execution_id']}/stdout", token).text
    found = attempts(output)
    assert found["uid"].strip() not in {"", "0"}
    assert found["sudo"] == "denied"
    # (its own workspace was made after these were listed: every one is another's)
    for path in reads:
        assert found[f"read {path}"] == "denied", output
    for path in writes:
        assert found[f"write {path}"] == "denied", output
    environments = output.split('"--- env"', 1)[1].split('"--- cmdline of every process"', 1)[0]
    for name in ("TASK_TOKEN", "AWS_", "PLAYRUNNER_", "MOTO_"):
        assert name not in environments, [line for line in environments.splitlines() if name in line][:5]
