"""One execution of many hosts on the local stack: slices, each run by a runner task of its own
under the state machine's Map, a failure budget, and reads that stay small whatever the host
count."""

import base64
import json
import os
import signal
import time
from typing import Any

from tests.e2e.stack import RunningStack
from tests.processes import pids_with_environment

LOCAL = {"ansible_connection": "local"}
FINAL = {"SUCCESS", "FAILURE", "STOPPED", "KILLED"}
# A trivial task for every host; a host whose hostVars say so fails; a slow one sleeps first.
PLAYBOOK = base64.b64encode(
    b"""- hosts: all
  gather_facts: false
  tasks:
    - name: slow down
      command: sleep 60
      when: slow | default(false) | bool
    - name: greet
      debug:
        msg: "{{ inventory_hostname }} of {{ group | default('none') }}"
    - name: fail where asked
      fail:
        msg: asked to fail
      when: fail_me | default(false) | bool
"""
).decode()


def item_size(item: dict[str, Any]) -> int:
    """An item's size as DynamoDB counts it, near enough: its names and values in bytes."""
    return sum(len(name.encode()) + len(json.dumps(value).encode()) for name, value in item.items())


def create_job(stack: RunningStack, token: str, hosts: list[dict[str, Any]], **fields: Any) -> str:
    answer = stack.call("POST", "/jobs/DEMO", token, json={"playbook": PLAYBOOK, "hosts": hosts, **fields})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def run(stack: RunningStack, token: str, job_id: str, timeout: float = 600) -> dict[str, Any]:
    answer = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={})
    assert answer.status_code == 201, answer.text
    return stack.wait_for_status(token, job_id, answer.json()["execution_id"], FINAL, timeout=timeout)


