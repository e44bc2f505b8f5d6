"""The engine over HTTP on the local stack: start, the state machine in moto's interpreter,
the runner as a subprocess, ansible over ansible_connection=local."""

import base64
import os
import signal
import time
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.e2e.stack import RunningStack
from tests.keys import b64, openssh_private_key, secret_fragments
from tests.processes import alive, pids_with_environment, wait_for_playbook

LOCAL = {"ansible_connection": "local"}


def playbook(tasks: str) -> str:
    return base64.b64encode(f"- hosts: all\n  gather_facts: false\n  tasks:\n{tasks}".encode()).decode()


PASSING = playbook(
    "    - name: ping\n      ping:\n"
    "    - name: say hello\n      command: echo hello {{ inventory_hostname }}\n"
    "    - name: skipped\n      debug: msg=never\n      when: false\n"
)


def create_job(stack: RunningStack, token: str, **fields: Any) -> str:
    document = {"playbook": PASSING, "hosts": [{"id": "web1", "hostVars": LOCAL}, {"id": "web2", "hostVars": LOCAL}]}
    answer = stack.call("POST", "/jobs/DEMO", token, json={**document, **fields})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def start(stack: RunningStack, token: str, job_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json=body or {})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_passing_playbook_runs_to_success(stack: RunningStack, token: str) -> None:
    # Given a job over two local hosts
    job_id = create_job(stack, token)

    # When it is started
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={})
    started = answer.json()
    assert answer.status_code == 201
    assert started["status"] == "PENDING"
    assert started["launch_type"] == "manual"
    assert answer.headers["Location"] == f"/jobs/DEMO/{job_id}/executions/{started['execution_id']}"

    # Then it ends SUCCESS with each host's results
    execution = stack.wait_for_status(token, job_id, started["execution_id"], {"SUCCESS", "FAILURE"})
    assert execution["status"] == "SUCCESS", execution
    assert execution["failed_hosts"] == []
    assert execution["hosts"] == ["web1", "web2"]
    for host in ("web1", "web2"):
        assert execution["host_summaries"][host] == {
            "ok": 2,
            "changed": 1,
            "failures": 0,
            "skipped": 1,
            "unreachable": 0,
        }
    assert len(execution["timers"]) == 1
    assert execution["timers"][0]["end"] >= execution["timers"][0]["start"]

    # And the events come back in order, the stdout holds the recap, the job knows its last run
    path = f"/jobs/DEMO/{job_id}/executions/{started['execution_id']}"
    events = stack.call("GET", f"{path}/events", token).json()["events"]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    names = [e["event"] for e in events]
    assert names[0] == "playbook_on_start"
    assert names[-1] == "playbook_on_stats"
    assert names.index("playbook_on_task_start") < names.index("runner_on_ok")
    assert [e["task"] for e in events if e["event"] == "playbook_on_task_start"] == ["ping", "say hello", "skipped"]
    assert {e["slice"] for e in events} == {0}  # one slice of two hosts
    later = stack.call("GET", f"{path}/events?after=3&limit=2", token).json()
    assert [e["seq"] for e in later["events"]] == [4, 5]
    assert later["last_seq"] == 5
    stdout = stack.call("GET", f"{path}/stdout", token)
    assert stdout.headers["Content-Type"].startswith("text/plain")
    assert "PLAY RECAP" in stdout.text
    assert "changed: [web1]" in stdout.text
    job = stack.call("GET", f"/jobs/DEMO/{job_id}", token).json()
    assert job["details"]["lastRun"] == execution["timers"][0]["end"]
    assert job["details"]["lastStatus"]["web2"]["changed"] == 1

    # And its status alone leaves the host lists out, keeping the counts, by either of its paths
    for status_path in (path, f"/executions/DEMO/{started['execution_id']}"):
        status_only = stack.call("GET", f"{status_path}?hostDetails=false", token).json()
        assert (status_only["status"], status_only["hosts"], status_only["host_summaries"]) == ("SUCCESS", [], {})
        assert status_only["host_counts"] == {"changed": 2}
        assert status_only["host_count"] == 2

    # And it is found by its id alone, and listed first among the job's executions
    assert stack.call("GET", f"/executions/DEMO/{started['execution_id']}", token).json()["status"] == "SUCCESS"
    listed = stack.call("GET", f"/jobs/DEMO/{job_id}/executions", token).json()
    assert listed["results"][0]["execution_id"] == started["execution_id"]


def test_get_start_runs_against_the_jobs_hosts(stack: RunningStack, token: str) -> None:
    job_id = create_job(stack, token)
    answer = stack.call("GET", f"/jobs/DEMO/{job_id}/start", token)
    assert answer.status_code == 201
    execution = stack.wait_for_status(token, job_id, answer.json()["execution_id"], {"SUCCESS", "FAILURE"})
    assert execution["status"] == "SUCCESS"


