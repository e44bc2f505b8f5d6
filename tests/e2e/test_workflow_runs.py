"""Workflow runs over HTTP on the local stack: each workflow's own state machine in moto's
interpreter, each task a real playbook run through the execution state machine and the runner."""

import base64
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.stack import RunningStack

LOCAL_HOST = [{"id": "web1", "hostVars": {"ansible_connection": "local"}}]

# One playbook serves every task: it fails until the file named by `needs` exists, appends a
# line to a file named after its task, makes the file named by `creates`, and passes
# `give_build` on with set_stats.
TASK_PLAYBOOK = base64.b64encode(
    b"""- hosts: all
  gather_facts: false
  tasks:
    - name: look for what the task needs
      stat:
        path: "{{ needs | default('/') }}"
      register: needed
    - name: fail until it is there
      fail:
        msg: not ready
      when: not needed.stat.exists
    - name: record the run
      shell: >-
        echo "ran build={{ build | default('none') }} release={{ release | default('none') }}"
        >> {{ out_dir }}/{{ task_name }}
    - name: make what another task needs
      copy:
        content: made
        dest: "{{ creates }}"
      when: creates is defined
    - name: pass data on
      set_stats:
        data:
          build: "{{ give_build }}"
      when: give_build is defined
"""
).decode()
BAD_REPOSITORY = {"url": "file:///nonexistent/playrunner/repo.git", "defaultPlaybook": "site.yml"}
ENDED = {"complete", "error", "canceled"}


def create_job(stack: RunningStack, token: str, **fields: Any) -> str:
    document = {"playbook": TASK_PLAYBOOK, "hosts": LOCAL_HOST, **fields}
    answer = stack.call("POST", "/jobs/DEMO", token, json=document)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def task(job_id: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"jobId": job_id, "variables": {"task_name": name, **fields.pop("variables", {})}, **fields}


def define(stack: RunningStack, token: str, document: dict[str, Any]) -> None:
    answer = stack.call("POST", "/workflows/DEMO", token, json=document)
    assert answer.status_code == 201, answer.text


def start_run(stack: RunningStack, token: str, workflow: str, out_dir: Path, **options: Any) -> dict[str, Any]:
    variables = {"out_dir": str(out_dir), **options.pop("variables", {})}
    body = {"workflow": workflow, "options": {"variables": variables, **options}}
    answer = stack.call("POST", "/workflows/DEMO/jobs/start", token, json=body)
    assert answer.status_code == 200, answer.text
    started = answer.json()
    assert started["message"]
    assert started["data"]["status"] == "running"
    return dict(started["data"])


def wait_for_run(stack: RunningStack, token: str, run_id: str, timeout: float = 180) -> dict[str, Any]:
    return stack.wait_for(f"/workflows/DEMO/runs/{run_id}", token, ENDED, timeout)


def ran(out_dir: Path) -> dict[str, list[str]]:
    return {path.name: path.read_text().splitlines() for path in sorted(out_dir.iterdir())}