def every_host(stack: RunningStack, token: str, path: str, status: str | None = None) -> list[dict[str, Any]]:
    """Every host result of the execution at PATH, walked with nextToken."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"size": 400, **({"status": status} if status else {})}
    while True:
        answer = stack.call("GET", f"{path}/hosts", token, params=params)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        found.extend(page["hosts"])
        if not page["next_token"]:
            return found
        params["nextToken"] = page["next_token"]


def every_event(stack: RunningStack, token: str, path: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while True:
        page = stack.call("GET", f"{path}/events", token, params={"after": events[-1]["seq"] if events else 0}).json()
        if not page["events"]:
            return events
        events.extend(page["events"])


def whole_stdout(stack: RunningStack, token: str, path: str) -> bytes:
    text, offset = b"", 0
    while True:
        answer = stack.call("GET", f"{path}/stdout", token, params={"offset": offset, "limit": 200_000})
        assert answer.status_code == 200, answer.text
        text += answer.content
        if "X-Stdout-Next-Offset" not in answer.headers:
            return text
        offset = int(answer.headers["X-Stdout-Next-Offset"])


def test_a_thousand_hosts_run_in_slices_as_one_execution_and_restart_only_the_failed_one(
    stack: RunningStack, token: str
) -> None:
    # Given a job of 1,000 local hosts with a few hostVars each, one of them set to fail
    hosts: list[dict[str, Any]] = [
        {"id": f"h{n:04d}", "hostVars": {**LOCAL, "group": f"g{n % 10}", "note": "x" * 40}} for n in range(1, 1001)
    ]
    hosts[776]["hostVars"]["fail_me"] = True  # h0777
    job_id = create_job(stack, token, hosts, sliceSize=250, maxConcurrency=10)

    # When it runs
    execution = run(stack, token, job_id)
    path = f"/jobs/DEMO/{job_id}/executions/{execution['execution_id']}"

    # Then it is one execution of four slices: FAILURE on exactly the host that failed
    assert execution["status"] == "FAILURE", execution["status_reason"]
    assert (execution["slices"], execution["host_count"]) == (4, 1000)
    assert execution["failed_hosts"] == ["h0777"]
    assert execution["status_reason"] == "failed on 1 host(s): h0777"
    assert len(execution["host_summaries"]) == 1000
    assert execution["host_counts"] == {"ok": 999, "failed": 1}
    assert execution["host_summaries"]["h0001"]["ok"] == 1

    # And each host's result pages, by state or all of them
    failed = every_host(stack, token, path, "failed")
    assert [(h["host"], h["summary"]["failures"]) for h in failed] == [("h0777", 1)]
    assert sorted(h["host"] for h in every_host(stack, token, path)) == [host["id"] for host in hosts]
    assert {h["slice"] for h in every_host(stack, token, path, "ok")} == {0, 1, 2, 3}

    # And the events of every slice are there, numbered without a gap
    events = every_event(stack, token, path)
    assert [event["seq"] for event in events] == list(range(1, len(events) + 1))
    greeted = {e["host"] for e in events if e["event"] == "runner_on_ok" and e["task"] == "greet"}
    assert len(greeted) == 1000

    # And so is the stdout of every slice, paged, and one URL a slice
    stdout = whole_stdout(stack, token, path)
    assert b"h0001 of g1" in stdout
    assert b"h1000 of g0" in stdout
    links = stack.call("GET", f"{path}/stdout/url", token).json()
    assert [(run["run"], run["slice"]) for run in links["runs"]] == [(1, 0), (1, 1), (1, 2), (1, 3)]

    # And no item the run wrote comes near DynamoDB's limit
    mine = [item for item in stack.table_items() if execution["execution_id"] in item["pk"]["S"]]
    assert len(mine) > 1000
    assert max(item_size(item) for item in mine) < 100_000

    # When only the failed host is restarted, fixed
    body = {"hosts": [{"id": "h0777", "hostVars": {"fail_me": False}}]}
    answer = stack.call("POST", f"{path}/restart", token, json=body)
    assert answer.status_code == 200, answer.text
    restarted = stack.wait_for(path, token, FINAL, timeout=300)

    # Then one slice of one host ran, and the execution is SUCCESS over all 1,000
    assert restarted["status"] == "SUCCESS", restarted["status_reason"]
    assert (restarted["slices"], restarted["failed_hosts"]) == (1, [])
    assert restarted["host_counts"] == {"ok": 1000}
    second = [event for event in every_event(stack, token, path) if event["run"] == 2 and event.get("host")]
    assert {event["host"] for event in second} == {"h0777"}


def test_a_spent_failure_budget_starts_no_more_slices_and_lists_their_hosts_not_run(
    stack: RunningStack, token: str
) -> None:
    # Given 30 hosts in slices of 10, one slice at a time, where three of the first slice fail
    hosts: list[dict[str, Any]] = [{"id": f"h{n:02d}", "hostVars": dict(LOCAL)} for n in range(1, 31)]
    for host in hosts[:3]:
        host["hostVars"]["fail_me"] = True
    job_id = create_job(stack, token, hosts, sliceSize=10, maxConcurrency=1, maxErrors="2")

    # When it runs
    execution = run(stack, token, job_id)
    path = f"/jobs/DEMO/{job_id}/executions/{execution['execution_id']}"

    # Then the first slice ran, the later two did not, and their hosts say why
    assert execution["status"] == "FAILURE"
    assert execution["host_counts"] == {"ok": 7, "failed": 3, "not_run": 20}
    not_run = every_host(stack, token, path, "not_run")
    assert [h["host"] for h in not_run] == [f"h{n:02d}" for n in range(11, 31)]
    assert all("over maxErrors 2" in h["reason"] for h in not_run)
    # And they count as failed: a restart would run them
    assert execution["failed_hosts"] == ["h01", "h02", "h03", *(f"h{n:02d}" for n in range(11, 31))]


def test_a_runner_killed_in_one_slice_of_three_fails_only_that_slices_hosts(stack: RunningStack, token: str) -> None:
    # Given six hosts in three slices, the second slice's slow
    hosts = [{"id": f"h{n}", "hostVars": {**LOCAL, "slow": n in (3, 4)}} for n in range(1, 7)]
    job_id = create_job(stack, token, hosts, sliceSize=2, maxConcurrency=3)
    started = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={}).json()
    execution_id = started["execution_id"]

    # When the second slice's runner dies without a word
    deadline = time.monotonic() + 120
    runners: list[int] = []
    while not runners and time.monotonic() < deadline:
        ours = set(pids_with_environment(f"PLAYRUNNER_EXECUTION_ID={execution_id}", "playrunner.runner"))
        runners = sorted(ours & set(pids_with_environment("PLAYRUNNER_SLICE=1")))
        time.sleep(0.2)
    assert runners, "the second slice's runner never started"
    os.kill(runners[0], signal.SIGKILL)

    # Then its hosts alone failed, unreachable, saying why; the other slices kept their results
    execution = stack.wait_for_status(token, job_id, execution_id, FINAL, timeout=180)
    path = f"/jobs/DEMO/{job_id}/executions/{execution_id}"
    assert execution["status"] == "FAILURE"
    assert execution["failed_hosts"] == ["h3", "h4"]
    assert execution["status_reason"].startswith("slice 2 of 3: the runner stopped reporting")
    states = {h["host"]: h["state"] for h in every_host(stack, token, path)}
    assert states == {"h1": "ok", "h2": "ok", "h3": "unreachable", "h4": "unreachable", "h5": "ok", "h6": "ok"}


def test_a_job_of_ten_thousand_hosts_saves_and_reads_back(stack: RunningStack, token: str) -> None:
    hosts = [{"id": f"host-{n:05d}"} for n in range(10_000)]
    job_id = create_job(stack, token, hosts)

    job = stack.call("GET", f"/jobs/DEMO/{job_id}", token).json()
    assert [host["id"] for host in job["hosts"]] == [host["id"] for host in hosts]
    assert job["hostCount"] == 10_000

    # A list of jobs names its large ones' hosts only by count
    listed = stack.call("GET", "/jobs/DEMO", token, params={"size": 100}).json()["results"]
    mine = next(found for found in listed if found["id"] == job_id)
    assert (mine["hosts"], mine["hostCount"], mine["hostsTruncated"]) == ([], 10_000, True)

    # And no item holds them all
    items = [item for item in stack.table_items() if job_id in item["pk"]["S"] or job_id in item["sk"]["S"]]
    assert max(item_size(item) for item in items) < 100_000


def test_a_stop_reaches_the_running_slice_and_starts_no_other(stack: RunningStack, token: str) -> None:
    # Given six hosts in three slices run one at a time, the first slice slow
    hosts = [{"id": f"h{n}", "hostVars": {**LOCAL, "slow": n in (1, 2)}} for n in range(1, 7)]
    job_id = create_job(stack, token, hosts, sliceSize=2, maxConcurrency=1)
    execution_id = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={}).json()["execution_id"]
    path = f"/jobs/DEMO/{job_id}/executions/{execution_id}"
    assert stack.wait_for(path, token, {"RUNNING"}, timeout=120)["status"] == "RUNNING"

    # When it is stopped, giving the current task a second
    answer = stack.call("POST", f"{path}/stop", token, json={"expiryDuration": 1})
    assert answer.status_code == 200, answer.text

    # Then it ends STOPPED: the running slice was interrupted, the later ones never started
    execution = stack.wait_for(path, token, FINAL, timeout=120)
    assert execution["status"] == "STOPPED"
    states = {h["host"]: h["state"] for h in every_host(stack, token, path)}
    assert states == {"h1": "failed", "h2": "failed", **dict.fromkeys(("h3", "h4", "h5", "h6"), "not_run")}
    not_run = every_host(stack, token, path, "not_run")
    assert all("stopping before slice" in h["reason"] for h in not_run)
