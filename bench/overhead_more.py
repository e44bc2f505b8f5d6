"""The two comparisons bench/overhead.py adds to its light playbook (issue: speed):

(a) an event-heavy playbook: 4 hosts x 400 tasks (`ansible_connection=local`, some 2,000
    events), plain `ansible-playbook` against playrunner;
(b) 10 real sshd hosts x 5 tasks: plain `ansible-playbook` with Ansible's defaults (the
    command a user would type: no pipelining, 5 forks) against playrunner, which pipelines
    and forks one per host.
"""

import base64
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from report import local_inventory, plain_ansible_playbook

from playrunner.client import PlayrunnerClient

HEAVY_HOSTS = [f"busy{n}" for n in range(4)]
HEAVY_PLAYBOOK = "- hosts: all\n  gather_facts: false\n  tasks:\n" + "".join(
    f"    - name: step {n}\n      debug:\n        msg: '{n}'\n" for n in range(400)
)
SSH_PLAYBOOK = """- hosts: all
  gather_facts: false
  tasks:
    - ping:
    - command: /bin/true
    - command: hostname
    - stat:
        path: /etc/hostname
    - file:
        path: /tmp
        state: directory
"""


# A client following a run of tens of seconds asks once a second: on this 2-core machine the
# local stack answering ten GETs a second takes a core from Ansible (an event-heavy run took
# 41.0 s polled every 100 ms, 30.9 s polled every second).
FOLLOW_SECONDS = 1.0


def playrunner_run(client: PlayrunnerClient, job_id: str, body: dict[str, Any] | None = None) -> float:
    started = time.perf_counter()
    execution = client.start("DEMO", job_id, body or {})
    final = client.wait("DEMO", execution["execution_id"], poll_seconds=FOLLOW_SECONDS)
    assert final["status"] == "SUCCESS", final["status_reason"]
    return time.perf_counter() - started


def interleaved(runs: int, plain: Callable[[], float], through: Callable[[], float]) -> tuple[float, float]:
    """Medians of RUNS of each, interleaved so that both see the same machine."""
    plains, throughs = [], []
    for _ in range(runs):
        plains.append(plain())
        throughs.append(through())
    return statistics.median(plains), statistics.median(throughs)


def event_heavy(workdir: Path, client: PlayrunnerClient, runs: int) -> tuple[float, float]:
    inventory = local_inventory(HEAVY_HOSTS)
    document = {
        "playbook": base64.b64encode(HEAVY_PLAYBOOK.encode()).decode(),
        "hosts": [{"id": h, "hostVars": {"ansible_connection": "local"}} for h in HEAVY_HOSTS],
    }
    job_id = str(client.create_job("DEMO", document)["id"])
    return interleaved(
        runs, lambda: plain_ansible_playbook(workdir, HEAVY_PLAYBOOK, inventory), lambda: playrunner_run(client, job_id)
    )


def real_ssh(workdir: Path, client: PlayrunnerClient, runs: int) -> tuple[float, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.sshd import make_key_pair, ssh_hosts

    key_pair = make_key_pair()
    root = workdir / "sshd"
    root.mkdir()
    key_file = workdir / "id_ed25519"
    key_file.write_bytes(key_pair.private_openssh)
    key_file.chmod(0o600)
    with ssh_hosts(root, [f"ssh{n:02d}" for n in range(10)], key_pair) as hosts:
        inventory = {h.name: {**h.host_vars(), "ansible_ssh_private_key_file": str(key_file)} for h in hosts}
        document = {
            "playbook": base64.b64encode(SSH_PLAYBOOK.encode()).decode(),
            "hosts": [{"id": h.name, "hostVars": h.host_vars()} for h in hosts],
            "sshPrivateKey": base64.b64encode(key_pair.private_openssh).decode(),
        }
        job_id = str(client.create_job("DEMO", document)["id"])
        # Ansible's defaults, but for the host keys these fresh hosts have never shown before.
        defaults = {"ANSIBLE_HOST_KEY_CHECKING": "False"}
        return interleaved(
            runs,
            lambda: plain_ansible_playbook(workdir, SSH_PLAYBOOK, inventory, defaults),
            lambda: playrunner_run(client, job_id),
        )
