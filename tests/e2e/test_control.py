"""Execution control over HTTP on the local stack: restart, relaunch, stop, kill, their races,
and idempotent starts. Hosts run with ansible_connection=local; whether a host fails is
decided by a marker file the test creates and removes."""

import base64
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.stack import RunningStack
from tests.keys import b64, openssh_private_key, secret_fragments
from tests.processes import pids_with_environment

LOCAL = {"ansible_connection": "local"}
FINAL = {"SUCCESS", "FAILURE", "STOPPED", "KILLED"}


def playbook(tasks: str) -> str:
    return base64.b64encode(f"- hosts: all\n  gather_facts: false\n  tasks:\n{tasks}".encode()).decode()


# A host fails while a file named after it exists in the markers directory.
MARKED_FAILS = playbook(
    "    - name: ping\n      ping:\n"
    "    - name: no marker\n      command: test ! -e {{ markers }}/{{ inventory_hostname }}\n"
)
LONG_TASK = playbook("    - name: ping\n      ping:\n    - name: long\n      command: sleep 300\n")


class Jobs:
    def __init__(self, stack: RunningStack, token: str, markers: Path) -> None:
        self.stack, self.token, self.markers = stack, token, markers

    def create(self, hosts: tuple[str, ...] = ("web1", "web2", "web3"), document: str = MARKED_FAILS) -> str:
        body = {
            "playbook": document,
            "hosts": [{"id": host, "hostVars": LOCAL} for host in hosts],
            "properties": {"markers": str(self.markers)},
        }
        answer = self.stack.call("POST", "/jobs/DEMO", self.token, json=body)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    def post(self, path: str, body: dict[str, Any] | None = None, token: str | None = None, **kwargs: Any) -> Any:
        return self.stack.call("POST", f"/jobs/DEMO/{path}", token or self.token, json=body or {}, **kwargs)

    def start(self, job_id: str, body: dict[str, Any] | None = None, token: str | None = None) -> str:
        answer = self.post(f"{job_id}/start", body, token)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["execution_id"])

    def wait(self, job_id: str, execution_id: str, statuses: set[str] = FINAL, timeout: float = 120) -> Any:
        return self.stack.wait_for_status(self.token, job_id, execution_id, statuses, timeout)

    def events(self, job_id: str, execution_id: str) -> list[dict[str, Any]]:
        path = f"/jobs/DEMO/{job_id}/executions/{execution_id}/events"
        return list(self.stack.call("GET", path, self.token).json()["events"])

    def fail_on(self, *hosts: str) -> None:
        for host in hosts:
            (self.markers / host).touch()

    def heal(self, *hosts: str) -> None:
        for host in hosts:
            (self.markers / host).unlink()

    def failed_run(self, *failing: str) -> tuple[str, str]:
        """A job over web1..web3 whose first run failed on FAILING."""
        job_id = self.create()
        self.fail_on(*failing)
        execution_id = self.start(job_id)
        execution = self.wait(job_id, execution_id)
        assert (execution["status"], execution["failed_hosts"]) == ("FAILURE", sorted(failing)), execution
        return job_id, execution_id


@pytest.fixture
def jobs(stack: RunningStack, token: str, playbook_dir: Path) -> Jobs:
    return Jobs(stack, token, playbook_dir)


