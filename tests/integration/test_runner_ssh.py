"""The runner against real SSH hosts: sshd on loopback ports, a key given at start, a git
repository made by the test, one host failing, one unreachable."""

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from playrunner.local.provision import LocalResources
from tests.gitrepo import commit, make_repository
from tests.integration.engine import Engine
from tests.keys import secret_fragments
from tests.sshd import SshHost, SshKeyPair, make_key_pair, ssh_hosts, sshd_available

pytestmark = [pytest.mark.sshd, pytest.mark.skipif(not sshd_available(), reason="openssh-server is not installed")]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def key_pair() -> SshKeyPair:
    return make_key_pair()


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory, key_pair: SshKeyPair) -> Iterator[list[SshHost]]:
    with ssh_hosts(tmp_path_factory.mktemp("sshd"), ["alpha", "beta"], key_pair) as started:
        yield started


@pytest.fixture
def engine(aws: LocalResources, tmp_path: Path) -> Engine:
    return Engine(aws, tmp_path / "work")


def repository_job(
    tmp_path: Path, hosts: list[SshHost], extra_hosts: list[dict[str, Any]] | None = None
) -> tuple[dict[str, Any], str, Path]:
    markers = tmp_path / "markers"
    markers.mkdir()
    commit = make_repository(tmp_path / "repo", {"site.yml": (FIXTURES / "marker_playbook.yml").read_text()})
    document: dict[str, Any] = {
        "repository": {"url": f"file://{tmp_path / 'repo'}", "branch": "main", "defaultPlaybook": "site.yml"},
        "hosts": [{"id": h.name, "hostVars": h.host_vars()} for h in hosts] + (extra_hosts or []),
        "properties": {"marker_dir": str(markers)},
    }
    return document, commit, markers


def test_one_failing_host_fails_the_execution_and_only_that_host(
    engine: Engine, hosts: list[SshHost], key_pair: SshKeyPair, tmp_path: Path
) -> None:
    # Given a job over two real SSH hosts, a key given only at start, and a marker failing beta
    document, commit, markers = repository_job(tmp_path, hosts)
    (markers / "fail-beta").touch()
    job = engine.create_job(document)
    key = base64.b64encode(key_pair.private_openssh).decode()

    # When it runs
    execution = engine.run(engine.start(job, {"sshPrivateKey": key}))

    # Then it ends FAILURE with exactly beta failed, summaries as Ansible reported them
    assert execution.status == "FAILURE"
    assert execution.failed_hosts == ["beta"], engine.stdout_of(execution.execution_id)
    assert execution.host_summaries["alpha"].model_dump() == {
        "ok": 3,
        "changed": 1,
        "failures": 0,
        "skipped": 0,
        "unreachable": 0,
    }
    assert execution.host_summaries["beta"].failures == 1
    events = engine.events.all("DEMO", execution.execution_id)
    recap = json.loads(next(e for e in events if e.event == "playbook_on_stats").summary or "{}")
    assert {host: s.model_dump() for host, s in execution.host_summaries.items()} == recap
    # And the commit that ran is the test repository's, alpha really ran and beta stopped
    assert execution.repository_log.recent_commit[0].commit == commit
    assert execution.repository_log.recent_commit[0].author_email == "author@example.com"
    assert (markers / "ran-alpha").read_text() == "ran on alpha\n"
    assert not (markers / "ran-beta").exists()
    assert len(execution.timers) == 1
    assert execution.timers[0].end is not None
    assert "beta" in (execution.status_reason or "")