def test_success_leads_on_and_set_stats_reach_the_next_task(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    # Given A (which passes a build number on) leading to B on success, and C on failure
    job = create_job(stack, token)
    define(
        stack,
        token,
        {
            "name": "success-path",
            "start": "A",
            "tasks": {
                "A": task(job, "A", variables={"give_build": "42"}, transitions={"success": ["B"], "failure": ["C"]}),
                "B": task(job, "B", variables={"release": "r1"}),
                "C": task(job, "C"),
            },
        },
    )

    # When it runs
    started = start_run(stack, token, "success-path", playbook_dir, description="first", type="deploy")
    run = wait_for_run(stack, token, started["id"])

    # Then A then B ran, B saw A's set_stats, and C never ran
    assert run["status"] == "complete", run
    assert ran(playbook_dir) == {"A": ["ran build=none release=none"], "B": ["ran build=42 release=r1"]}
    assert [run["tasks"][t]["status"] for t in "ABC"] == ["succeeded", "succeeded", "not_run"]
    assert run["tasks"]["A"]["artifacts"] == {"build": 42}  # set_stats data keeps its type
    assert run["errors"] == []
    assert run["metrics"]["progress"] == 1.0  # every task has ended: run, or never to run
    assert run["metrics"]["end_time"] >= run["metrics"]["start_time"]
    assert (run["description"], run["type"], run["created_by"]) == ("first", "deploy", "admin")

    # And each task's execution is a workflow execution with the variables it ran with
    execution = stack.call("GET", f"/executions/DEMO/{run['tasks']['B']['execution_id']}", token).json()
    assert execution["launch_type"] == "workflow"
    assert execution["workflow_run_id"] == run["id"]
    assert execution["variables"]["build"] == 42


def test_failure_takes_the_failure_transition(stack: RunningStack, token: str, playbook_dir: Path) -> None:
    job = create_job(stack, token)
    define(
        stack,
        token,
        {
            "name": "failure-path",
            "start": "A",
            "tasks": {
                "A": task(
                    job,
                    "A",
                    variables={"needs": str(playbook_dir / "missing")},
                    transitions={"success": ["B"], "failure": ["C"]},
                ),
                "B": task(job, "B"),
                "C": task(job, "C"),
            },
        },
    )

    run = wait_for_run(stack, token, start_run(stack, token, "failure-path", playbook_dir)["id"])

    # A failure with a transition is part of the plan: the run is complete, the failure listed
    assert run["status"] == "complete", run
    assert ran(playbook_dir) == {"C": ["ran build=none release=none"]}
    assert run["tasks"]["A"]["status"] == "failed"
    assert [(error["task"], error["attempt"]) for error in run["errors"]] == [("A", 1)]
    assert "FAILURE" in run["errors"][0]["message"]


def test_an_error_with_no_transition_runs_the_error_handler(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    # Given a deploy runbook whose deploy job's repository does not exist
    job = create_job(stack, token)
    broken = create_job(stack, token, playbook=None, repository=BAD_REPOSITORY)
    define(
        stack,
        token,
        {
            "name": "runbook-error",
            "start": "prepare",
            "errorHandler": "rollback",
            "tasks": {
                "prepare": task(job, "prepare", transitions={"success": ["deploy"]}),
                "deploy": task(broken, "deploy", transitions={"success": ["verify"], "failure": ["verify"]}),
                "verify": task(job, "verify"),
                "rollback": task(job, "rollback"),
            },
        },
    )

    run = wait_for_run(stack, token, start_run(stack, token, "runbook-error", playbook_dir)["id"])

    # Then the error (not a failure) went to the handler, and the run ended in error
    assert run["status"] == "error", run
    assert ran(playbook_dir) == {
        "prepare": ["ran build=none release=none"],
        "rollback": ["ran build=none release=none"],
    }
    assert run["tasks"]["deploy"]["status"] == "errored"
    assert run["tasks"]["rollback"]["status"] == "succeeded"
    assert run["errors"][0]["task"] == "deploy"
    assert "PlaybookSourceError" in run["errors"][0]["message"]


def test_parallel_branches_both_run(stack: RunningStack, token: str, playbook_dir: Path) -> None:
    job = create_job(stack, token)
    define(
        stack,
        token,
        {
            "name": "fan-out",
            "start": "A",
            "tasks": {
                "A": task(job, "A", variables={"give_build": "7"}, transitions={"success": ["B", "C"]}),
                "B": task(job, "B"),
                "C": task(job, "C", transitions={"success": ["D"]}),
                "D": task(job, "D"),
            },
        },
    )

    run = wait_for_run(stack, token, start_run(stack, token, "fan-out", playbook_dir)["id"])

    assert run["status"] == "complete", run
    assert ran(playbook_dir) == {
        "A": ["ran build=none release=none"],
        "B": ["ran build=7 release=none"],
        "C": ["ran build=7 release=none"],
        "D": ["ran build=7 release=none"],
    }
    # The state machine's graph shows the branches side by side
    machines = stack.aws("stepfunctions").list_state_machines()["stateMachines"]
    arn = next(m["stateMachineArn"] for m in machines if m["name"].endswith("DEMO-fan-out"))
    definition = stack.aws("stepfunctions").describe_state_machine(stateMachineArn=arn)["definition"]
    assert '"Type": "Parallel"' in definition


def test_resume_reruns_only_the_failed_task_and_what_follows(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    # Given A -> B -> C where B fails until a file exists
    job = create_job(stack, token)
    fix = playbook_dir.parent / f"{playbook_dir.name}-fix"
    define(
        stack,
        token,
        {
            "name": "resumable",
            "start": "A",
            "tasks": {
                "A": task(job, "A", variables={"give_build": "9"}, transitions={"success": ["B"]}),
                "B": task(job, "B", variables={"needs": str(fix)}, transitions={"success": ["C"]}),
                "C": task(job, "C"),
            },
        },
    )
    first = wait_for_run(stack, token, start_run(stack, token, "resumable", playbook_dir)["id"])
    assert first["status"] == "error", first
    assert first["tasks"]["B"]["status"] == "failed"
    assert stack.call("POST", f"/workflows/DEMO/runs/{first['id']}/resume", token).status_code == 200

    # Nothing ran again while it was still failing: fix it and resume
    second = wait_for_run(stack, token, first["id"])
    assert second["status"] == "error"
    assert second["attempt"] == 2
    fix.write_text("fixed")
    resumed = stack.call("POST", f"/workflows/DEMO/runs/{first['id']}/resume", token)
    assert resumed.status_code == 200, resumed.text
    run = wait_for_run(stack, token, first["id"])

    # Then A was reused (with its set_stats), B and C ran, and the run is complete
    assert run["status"] == "complete", run
    assert run["attempt"] == 3
    assert run["tasks"]["A"]["status"] == "reused"
    assert run["tasks"]["A"]["executions"] == first["tasks"]["A"]["executions"]
    assert len(run["tasks"]["B"]["executions"]) == 3
    assert ran(playbook_dir) == {
        "A": ["ran build=none release=none"],
        "B": ["ran build=9 release=none"],
        "C": ["ran build=9 release=none"],
    }
    assert [(error["task"], error["attempt"]) for error in run["errors"]] == [("B", 1), ("B", 2)]

    # And a complete run cannot be resumed
    again = stack.call("POST", f"/workflows/DEMO/runs/{first['id']}/resume", token)
    assert again.status_code == 409
    assert again.json()["error_code"] == "RUN_STATE_CONFLICT"


def test_a_loop_runs_again_up_to_its_max_iterations(stack: RunningStack, token: str, playbook_dir: Path) -> None:
    # Given deploy, which fails until fix has made what it needs, and loops back through fix
    job = create_job(stack, token)
    needed = playbook_dir.parent / f"{playbook_dir.name}-needed"
    loop = {
        "deploy": task(
            job,
            "deploy",
            variables={"needs": str(needed)},
            maxIterations=2,
            transitions={"success": ["verify"], "failure": ["fix"]},
        ),
        "fix": task(job, "fix", variables={"creates": str(needed)}, transitions={"success": ["deploy"]}),
        "verify": task(job, "verify"),
    }
    define(stack, token, {"name": "retry-loop", "start": "deploy", "tasks": loop})

    run = wait_for_run(stack, token, start_run(stack, token, "retry-loop", playbook_dir)["id"])

    # Then deploy ran twice, the second time after the fix, and the run went on to verify
    assert run["status"] == "complete", run
    assert run["tasks"]["deploy"]["iterations"] == 2
    assert len(run["tasks"]["deploy"]["executions"]) == 2
    assert set(ran(playbook_dir)) == {"deploy", "fix", "verify"}

    # And a fix that fixes nothing stops at maxIterations: the third deploy is an error
    loop["fix"]["variables"] = {"task_name": "fix"}
    needed.unlink()
    define(stack, token, {"name": "endless-loop", "start": "deploy", "tasks": loop})
    stuck = wait_for_run(stack, token, start_run(stack, token, "endless-loop", playbook_dir)["id"])
    assert stuck["status"] == "error", stuck
    assert stuck["tasks"]["deploy"]["status"] == "errored", stuck
    assert "maxIterations" in stuck["errors"][-1]["message"]


def test_cancel_stops_the_run_and_its_executions(stack: RunningStack, token: str, playbook_dir: Path) -> None:
    slow = create_job(
        stack,
        token,
        playbook=base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep 60\n").decode(),
    )
    define(stack, token, {"name": "slow", "start": "A", "tasks": {"A": task(slow, "A")}})
    run_id = start_run(stack, token, "slow", playbook_dir)["id"]
    deadline = time.monotonic() + 60
    while stack.call("GET", f"/workflows/DEMO/runs/{run_id}", token).json()["tasks"]["A"]["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)

    canceled = stack.call("POST", f"/workflows/DEMO/runs/{run_id}/cancel", token)

    assert canceled.status_code == 200, canceled.text
    assert canceled.json()["status"] == "canceled"
    execution_id = canceled.json()["tasks"]["A"]["execution_id"]
    execution = stack.wait_for_status(token, slow, execution_id, {"KILLED", "SUCCESS", "FAILURE"})
    assert execution["status"] == "KILLED"
    assert stack.call("POST", f"/workflows/DEMO/runs/{run_id}/cancel", token).status_code == 409


def test_a_run_with_groups_is_hidden_from_users_outside_them(
    stack: RunningStack, token: str, playbook_dir: Path
) -> None:
    job = create_job(stack, token)
    define(stack, token, {"name": "private", "start": "A", "tasks": {"A": task(job, "A")}})
    cognito = stack.aws("cognito-idp")
    pool = stack.state["resources"]["user_pool_id"]
    for user in ("dora", "eve"):
        stack.add_user("DEMO", user, f"{user.title()}-Pass-12345!")
    cognito.create_group(UserPoolId=pool, GroupName="release-managers")
    cognito.admin_add_user_to_group(UserPoolId=pool, Username="dora", GroupName="release-managers")

    run_id = start_run(stack, token, "private", playbook_dir, groups=["release-managers"])["id"]

    member = stack.login("dora", "Dora-Pass-12345!")
    outsider = stack.login("eve", "Eve-Pass-12345!")
    assert stack.call("GET", f"/workflows/DEMO/runs/{run_id}", member).status_code == 200
    hidden = stack.call("GET", f"/workflows/DEMO/runs/{run_id}", outsider)
    assert hidden.status_code == 404
    assert hidden.json()["error_code"] == "RUN_NOT_FOUND"
    assert stack.call("POST", f"/workflows/DEMO/runs/{run_id}/cancel", outsider).status_code == 404
    assert wait_for_run(stack, token, run_id)["status"] == "complete"  # its creator sees it


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"workflow": "w", "colour": "blue"}, "colour"),
        ({"workflow": "w", "options": {"colour": "blue"}}, "options.colour"),
        ({"options": {}}, "workflow"),
        ({"workflow": "w", "options": {"variables": []}}, "options.variables"),
        ({"workflow": "w", "options": {"groups": "ops"}}, "options.groups"),
    ],
)
def test_bad_starts_are_400(stack: RunningStack, token: str, body: dict[str, Any], field: str) -> None:
    answer = stack.call("POST", "/workflows/DEMO/jobs/start", token, json=body)
    assert answer.status_code == 400, answer.text
    assert field in {detail["field"] for detail in answer.json()["details"]}


