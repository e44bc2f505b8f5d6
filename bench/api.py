"""The API's latency on the local stack: p50 and p99 of login, get job, list jobs and start (to
its 201), each over HTTP as a client sees it; and how many starts a second it takes for 60 s
from a few clients at once. Writes the section into docs/benchmarks.md.

Targets (issue: the house): start p50 at most 50 ms.

    .venv/bin/python bench/api.py [--requests 100] [--seconds 60] [--clients 2]

Every start runs its playbook too (a one-task ping on one local host): on this 2-core machine
those runners compete with the API for the same cores, as they never do in AWS, where each is a
Fargate task of its own.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import local_hosts_job, local_stack, publish

from playrunner.client import PlayrunnerClient

PLAYBOOK = "- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latencies(call: Callable[[], object], count: int) -> list[float]:
    """Milliseconds each of COUNT calls took, one after another."""
    taken = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        taken.append((time.perf_counter() - started) * 1000)
    return taken


def start_latencies(client: PlayrunnerClient, job_id: str, count: int) -> list[float]:
    """Milliseconds each start took to its 201, each begun once the run before it ended (so that
    no runner is taking the cores while a start is timed)."""
    taken = []
    for _ in range(count):
        started = time.perf_counter()
        execution = client.start("DEMO", job_id)
        taken.append((time.perf_counter() - started) * 1000)
        client.wait("DEMO", execution["execution_id"], poll_seconds=0.2)
    return taken


def sustained_starts(client: PlayrunnerClient, job_id: str, seconds: float, clients: int) -> float:
    """Starts answered 201 per second, from CLIENTS clients starting back to back for SECONDS."""
    done = [0] * clients
    deadline = time.monotonic() + seconds

    def loop(index: int) -> None:
        own = PlayrunnerClient(client.url, client.token)
        while time.monotonic() < deadline:
            own.start("DEMO", job_id)
            done[index] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch, local_stack(Path(scratch)) as (stack, client):
        job_id = str(client.create_job("DEMO", local_hosts_job(PLAYBOOK, ["web1"]))["id"])
        measured = {
            "login": latencies(
                lambda: PlayrunnerClient(client.url).login(stack.username, stack.password), args.requests // 5
            ),
            "get job": latencies(lambda: client.request("GET", f"/jobs/DEMO/{job_id}"), args.requests),
            "list jobs": latencies(lambda: client.request("GET", "/jobs/DEMO"), args.requests),
            "start (to its 201)": start_latencies(client, job_id, args.requests // 4),
        }
        rate = sustained_starts(client, job_id, args.seconds, args.clients)

    lines = [
        "## API latency on the local stack",
        "",
        "Each call over HTTP from a client on this machine (2 cores) to the local stack, one after another; "
        "milliseconds. Each start is timed once the run before it has ended.",
        "",
        "| call | calls | p50 ms | p99 ms |",
        "| --- | --- | --- | --- |",
        *[
            f"| {name} | {len(taken)} | {statistics.median(taken):.0f} | {percentile(taken, 0.99):.0f} |"
            for name, taken in measured.items()
        ],
        "",
        f"Sustained: {rate:.1f} starts a second answered 201, from {args.clients} clients starting back to back "
        f"for {args.seconds:.0f} s. Target: start p50 at most 50 ms.",
        "",
        "How to read it: a call's time is the local gateway, the function (its copy already loaded: a warm "
        "start) and its calls to moto over loopback HTTP; a start also writes the execution and starts the "
        "state machine, whose first steps then run in the same process. Every start runs its playbook: the "
        "runners it leaves take the same two cores, so the sustained figure is the local stack's, not AWS's.",
    ]
    publish("## API latency", lines)


if __name__ == "__main__":
    main()
