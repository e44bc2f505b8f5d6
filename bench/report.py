"""What the benchmarks share: a local stack with a job on local hosts, the figures table, and
docs/benchmarks.md, where each benchmark owns one section and rewrites only its own."""

import base64
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the e2e helpers start and stop the local stack

import yaml  # noqa: E402
from e2e.stack import RunningStack, start_stack  # noqa: E402

from playrunner.client import PlayrunnerClient  # noqa: E402

# How often the benchmarks' client asks for the execution's status: the resolution of the figures
# read from the client's side.
POLL_SECONDS = float(os.environ.get("BENCH_POLL_SECONDS", "0.1"))
# How often a client following a run of seconds asks: on this 2-core machine the local stack
# answering ten GETs a second takes a core's share from Ansible (an event-heavy run took 41.0 s
# polled every 100 ms, 30.9 s polled every second).
FOLLOW_SECONDS = 1.0
HEADER = "# playrunner benchmarks\n\nFigures printed by `make bench`.\n\n"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"


@contextmanager
def local_stack(workdir: Path) -> Iterator[tuple[RunningStack, PlayrunnerClient]]:
    """A local stack over WORKDIR, and a client logged in to it."""
    stack = start_stack(workdir / "data", workdir / "serve.log")
    try:
        client = PlayrunnerClient(stack.url)
        client.login(stack.username, stack.password)
        yield stack, client
    finally:
        stack.stop()


def local_hosts_job(playbook: str, hosts: list[str], properties: dict[str, Any] | None = None) -> dict[str, Any]:
    """A job running PLAYBOOK on HOSTS with ansible_connection=local."""
    return {
        "playbook": base64.b64encode(playbook.encode()).decode(),
        "hosts": [{"id": h, "hostVars": {"ansible_connection": "local"}} for h in hosts],
        "properties": properties or {},
    }


@contextmanager
def local_job(
    workdir: Path, playbook: str, hosts: list[str], properties: dict[str, Any] | None = None
) -> Iterator[tuple[PlayrunnerClient, str]]:
    """A local stack over WORKDIR, a logged-in client, and a job running PLAYBOOK on HOSTS
    with ansible_connection=local."""
    with local_stack(workdir) as (_, client):
        job = client.create_job("DEMO", local_hosts_job(playbook, hosts, properties))
        yield client, str(job["id"])


def run_to_end(
    client: PlayrunnerClient, job_id: str, body: dict[str, Any] | None = None
) -> tuple[float, dict[str, Any]]:
    """Seconds from POST start to the end the execution records (Finalize's write, which makes
    its final status visible), and the final execution. The client follows it once a second: when
    it reads the end is a matter of its polling (a callback or an EventBridge rule is told at once),
    so it is not counted."""
    started = time.time()
    execution = client.start("DEMO", job_id, body or {})
    final = client.wait("DEMO", execution["execution_id"], poll_seconds=FOLLOW_SECONDS)
    assert final["status"] == "SUCCESS", final["status_reason"]
    return max(timer["end"] for timer in final["timers"]) / 1000 - started, final


def plain_ansible_playbook(
    workdir: Path,
    playbook: str,
    inventory: dict[str, Any],
    extra_env: dict[str, str] | None = None,
    arguments: tuple[str, ...] = (),
) -> float:
    """Seconds `ansible-playbook` takes, start to exit, to run PLAYBOOK on INVENTORY (its hosts
    and their variables) from WORKDIR, as a user would type it (ARGUMENTS added)."""
    (workdir / "inventory.yml").write_text(yaml.safe_dump({"all": {"hosts": inventory}}))
    (workdir / "play.yml").write_text(playbook)
    env = {
        **os.environ,
        "ANSIBLE_HOME": str(workdir / "ansible"),
        "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **(extra_env or {}),
    }
    command = ["ansible-playbook", *arguments, "-i", str(workdir / "inventory.yml"), str(workdir / "play.yml")]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


ANSIBLE_RUNNER_SCRIPT = """
import sys, ansible_runner
private_data_dir, forks = sys.argv[1], sys.argv[2]
events = []
result = ansible_runner.run(
    private_data_dir=private_data_dir, playbook="play.yml", inventory=private_data_dir + "/inventory.yml",
    quiet=True, settings={"suppress_ansible_output": True}, envvars={"ANSIBLE_FORKS": forks},
    # It answers None, so ansible-runner writes no event file, as playrunner's worker does not.
    event_handler=lambda event: events.append(event.get("event")),
)
assert result.status == "successful", result.status
"""


def plain_ansible_runner(workdir: Path, playbook: str, inventory: dict[str, Any]) -> float:
    """Seconds ansible-runner takes, in a fresh interpreter, to run PLAYBOOK on INVENTORY with
    its event stream handed to a handler that keeps each event's name, forks as playrunner sizes
    them: what any service built on ansible-runner (AWX's among them) pays before its own work."""
    private = workdir / "ansible-runner"
    shutil.rmtree(private, ignore_errors=True)
    (private / "project").mkdir(parents=True)
    (private / "project" / "play.yml").write_text(playbook)
    (private / "inventory.yml").write_text(yaml.safe_dump({"all": {"hosts": inventory}}))
    env = {**os.environ, "ANSIBLE_HOME": str(workdir / "ansible"), "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp")}
    command = [sys.executable, "-c", ANSIBLE_RUNNER_SCRIPT, str(private), str(len(inventory))]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def local_inventory(hosts: list[str]) -> dict[str, Any]:
    return {h: {"ansible_connection": "local", "ansible_python_interpreter": sys.executable} for h in hosts}


def figures(rows: list[tuple[str, float, str]]) -> list[str]:
    """The table of figures: name, seconds (or a ratio), what it is."""
    return [
        "| figure | seconds | what it is |",
        "| --- | --- | --- |",
        *[f"| {name} | {value:.2f} | {meaning} |" for name, value, meaning in rows],
    ]


def publish(heading: str, lines: list[str]) -> None:
    """Print the section and write it into docs/benchmarks.md."""
    section = "\n".join(lines)
    print(section)
    write_section(BENCHMARKS, heading, section)


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace the section starting at HEADING in PATH (or append it), keeping the others."""
    existing = path.read_text() if path.exists() else HEADER
    start = existing.find(heading)
    if start == -1:
        path.write_text(existing.rstrip("\n") + "\n\n" + section)
        return
    end = existing.find("\n## ", start + len(heading))
    rest = "\n\n" + existing[end + 1 :] if end != -1 else "\n"
    path.write_text(existing[:start] + section.rstrip("\n") + rest)
