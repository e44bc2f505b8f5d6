"""What a restart of the failed hosts saves over running everything again.

A playbook of 5 tasks over 20 hosts (ansible_connection=local) fails on one host, chosen by a
marker file. Each round: start -> FAILURE (the full run), remove the marker, restart ->
SUCCESS (only the failed host runs again). Prints the medians of both, their ratio, and
writes the section into docs/benchmarks.md.

    .venv/bin/python bench/restart.py [--rounds 3]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import POLL_SECONDS, figures, local_job, publish

from playrunner.client import PlayrunnerClient

HOSTS = [f"host{n:02d}" for n in range(20)]
FAILING = "host07"
PLAYBOOK = """- hosts: all
  gather_facts: false
  tasks:
    - ping:
    - command: /bin/true
    - stat:
        path: /etc/hostname
    - command: test ! -e {{ markers }}/{{ inventory_hostname }}
    - debug:
        msg: "{{ inventory_hostname }} is done"
"""


def timed(client: PlayrunnerClient, launch: Callable[[], dict[str, Any]]) -> tuple[float, dict[str, Any]]:
    """Seconds from the call that LAUNCHes a run to its final status, and that final execution."""
    started = time.perf_counter()
    execution = launch()
    final = client.wait("DEMO", execution["execution_id"], poll_seconds=POLL_SECONDS)
    return time.perf_counter() - started, final


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    full: list[float] = []
    restart: list[float] = []
    # The markers sit where the playbook's unprivileged user can see them; the stack's data does not.
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryDirectory(prefix="markers-") as shared:
        workdir, markers = Path(scratch), Path(shared)
        markers.chmod(0o755)
        with local_job(workdir, PLAYBOOK, HOSTS, {"markers": str(markers)}) as (client, job_id):
            for round_number in range(args.rounds + 1):  # the first round warms the functions' imports
                (markers / FAILING).touch()
                full_seconds, failed = timed(client, partial(client.start, "DEMO", job_id))
                assert (failed["status"], failed["failed_hosts"]) == ("FAILURE", [FAILING]), failed
                (markers / FAILING).unlink()
                execution_id = str(failed["execution_id"])
                restart_seconds, healed = timed(client, partial(client.restart, "DEMO", job_id, execution_id))
                assert healed["status"] == "SUCCESS", healed
                if round_number:
                    full.append(full_seconds)
                    restart.append(restart_seconds)

    full_median, restart_median = statistics.median(full), statistics.median(restart)
    lines = [
        "## Restart: 1 failed host of 20",
        "",
        f"5 tasks over 20 hosts, `ansible_connection=local`, failing on one host; median of {args.rounds} rounds "
        f"on this machine ({os.cpu_count()} cores), each timed from the API call to the final status seen by a "
        f"client polling every {POLL_SECONDS * 1000:.0f} ms.",
        "",
        *figures(
            [
                ("full run", full_median, "POST start -> FAILURE: all 20 hosts run the playbook"),
                ("restart", restart_median, "POST restart -> SUCCESS: only the failed host runs again"),
                ("ratio", restart_median / full_median, "restart / full run"),
            ]
        ),
        "",
        "How to read it: the restart pays the same fixed costs as any run (the state machine steps, the runner's",
        "start, ansible-playbook's own start) but runs the tasks on one host instead of twenty; that fixed part is",
        "most of what is left.",
        "",
    ]
    publish("## Restart", lines)


if __name__ == "__main__":
    main()
