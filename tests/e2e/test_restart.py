"""The local stack keeps its data across a restart with the same data directory."""

import subprocess
import sys
from pathlib import Path

from tests.e2e.jobs import job_document
from tests.e2e.stack import start_stack


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
