"""The CLI against the local stack: log in (profile 0600), create and start a job, watch the
run live to its recap, and exit non-zero when the execution fails."""

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from tests.e2e.stack import RunningStack


def cli(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLAYRUNNER_PROFILE": str(profile)}
    return subprocess.run(
        [sys.executable, "-m", "playrunner.cli", *args], env=env, capture_output=True, text=True, timeout=180
    )


def job_file(tmp_path: Path, tasks: str) -> Path:
    playbook = f"- hosts: all\n  gather_facts: false\n  tasks:\n{tasks}"
    document = {
        "description": "cli job",
        "playbook": base64.b64encode(playbook.encode()).decode(),
        "hosts": [{"id": h, "hostVars": {"ansible_connection": "local"}} for h in ("web1", "web2")],
    }
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def test_login_create_start_and_watch(stack: RunningStack, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    logged_in = cli(profile, "login", "--api", stack.url, "--username", stack.username, "--password", stack.password)
    assert logged_in.returncode == 0, logged_in.stderr
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600
    assert stack.password not in profile.read_text()

    created = cli(
        profile,
        "jobs",
        "create",
        "-f",
        str(job_file(tmp_path, "    - name: greet\n      command: echo hi\n")),
        "--output",
        "json",
    )
    job_id = json.loads(created.stdout)["id"]
    started = cli(profile, "jobs", "start", job_id, "-p", "release=v1=rc", "--output", "json")
    execution_id = json.loads(started.stdout)["execution_id"]
    assert json.loads(started.stdout)["job_params"] == [{"name": "release", "value": "v1=rc"}]

    watched = cli(profile, "watch", execution_id)

    assert watched.returncode == 0, watched.stdout + watched.stderr
    assert "task: greet" in watched.stdout
    assert "status: RUNNING" in watched.stdout
    assert "recap: SUCCESS" in watched.stdout
    assert "2/2 hosts" in watched.stdout
    recap = watched.stdout.split("recap: SUCCESS")[1]
    assert "web1" in recap
    assert "changed=1" in recap
    logs = cli(profile, "logs", execution_id)
    assert "PLAY RECAP" in logs.stdout


def test_watch_exits_non_zero_when_the_execution_fails(stack: RunningStack, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    cli(profile, "login", "--api", stack.url, "--username", stack.username, "--password", stack.password)
    failing = job_file(
        tmp_path, "    - name: break\n      command: /bin/false\n      when: inventory_hostname == 'web2'\n"
    )
    job_id = json.loads(cli(profile, "jobs", "create", "-f", str(failing), "--output", "json").stdout)["id"]
    execution_id = json.loads(cli(profile, "jobs", "start", job_id, "--output", "json").stdout)["execution_id"]

    watched = cli(profile, "watch", execution_id)

    assert watched.returncode == 1
    assert "recap: FAILURE" in watched.stdout
    listed = cli(profile, "executions", "list", job_id)
    assert execution_id in listed.stdout
    assert "FAILURE" in listed.stdout


def test_workflows_are_created_started_and_followed(stack: RunningStack, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    cli(profile, "login", "--api", stack.url, "--username", stack.username, "--password", stack.password)
    job_id = json.loads(
        cli(
            profile, "jobs", "create", "-f", str(job_file(tmp_path, "    - debug: var=build\n")), "--output", "json"
        ).stdout
    )["id"]
    definition = tmp_path / "workflow.yaml"
    definition.write_text(yaml.safe_dump({"name": "cli-flow", "start": "only", "tasks": {"only": {"jobId": job_id}}}))
    assert cli(profile, "workflows", "create", "-f", str(definition)).returncode == 0

    started = cli(profile, "workflows", "start", "cli-flow", "-v", "build=42", "-v", "note=a=b", "--output", "json")
    run = json.loads(started.stdout)
    assert run["variables"] == {"build": 42, "note": "a=b"}
    for _ in range(300):
        shown = cli(profile, "workflows", "run", run["id"])
        if "complete" in shown.stdout.splitlines()[0]:
            break
    assert "only" in shown.stdout
    assert "succeeded" in shown.stdout
    refused = cli(profile, "workflows", "resume", run["id"])
    assert refused.returncode == 2
    assert "RUN_STATE_CONFLICT" in refused.stderr
