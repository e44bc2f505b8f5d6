"""The local stack keeps its data across a restart with the same data directory."""

import base64
import signal
import subprocess
import sys
import time
from pathlib import Path

from playrunner.local.stack import SNAPSHOT_INTERVAL_SECONDS
from tests.e2e.jobs import job_document
from tests.e2e.stack import start_stack
from tests.processes import alive, command_line, pids_with_environment, wait_for_playbook

SLEEPS = base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep 300\n").decode()


def test_jobs_and_users_survive_a_restart(tmp_path: Path) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "serve.log"
    # Given a job created on a running stack, which is then stopped with SIGTERM
    first = start_stack(data_dir, log)
    try:
        token = first.login()
        job_id = first.call("POST", "/jobs/DEMO", token, json=job_document(description="kept")).json()["id"]
        workflow = {"name": "kept-workflow", "start": "only", "tasks": {"only": {"jobId": job_id}}}
        assert first.call("POST", "/workflows/DEMO", token, json=workflow).status_code == 201
    finally:
        assert first.stop() == 0
    assert "playrunner stopped" in first.log()

    # And a user added while no stack runs
    subprocess.run(
        [
            sys.executable,
            "-m",
            "playrunner.cli",
            "users",
            "add",
            "--data-dir",
            str(data_dir),
            "--account",
            "DEMO",
            "--username",
            "dora",
            "--password",
            "Dora-Pass-123!",
        ],
        check=True,
        capture_output=True,
    )

    # When the stack starts again on the same data directory (the admin password unchanged)
    second = start_stack(data_dir, log)
    try:
        # Then the job is there, old and new users log in, and the old stack's token still verifies
        assert second.call("GET", f"/jobs/DEMO/{job_id}", token).json()["description"] == "kept"
        assert second.login("dora", "Dora-Pass-123!")
        assert second.login()
        # And the workflow runs: its state machine, which moto did not keep, is made again
        started = second.call("POST", "/workflows/DEMO/jobs/start", token, json={"workflow": "kept-workflow"})
        assert started.status_code == 200, started.text
        run = second.wait_for(f"/workflows/DEMO/runs/{started.json()['data']['id']}", token, {"complete", "error"})
        assert run["status"] == "complete", run
    finally:
        second.stop()


def test_two_stacks_cannot_share_a_data_directory(tmp_path: Path) -> None:
    running = start_stack(tmp_path / "data", tmp_path / "one.log")
    try:
        again = subprocess.run(
            [
                sys.executable,
                "-m",
                "playrunner.cli",
                "serve",
                "--port",
                "0",
                "--data-dir",
                str(tmp_path / "data"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 1
        assert "another playrunner stack is running" in again.stderr
    finally:
        running.stop()


def test_a_stack_killed_mid_run_leaves_nothing_running_once_it_starts_again(tmp_path: Path) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "serve.log"
    # Given a stack running a long playbook
    first = start_stack(data_dir, log)
    token = first.login()
    job = first.call("POST", "/jobs/DEMO", token, json=job_document(playbook=SLEEPS)).json()
    started = first.call("POST", f"/jobs/DEMO/{job['id']}/start", token, json={}).json()
    first.wait_for_status(token, job["id"], started["execution_id"], {"RUNNING"}, timeout=60)
    (runner,) = pids_with_environment(f"PLAYRUNNER_EXECUTION_ID={started['execution_id']}", "playrunner.runner")
    playbook = wait_for_playbook(runner)
    time.sleep(SNAPSHOT_INTERVAL_SECONDS + 1)  # the stack's data on disk holds the running execution

    # When the stack dies at once (its runner, in a session of its own, lives on) and starts again
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=30)
    assert alive([runner])
    second = start_stack(data_dir, log)
    try:
        # Then the runner and its playbook are gone, and the execution ended FAILURE, saying why
        deadline = time.monotonic() + 20
        while alive([runner, *playbook]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive([runner, *playbook]) == [], [command_line(pid) for pid in alive([runner, *playbook])]
        token = second.login()
        execution = second.wait_for_status(token, job["id"], started["execution_id"], {"FAILURE"}, timeout=30)
        assert "stopped while this execution ran" in execution["status_reason"]
    finally:
        second.stop()