def concurrently(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    barrier = threading.Barrier(len(calls))
    answers: list[requests.Response | None] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        answers[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [answer for answer in answers if answer is not None]


def test_restart_runs_only_the_failed_host_again(jobs: Jobs) -> None:
    # Given a run that failed on web2 only
    job_id, execution_id = jobs.failed_run("web2")
    first = jobs.wait(job_id, execution_id)

    # When the cause is removed and the execution restarted
    jobs.heal("web2")
    answer = jobs.post(f"{job_id}/executions/{execution_id}/restart")

    # Then the same execution runs again, on web2 alone, to SUCCESS
    assert answer.status_code == 200, answer.text
    assert (answer.json()["execution_id"], answer.json()["status"]) == (execution_id, "PENDING")
    execution = jobs.wait(job_id, execution_id)
    assert execution["status"] == "SUCCESS", execution
    assert execution["failed_hosts"] == []
    assert len(execution["timers"]) == 2
    assert execution["hosts"] == ["web1", "web2", "web3"]
    assert execution["host_summaries"]["web1"] == first["host_summaries"]["web1"]
    assert execution["host_summaries"]["web2"] == {"ok": 2, "changed": 1, "failures": 0, "skipped": 0, "unreachable": 0}
    second_run = [event for event in jobs.events(job_id, execution_id) if event["run"] == 2]
    assert second_run, "the second run recorded no event"
    assert {event["host"] for event in second_run if event.get("host")} == {"web2"}

    # And a SUCCESS execution cannot be restarted: 409 naming its status
    again = jobs.post(f"{job_id}/executions/{execution_id}/restart")
    assert (again.status_code, again.json()["error_code"]) == (409, "EXECUTION_STATE_CONFLICT")
    assert "SUCCESS" in again.json()["error_msg"]


def test_restart_with_a_subset_keeps_the_other_failed_host_failed(jobs: Jobs) -> None:
    # Given a run that failed on web2 and web3
    job_id, execution_id = jobs.failed_run("web2", "web3")
    jobs.heal("web2", "web3")

    # When only web3 is restarted
    answer = jobs.post(f"{job_id}/executions/{execution_id}/restart", {"hosts": [{"id": "web3"}]})
    assert answer.status_code == 200, answer.text
    execution = jobs.wait(job_id, execution_id)

    # Then web3 passed, web2 is still failed, and the execution is still FAILURE
    assert (execution["status"], execution["failed_hosts"]) == ("FAILURE", ["web2"]), execution
    assert execution["host_summaries"]["web3"]["failures"] == 0
    assert execution["host_summaries"]["web2"]["failures"] == 1

    # And a host the job does not know is refused unless its data is given
    unknown = jobs.post(f"{job_id}/executions/{execution_id}/restart", {"hosts": [{"id": "db9"}]})
    assert (unknown.status_code, unknown.json()["error_code"]) == (400, "UNKNOWN_HOST")
    assert jobs.wait(job_id, execution_id)["status"] == "FAILURE"  # the refusal changed nothing

    # And the default restart takes the one failed host left, with a new host given with its data
    body = {"hosts": [{"id": "web2"}, {"id": "extra1", "hostVars": LOCAL}]}
    assert jobs.post(f"{job_id}/executions/{execution_id}/restart", body).status_code == 200
    execution = jobs.wait(job_id, execution_id)
    assert execution["status"] == "SUCCESS", execution
    assert execution["hosts"] == ["web1", "web2", "web3", "extra1"]
    assert len(execution["timers"]) == 3


def test_relaunch_all_and_failed(jobs: Jobs) -> None:
    job_id, execution_id = jobs.failed_run("web3")

    # relaunch failed: a new execution on web3 only, still failing
    failed = jobs.post(f"{job_id}/executions/{execution_id}/relaunch", {"hosts": "failed"})
    assert failed.status_code == 201, failed.text
    relaunched = failed.json()
    assert relaunched["execution_id"] != execution_id
    assert (relaunched["launch_type"], relaunched["relaunched_from"]) == ("relaunch", execution_id)
    assert relaunched["limit"] == ["web3"]
    assert failed.headers["Location"].endswith(relaunched["execution_id"])
    assert jobs.wait(job_id, relaunched["execution_id"])["failed_hosts"] == ["web3"]

    # relaunch (all, the default) after the fix: every host, SUCCESS
    jobs.heal("web3")
    every = jobs.post(f"{job_id}/executions/{execution_id}/relaunch")
    assert every.status_code == 201
    execution = jobs.wait(job_id, every.json()["execution_id"])
    assert (execution["status"], execution["limit"]) == ("SUCCESS", ["web1", "web2", "web3"])

    # "failed" of an execution with no failed host is refused; the original is untouched
    none_failed = jobs.post(f"{job_id}/executions/{every.json()['execution_id']}/relaunch", {"hosts": "failed"})
    assert (none_failed.status_code, none_failed.json()["error_code"]) == (400, "NO_FAILED_HOSTS")
    bad = jobs.post(f"{job_id}/executions/{execution_id}/relaunch", {"hosts": "some"})
    assert bad.status_code == 400
    assert jobs.wait(job_id, execution_id)["status"] == "FAILURE"


def test_relaunch_needs_the_key_again_from_another_user(stack: RunningStack, jobs: Jobs) -> None:
    # Given an execution started by admin with a private key of their own
    stack.add_user("DEMO", "bob", "Bob-Pass-12345!")
    bob = stack.login("bob", "Bob-Pass-12345!")
    job_id = jobs.create(hosts=("web1",))
    execution_id = jobs.start(job_id, {"sshPrivateKey": b64(openssh_private_key())})
    jobs.wait(job_id, execution_id)
    path = f"{job_id}/executions/{execution_id}/relaunch"

    # When bob relaunches it without a key, he is asked for it; with one, it runs
    refused = jobs.post(path, token=bob)
    assert (refused.status_code, refused.json()["error_code"]) == (403, "SECRET_PROMPTS_REQUIRED")
    given = jobs.post(path, {"sshPrivateKey": b64(openssh_private_key())}, token=bob)
    assert given.status_code == 201, given.text
    assert given.json()["created_by"] == "bob"

    # And admin, who gave the key, relaunches without sending it again
    own = jobs.post(path)
    assert own.status_code == 201, own.text
    assert jobs.wait(job_id, own.json()["execution_id"])["status"] == "SUCCESS"


def test_restart_needs_the_key_again_from_another_user(stack: RunningStack, jobs: Jobs) -> None:
    # Given a FAILURE execution that admin started with a private key of their own
    stack.add_user("DEMO", "carol", "Carol-Pass-12345!")
    carol = stack.login("carol", "Carol-Pass-12345!")
    job_id = jobs.create(hosts=("web1",))
    jobs.fail_on("web1")
    execution_id = jobs.start(job_id, {"sshPrivateKey": b64(openssh_private_key())})
    assert jobs.wait(job_id, execution_id)["status"] == "FAILURE"
    jobs.heal("web1")
    path = f"{job_id}/executions/{execution_id}/restart"

    # When carol restarts it without a key, she is asked for it, and nothing changes
    refused = jobs.post(path, token=carol)
    assert (refused.status_code, refused.json()["error_code"]) == (403, "SECRET_PROMPTS_REQUIRED")
    assert jobs.wait(job_id, execution_id)["status"] == "FAILURE"

    # And with a key of her own it runs
    given = jobs.post(path, {"sshPrivateKey": b64(openssh_private_key())}, token=carol)
    assert given.status_code == 200, given.text
    assert jobs.wait(job_id, execution_id, timeout=120)["status"] == "SUCCESS"


def no_process_left(execution_id: str, timeout: float = 20) -> bool:
    """The runner and its playbook are gone (they may take a moment to exit after the final status)."""
    deadline = time.monotonic() + timeout
    while pids_with_environment(f"PLAYRUNNER_EXECUTION_ID={execution_id}"):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _running_the_long_task(jobs: Jobs, job_id: str, execution_id: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(e.get("task") == "long" for e in jobs.events(job_id, execution_id)):
            return
        time.sleep(0.2)
    raise AssertionError("the long task never started")


def test_stop_lets_the_run_end_stopped_with_the_finished_tasks_recorded(jobs: Jobs) -> None:
    # Given a run busy in a long task after a finished one
    job_id = jobs.create(hosts=("web1", "web2"), document=LONG_TASK)
    execution_id = jobs.start(job_id)
    _running_the_long_task(jobs, job_id, execution_id)

    # When it is stopped, giving the task a second to finish
    answer = jobs.post(f"{job_id}/executions/{execution_id}/stop", {"expiryDuration": 1})
    assert (answer.status_code, answer.json()["status"]) == (200, "STOPPING"), answer.text

    # Then it ends STOPPED, keeping the results of the task that finished
    execution = jobs.wait(job_id, execution_id, timeout=60)
    assert execution["status"] == "STOPPED", execution
    assert execution["status_reason"] == "stopped by admin"
    for host in ("web1", "web2"):
        assert execution["host_summaries"][host]["ok"] == 1
    assert no_process_left(execution_id)

    # And a finished execution cannot be stopped or killed
    for verb in ("stop", "kill"):
        late = jobs.post(f"{job_id}/executions/{execution_id}/{verb}")
        assert (late.status_code, late.json()["error_code"]) == (409, "EXECUTION_STATE_CONFLICT")


def test_kill_ends_the_run_at_once_and_leaves_no_process(jobs: Jobs) -> None:
    job_id = jobs.create(hosts=("web1", "web2"), document=LONG_TASK)
    execution_id = jobs.start(job_id)
    _running_the_long_task(jobs, job_id, execution_id)

    killed_at = time.monotonic()
    answer = jobs.post(f"{job_id}/executions/{execution_id}/kill")
    assert (answer.status_code, answer.json()["status"]) == (200, "KILLING"), answer.text

    execution = jobs.wait(job_id, execution_id, {"KILLED"}, timeout=30)
    assert execution["status"] == "KILLED"
    assert time.monotonic() - killed_at < 15
    assert execution["host_summaries"]["web1"]["ok"] == 1
    assert no_process_left(execution_id)


def test_a_pending_execution_can_be_stopped(jobs: Jobs) -> None:
    job_id = jobs.create(hosts=("web1",), document=LONG_TASK)
    execution_id = jobs.start(job_id)
    answer = jobs.post(f"{job_id}/executions/{execution_id}/stop", {"expiryDuration": 0})
    assert answer.status_code == 200, answer.text
    assert jobs.wait(job_id, execution_id, timeout=60)["status"] == "STOPPED"


def test_twenty_concurrent_restarts_make_one_run(jobs: Jobs) -> None:
    job_id, execution_id = jobs.failed_run("web1")
    jobs.heal("web1")
    path = f"{job_id}/executions/{execution_id}/restart"

    answers = concurrently([lambda: jobs.post(path) for _ in range(20)])

    assert sorted(a.status_code for a in answers) == [200] + [409] * 19, [a.text for a in answers]
    execution = jobs.wait(job_id, execution_id)
    assert execution["status"] == "SUCCESS"
    assert len(execution["timers"]) == 2
    runs = {event["run"] for event in jobs.events(job_id, execution_id)}
    assert runs == {1, 2}


def test_a_restart_racing_a_stop_never_both_win_on_the_same_state(jobs: Jobs) -> None:
    job_id, execution_id = jobs.failed_run("web1")
    base = f"{job_id}/executions/{execution_id}"

    restart, stop = concurrently([lambda: jobs.post(f"{base}/restart"), lambda: jobs.post(f"{base}/stop")])

    # The restart found FAILURE and won; the stop either found FAILURE too (409) or came after
    # the restart and stopped the new run: either way the record tells one consistent story.
    assert restart.status_code == 200, restart.text
    execution = jobs.wait(job_id, execution_id)
    if stop.status_code == 409:
        assert stop.json()["error_code"] == "EXECUTION_STATE_CONFLICT"
        assert execution["status"] == "FAILURE"  # web1 still has its marker
    else:
        assert stop.status_code == 200
        assert execution["status"] == "STOPPED"
    assert len(execution["timers"]) == 2


def test_two_concurrent_starts_are_two_complete_executions(jobs: Jobs) -> None:
    job_id = jobs.create(hosts=("web1", "web2"))
    answers = concurrently([lambda: jobs.post(f"{job_id}/start") for _ in range(2)])
    assert [a.status_code for a in answers] == [201, 201]
    ids = {a.json()["execution_id"] for a in answers}
    assert len(ids) == 2
    for execution_id in ids:
        execution = jobs.wait(job_id, execution_id)
        assert execution["status"] == "SUCCESS", execution
        events = jobs.events(job_id, execution_id)
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        assert events[-1]["event"] == "playbook_on_stats"


def test_an_idempotency_key_starts_once_per_body(jobs: Jobs) -> None:
    job_id = jobs.create(hosts=("web1",))
    body = {"jobParams": [{"name": "release", "value": "1"}]}
    key = {"Idempotency-Key": "deploy-2026-11-23"}

    first = jobs.post(f"{job_id}/start", body, headers=key)
    again = jobs.post(f"{job_id}/start", body, headers=key)
    other = jobs.post(f"{job_id}/start", {"jobParams": [{"name": "release", "value": "2"}]}, headers=key)
    fresh = jobs.post(f"{job_id}/start", body, headers={"Idempotency-Key": "deploy-2026-11-24"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["execution_id"] == first.json()["execution_id"]
    assert (other.status_code, other.json()["error_code"]) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert fresh.json()["execution_id"] != first.json()["execution_id"]
    listed = jobs.stack.call("GET", f"/jobs/DEMO/{job_id}/executions", jobs.token).json()
    assert listed["totalSize"] == 2

    # And a restart with a key restarts once
    jobs.fail_on("web1")
    failed = jobs.start(job_id)
    assert jobs.wait(job_id, failed)["status"] == "FAILURE"
    restart_key = {"Idempotency-Key": "retry-1"}
    answers = [jobs.post(f"{job_id}/executions/{failed}/restart", headers=restart_key) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()


def test_keys_given_to_start_restart_and_relaunch_stay_sealed(stack: RunningStack, jobs: Jobs) -> None:
    # Given keys sent with an idempotent start, a restart and a relaunch
    keys = [openssh_private_key() for _ in range(3)]
    job_id = jobs.create(hosts=("web1",))
    jobs.fail_on("web1")
    key_header = {"Idempotency-Key": "sealed-1"}
    started = jobs.post(f"{job_id}/start", {"sshPrivateKey": b64(keys[0])}, headers=key_header)
    execution_id = started.json()["execution_id"]
    jobs.wait(job_id, execution_id)
    base = f"{job_id}/executions/{execution_id}"
    responses = [
        started,
        jobs.post(f"{base}/restart", {"sshPrivateKey": b64(keys[1])}, headers={"Idempotency-Key": "sealed-2"}),
    ]
    jobs.wait(job_id, execution_id)
    responses.append(jobs.post(f"{base}/relaunch", {"sshPrivateKey": b64(keys[2])}))
    jobs.wait(job_id, responses[-1].json()["execution_id"])
    assert [r.status_code for r in responses] == [201, 200, 201]

    # Then no response, log line or table item (idempotency records included) holds them
    items = stack.table_items()
    assert any(item["pk"]["S"].startswith("IDEMPOTENCY#") for item in items)
    haystacks = {"responses": "".join(r.text for r in responses), "log": stack.log(), "table": str(items)}
    for key in keys:
        for fragment in secret_fragments(key):
            for where, text in haystacks.items():
                assert fragment not in text, f"a key reached the {where}"