def test_restart_runs_the_failed_host_again_with_the_first_runs_commit(
    engine: Engine, hosts: list[SshHost], key_pair: SshKeyPair, tmp_path: Path
) -> None:
    # Given a run that failed on beta, and a new commit pushed after it
    document, first_commit, markers = repository_job(tmp_path, hosts)
    (markers / "fail-beta").touch()
    key = base64.b64encode(key_pair.private_openssh).decode()
    failed = engine.run(engine.start(engine.create_job(document), {"sshPrivateKey": key}))
    assert (failed.status, failed.failed_hosts) == ("FAILURE", ["beta"])
    newer_commit = commit(tmp_path / "repo", {"README": "newer\n"}, "a later change")

    # When the cause is removed and the execution restarted
    (markers / "fail-beta").unlink()
    restarted = engine.restart(failed)
    assert (restarted.execution_id, restarted.status) == (failed.execution_id, "PENDING")
    execution = engine.run(restarted)

    # Then it is SUCCESS, with two timers, the second run's events naming beta only
    assert execution.status == "SUCCESS", engine.stdout_of(execution.execution_id)
    assert execution.failed_hosts == []
    assert len(execution.timers) == 2
    second = [e for e in engine.events.all("DEMO", execution.execution_id) if e.run == 2]
    assert {e.host for e in second if e.host} == {"beta"}
    assert execution.host_summaries["alpha"] == failed.host_summaries["alpha"]
    assert (markers / "ran-beta").exists()
    # And it ran the commit the first run ran; a relaunch fetches the branch head again
    assert execution.repository_log.recent_commit[0].commit == first_commit
    relaunched = engine.run(engine.relaunch(execution))
    assert relaunched.repository_log.recent_commit[0].commit == newer_commit
    assert (relaunched.launch_type, relaunched.relaunched_from) == ("relaunch", execution.execution_id)


def test_an_unreachable_host_counts_as_failed(
    engine: Engine, hosts: list[SshHost], key_pair: SshKeyPair, tmp_path: Path
) -> None:
    closed = {"id": "gamma", "hostVars": {**hosts[0].host_vars(), "ansible_port": 1}}
    document, _, _ = repository_job(tmp_path, hosts, [closed])
    document["sshPrivateKey"] = base64.b64encode(key_pair.private_openssh).decode()
    execution = engine.run(engine.start(engine.create_job(document)))
    assert execution.status == "FAILURE"
    assert execution.failed_hosts == ["gamma"]
    assert execution.host_summaries["gamma"].unreachable == 1
    assert execution.host_summaries["alpha"].failures == 0


def test_all_hosts_passing_is_success(
    engine: Engine, hosts: list[SshHost], key_pair: SshKeyPair, tmp_path: Path
) -> None:
    document, _, _ = repository_job(tmp_path, hosts)
    document["hosts"][0]["sshPrivateKey"] = base64.b64encode(key_pair.private_openssh).decode()
    document["hosts"][1]["sshPrivateKey"] = base64.b64encode(key_pair.private_openssh).decode()
    execution = engine.run(engine.start(engine.create_job(document)))
    assert execution.status == "SUCCESS"
    assert execution.failed_hosts == []
    assert execution.status_reason is None


def test_the_start_key_reaches_no_event_stdout_table_or_log_and_leaves_no_file(
    engine: Engine, hosts: list[SshHost], key_pair: SshKeyPair, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    document, _, _ = repository_job(tmp_path, hosts)
    job = engine.create_job(document)
    execution = engine.run(engine.start(job, {"sshPrivateKey": base64.b64encode(key_pair.private_openssh).decode()}))
    assert execution.status == "SUCCESS"

    table = boto3.client("dynamodb").scan(TableName=engine.resources.table_name)["Items"]
    stdout = engine.stdout_of(execution.execution_id)
    events = [e.model_dump_json() for e in engine.events.all("DEMO", execution.execution_id)]
    logs = capfd.readouterr()
    assert "PLAY RECAP" in stdout
    for fragment in secret_fragments(key_pair.private_openssh):
        for where, text in {
            "table": str(table),
            "stdout": stdout,
            "events": str(events),
            "logs": logs.out + logs.err,
        }.items():
            assert fragment not in text, f"the key reached the {where}"
    # The run's private directory, with its key file, is gone
    assert list(engine.work_dir.iterdir()) == []


def test_a_missing_branch_ends_failure_with_the_reason(engine: Engine, hosts: list[SshHost], tmp_path: Path) -> None:
    document, _, _ = repository_job(tmp_path, hosts)
    document["repository"]["branch"] = "no-such-branch"
    execution = engine.run(engine.start(engine.create_job(document)))
    assert execution.status == "FAILURE"
    assert "PlaybookSourceError" in (execution.status_reason or "")
    assert sorted(execution.failed_hosts) == ["alpha", "beta"]


def test_git_is_on_the_path() -> None:
    assert shutil.which("git")
