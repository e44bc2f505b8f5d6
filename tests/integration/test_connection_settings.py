"""The connection settings a run uses, seen from the SSH host's side: with pipelining (the
default) each task is one ssh session that runs the module it is sent; without it (the job
turns it off, for a host whose sudoers has requiretty) each task copies a file first."""

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from playrunner.local.provision import LocalResources
from tests.integration.engine import Engine
from tests.sshd import SshHost, SshKeyPair, make_key_pair, ssh_hosts, sshd_available

pytestmark = [pytest.mark.sshd, pytest.mark.skipif(not sshd_available(), reason="openssh-server is not installed")]

TASKS = 3
PLAYBOOK = base64.b64encode(
    ("- hosts: all\n  gather_facts: false\n  tasks:\n" + "    - command: /bin/true\n" * TASKS).encode()
).decode()


@pytest.fixture(scope="module")
def key_pair() -> SshKeyPair:
    return make_key_pair()


@pytest.fixture
def host(tmp_path: Path, key_pair: SshKeyPair) -> Iterator[SshHost]:
    root = tmp_path / "sshd"
    root.mkdir()
    with ssh_hosts(root, ["gamma"], key_pair) as started:
        yield started[0]


def run_on(engine: Engine, host: SshHost, key_pair: SshKeyPair, **job: object) -> list[str]:
    document = {"playbook": PLAYBOOK, "hosts": [{"id": host.name, "hostVars": host.host_vars()}], **job}
    key = base64.b64encode(key_pair.private_openssh).decode()
    execution = engine.run(engine.start(engine.create_job(document), {"sshPrivateKey": key}))
    assert execution.status == "SUCCESS", engine.stdout_of(execution.execution_id)
    return host.sessions()


def test_with_pipelining_each_task_is_one_session_and_copies_no_file(
    aws: LocalResources, tmp_path: Path, host: SshHost, key_pair: SshKeyPair
) -> None:
    sessions = run_on(Engine(aws, tmp_path / "work"), host, key_pair)
    assert "sftp" not in sessions
    assert sessions.count("command") == TASKS


def test_a_job_that_turns_pipelining_off_copies_each_module_first(
    aws: LocalResources, tmp_path: Path, host: SshHost, key_pair: SshKeyPair
) -> None:
    sessions = run_on(Engine(aws, tmp_path / "work"), host, key_pair, pipelining=False)
    assert sessions.count("sftp") >= TASKS
    assert sessions.count("command") > TASKS  # a temporary directory made, the module run, ...
