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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from report import local_inventory, plain_ansible_playbook, plain_ansible_runner, run_to_end

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


def playrunner_run(client: PlayrunnerClient, job_id: str, body: dict[str, Any] | None = None) -> float:
    return run_to_end(client, job_id, body)[0]


def interleaved(runs: int, *kinds: Callable[[], float]) -> list[float]:
    """Medians of RUNS of each kind of run, interleaved so that all see the same machine."""
    taken: list[list[float]] = [[] for _ in kinds]
    for _ in range(runs):
        for kind, samples in zip(kinds, taken, strict=True):
            samples.append(kind())
    return [statistics.median(samples) for samples in taken]


def event_heavy(workdir: Path, client: PlayrunnerClient, runs: int) -> tuple[float, float, float]:
    """Medians of plain ansible-playbook, plain ansible-runner, and playrunner."""
    inventory = local_inventory(HEAVY_HOSTS)
    document = {
        "playbook": base64.b64encode(HEAVY_PLAYBOOK.encode()).decode(),
        "hosts": [{"id": h, "hostVars": {"ansible_connection": "local"}} for h in HEAVY_HOSTS],
    }
    job_id = str(client.create_job("DEMO", document)["id"])
    plain, runner, through = interleaved(
        runs,
        lambda: plain_ansible_playbook(workdir, HEAVY_PLAYBOOK, inventory),
        lambda: plain_ansible_runner(workdir, HEAVY_PLAYBOOK, inventory),
        lambda: playrunner_run(client, job_id),
    )
    return plain, runner, through


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
        plain, through = interleaved(
            runs,
            lambda: plain_ansible_playbook(workdir, SSH_PLAYBOOK, inventory, defaults),
            lambda: playrunner_run(client, job_id),
        )
        return plain, through