def test_unknown_workflows_and_runs_are_404(stack: RunningStack, token: str) -> None:
    answer = stack.call("POST", "/workflows/DEMO/jobs/start", token, json={"workflow": "nope"})
    assert answer.status_code == 404
    assert answer.json()["error_code"] == "WORKFLOW_NOT_FOUND"
    assert stack.call("GET", "/workflows/DEMO/runs/nope", token).json()["error_code"] == "RUN_NOT_FOUND"


HOSTILE_SET_STATS = base64.b64encode(
    b"""- hosts: all
  gather_facts: false
  tasks:
    - name: hand the next task a become executable
      set_stats:
        data:
          ansible_become_exe: "id > /tmp/playrunner-set-stats; exit 0; sudo"
"""
).decode()


def test_set_stats_data_obeys_the_variable_rule(stack: RunningStack, token: str, playbook_dir: Path) -> None:
    # Given A, whose set_stats data sets a become executable, and B after it
    hostile = create_job(stack, token, playbook=HOSTILE_SET_STATS)
    job = create_job(stack, token)
    tasks = {"A": task(hostile, "A", transitions={"success": ["B"]}), "B": task(job, "B")}
    define(stack, token, {"name": "set-stats-rule", "start": "A", "tasks": tasks})

    run = wait_for_run(stack, token, start_run(stack, token, "set-stats-rule", playbook_dir)["id"])

    # Then B never ran: it errored, with the variable and where it came from in the run's errors
    assert run["status"] == "error", run
    assert run["tasks"]["A"]["status"] == "succeeded", run
    assert run["tasks"]["B"]["status"] == "errored", run
    assert not run["tasks"]["B"].get("executions"), run
    (error,) = [e for e in run["errors"] if e["task"] == "B"]
    assert "set_stats data passed to task B may not set ansible_become_exe" in error["message"]
    assert "B" not in ran(playbook_dir)