def test_immediate_create_and_update_start_an_execution(stack: RunningStack, token: str) -> None:
    # Given a job created with ?immediate=true
    hosts: list[dict[str, Any]] = [{"id": "web1", "hostVars": LOCAL}]
    document = {"playbook": PASSING, "hosts": hosts}
    created = stack.call("POST", "/jobs/DEMO?immediate=true", token, json=document)
    assert created.status_code == 201, created.text
    job = created.json()

    # Then its links name the execution it started, and that execution runs to the end
    (link,) = [link for link in job["links"] if link["ref"] == "execution"]
    assert link["href"] == f"/jobs/DEMO/{job['id']}/executions/{link['id']}"
    first = stack.wait_for_status(token, job["id"], link["id"], {"SUCCESS", "FAILURE"})
    assert first["status"] == "SUCCESS", first
    assert first["launch_type"] == "manual"

    # And an update with ?immediate=true starts another one against the new definition
    hosts.append({"id": "web2", "hostVars": LOCAL})
    updated = stack.call("PUT", f"/jobs/DEMO/{job['id']}?immediate=true", token, json=document)
    assert updated.status_code == 200, updated.text
    (second_link,) = [link for link in updated.json()["links"] if link["ref"] == "execution"]
    assert second_link["id"] != link["id"]
    second = stack.wait_for_status(token, job["id"], second_link["id"], {"SUCCESS", "FAILURE"})
    assert (second["status"], second["hosts"]) == ("SUCCESS", ["web1", "web2"])

    # And without it nothing starts
    plain = stack.call("PUT", f"/jobs/DEMO/{job['id']}", token, json=document).json()
    assert "execution" not in {link["ref"] for link in plain["links"]}
    assert stack.call("GET", f"/jobs/DEMO/{job['id']}/executions", token).json()["totalSize"] == 2


def test_properties_and_job_params_reach_the_playbook_untemplated(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    # Given values that would run a command if Ansible templated them
    side_effect = playbook_dir / "templated"
    evil = "{{ lookup('pipe', 'touch " + str(side_effect) + "') }}"
    tasks = (
        "    - copy:\n        content: '{{ evil }}|{{ colour }}|{{ size }}'\n"
        f"        dest: {playbook_dir}/out-{{{{ inventory_hostname }}}}\n"
    )
    job_id = create_job(
        stack, token, playbook=playbook(tasks), properties={"evil": evil, "colour": "blue", "size": "S"}
    )

    # When the job starts with parameters overriding a property
    started = start(stack, token, job_id, {"jobParams": [{"name": "colour", "value": "red"}]})
    execution = stack.wait_for_status(token, job_id, started["execution_id"], {"SUCCESS", "FAILURE"})

    # Then the playbook saw the literal text, the parameter won, and nothing was executed
    assert execution["status"] == "SUCCESS", execution
    assert execution["job_params"] == [{"name": "colour", "value": "red"}]
    assert (playbook_dir / "out-web1").read_text() == f"{evil}|red|S"
    assert not side_effect.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hosts": [{"id": "web 1"}]}, "hosts.0.id"),
        ({"hosts": [{"id": "web1", "hostVars": {"ansible_ssh_common_args": "-o x"}}]}, "hosts.0.hostVars"),
        ({"sshPrivateKey": b64(b"not a key")}, "sshPrivateKey"),
        ({"sshPrivateKey": "$encrypted$"}, None),
        ({"jobParams": [{"name": "x" * 65, "value": "v"}]}, "jobParams.0.name"),
        ({"jobParams": [{"name": "has space", "value": "v"}]}, "jobParams.0.name"),
        ({"jobParams": [{"name": "ok", "value": "v" * 1025}]}, "jobParams.0.value"),
        ({"jobParams": [{"name": "ok", "value": 5}]}, "jobParams.0.value"),
        ({"jobParams": [{"name": "a", "value": "1"}, {"name": "a", "value": "2"}]}, None),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_start_requests_are_400_and_start_nothing(
    stack: RunningStack, token: str, body: dict[str, Any], field: str | None
) -> None:
    job_id = create_job(stack, token)
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json=body)
    assert answer.status_code == 400, answer.text
    if field:
        assert field in [d["field"] for d in answer.json()["details"]]
    assert stack.call("GET", f"/jobs/DEMO/{job_id}/executions", token).json()["totalSize"] == 0


def test_parameter_limits_are_inclusive(stack: RunningStack, token: str) -> None:
    job_id = create_job(stack, token)
    answer = stack.call(
        "POST", f"/jobs/DEMO/{job_id}/start", token, json={"jobParams": [{"name": "n" * 64, "value": "v" * 1024}]}
    )
    assert answer.status_code == 201, answer.text


def test_starting_an_unknown_job_is_404(stack: RunningStack, token: str) -> None:
    answer = stack.call("POST", "/jobs/DEMO/no-such-job/start", token, json={})
    assert (answer.status_code, answer.json()["error_code"]) == (404, "JOB_NOT_FOUND")


def test_other_hosts_may_be_given_at_start(stack: RunningStack, token: str) -> None:
    job_id = create_job(stack, token)
    started = start(stack, token, job_id, {"hosts": [{"id": "web2"}, {"id": "extra9", "hostVars": LOCAL}]})
    execution = stack.wait_for_status(token, job_id, started["execution_id"], {"SUCCESS", "FAILURE"})
    assert execution["hosts"] == ["web2", "extra9"]
    assert execution["status"] == "SUCCESS"
    assert set(execution["host_summaries"]) == {"web2", "extra9"}


def test_a_killed_runner_ends_the_execution_failure_and_leaves_no_process(stack: RunningStack, token: str) -> None:
    # Given a run busy in a long task
    job_id = create_job(stack, token, playbook=playbook("    - command: sleep 120\n"))
    started = start(stack, token, job_id)
    execution_id = started["execution_id"]
    assert stack.wait_for_status(token, job_id, execution_id, {"RUNNING"}, timeout=60)["status"] == "RUNNING"
    marker = f"PLAYRUNNER_EXECUTION_ID={execution_id}"
    runners = pids_with_environment(marker, "playrunner.runner")
    assert len(runners) == 1
    # (the playbook runs as another user with an environment of its own: found below the runner)
    playbook_pids = wait_for_playbook(runners[0])

    # When the runner process dies without a word
    killed_at = time.monotonic()
    os.kill(runners[0], signal.SIGKILL)

    # Then the execution ends FAILURE within the heartbeat window, with the reason
    execution = stack.wait_for_status(token, job_id, execution_id, {"SUCCESS", "FAILURE"}, timeout=60)
    assert execution["status"] == "FAILURE"
    assert "heartbeat" in execution["status_reason"]
    assert time.monotonic() - killed_at < 30
    assert execution["failed_hosts"] == ["web1", "web2"]
    # And nothing of the run is left running
    deadline = time.monotonic() + 10
    while (pids_with_environment(marker) or alive(playbook_pids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pids_with_environment(marker) == []
    assert alive(playbook_pids) == []


def test_a_run_outliving_its_ttl_is_stopped_and_fails(stack: RunningStack, token: str) -> None:
    # Given a job whose executionTtl (1 minute, the least) is shorter than its playbook
    job_id = create_job(stack, token, executionTtl=1, playbook=playbook("    - command: sleep 150\n"))
    started = start(stack, token, job_id)
    marker = f"PLAYRUNNER_EXECUTION_ID={started['execution_id']}"
    assert stack.wait_for_status(token, job_id, started["execution_id"], {"RUNNING"}, timeout=60)
    playbook_pids = wait_for_playbook(pids_with_environment(marker, "playrunner.runner")[0])

    # Then after a minute it is stopped and ends FAILURE, saying why
    execution = stack.wait_for_status(token, job_id, started["execution_id"], {"SUCCESS", "FAILURE"}, timeout=120)
    assert execution["status"] == "FAILURE"
    assert "executionTtl of 1 minutes" in execution["status_reason"]
    elapsed = (execution["timers"][0]["end"] - execution["timers"][0]["start"]) / 1000
    assert 55 < elapsed < 90
    deadline = time.monotonic() + 40
    while (pids_with_environment(marker) or alive(playbook_pids)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert pids_with_environment(marker) == []
    assert alive(playbook_pids) == []


def test_a_key_given_at_start_never_leaks_and_its_file_is_removed(
    stack: RunningStack, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = openssh_private_key()
    job_id = create_job(stack, token)
    answers = [stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={"sshPrivateKey": b64(key)})]
    execution_id = answers[0].json()["execution_id"]
    stack.wait_for_status(token, job_id, execution_id, {"SUCCESS", "FAILURE"})
    path = f"/jobs/DEMO/{job_id}/executions/{execution_id}"
    answers += [stack.call("GET", p, token) for p in (path, f"{path}/events", f"{path}/stdout", f"/jobs/DEMO/{job_id}")]
    assert answers[1].json()["status"] == "SUCCESS"

    monkeypatch.setenv("AWS_ENDPOINT_URL", stack.state["aws_endpoint"])
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "playrunner-local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "playrunner-local")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    items = boto3.client("dynamodb").scan(TableName=stack.state["resources"]["table_name"])["Items"]
    texts = {"responses": "".join(a.text for a in answers), "log": stack.log(), "table": str(items)}
    for fragment in secret_fragments(key):
        for where, text in texts.items():
            assert fragment not in text, f"the key reached the {where}"
    # The runner removes its workspace before it reports; the local task's own directory goes
    # when its process has exited, which may be a moment after the status is final.
    tasks_dir = stack.data_dir / "tasks"
    deadline = time.monotonic() + 15
    while tasks_dir.exists() and list(tasks_dir.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not tasks_dir.exists() or list(tasks_dir.iterdir()) == []
