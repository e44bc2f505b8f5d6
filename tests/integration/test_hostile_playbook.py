"""A hostile playbook, run by the real runner as root (as CI runs): it reaches nothing of the
runner's, of the machine's, or of another run's, and its own results are still recorded."""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from pydantic import SecretStr

from playrunner.local.provision import LocalResources
from playrunner.runner.playbook_user import claim_playbook_user, isolation_unavailable, playbook_users
from playrunner.runner.workspace import Workspace
from tests.hostile import attempts, hostile_playbook
from tests.integration.engine import Engine
from tests.keys import b64, openssh_private_key

ISOLATED = pytest.mark.skipif(isolation_unavailable() is not None, reason=str(isolation_unavailable()))

CANARY = "hostile-canary-5f1c9e"


@pytest.fixture
def engine(aws: LocalResources, tmp_path: Path) -> Engine:
    return Engine(aws, tmp_path / "work")


@ISOLATED
def test_a_hostile_playbook_finds_nothing_and_its_run_is_still_recorded(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a runner whose own environment holds a task token, a credentials path and settings
    monkeypatch.setenv("PLAYRUNNER_TASK_TOKEN", f"token-{CANARY}")
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", f"/v2/credentials/{CANARY}")
    monkeypatch.setenv("AWS_SESSION_TOKEN", f"session-{CANARY}")
    # And another run's workspace on the same machine, holding a host key
    other_key = openssh_private_key()
    other = Workspace(tmp_path / "other-work")
    other_key_file = other.write_host_key(SecretStr(b64(other_key)))
    site_packages = Path(sys.modules["pytest"].__file__ or "").parents[1]
    reads = [other_key_file, other.play, other.trusted, engine.work_dir, tmp_path, Path("/root")]
    writes = [other.play / "hostile", engine.work_dir / "hostile", site_packages / "hostile.py"]
    job = engine.create_job(
        {
            "playbook": hostile_playbook(reads, writes),
            "hosts": [{"id": "victim", "hostVars": {"ansible_connection": "local"}}],
        }
    )

    # When it runs
    try:
        execution = engine.run(engine.start(job))
    finally:
        other.close()

    # Then its own run is recorded as it ended
    assert execution.status == "SUCCESS", engine.stdout_of(execution.execution_id)
    assert execution.host_summaries["victim"].ok == 2
    output = engine.stdout_of(execution.execution_id)
    events = json.dumps([e.model_dump() for e in engine.events.all("DEMO", execution.execution_id)])
    found = attempts(output)
    # And it ran as an unprivileged user with no groups, who could not sudo
    assert found["uid"].strip() not in {"", "0"}, output
    assert found["groups"].strip() == found["uid"].strip() or found["groups"].strip().isdigit()
    assert found["sudo"] == "denied"
    # And every read of another run's, the runner's or the machine's files was denied
    for path in reads:
        assert found[f"read {path}"] == "denied", output
    # And every write outside its workspace was denied
    for path in [*writes, Path("/etc/playrunner-hostile"), Path("/root/playrunner-hostile")]:
        assert found[f"write {path}"] == "denied", output
        assert not path.exists()
    # And nothing of the runner's environment reached it: not in its own environment, nor in any
    # process environment it could read (/proc/*/cmdline is world-readable: only the canary is
    # looked for there, since other programs on a shared machine put what they like in theirs)
    for text in (output, events):
        assert CANARY not in text
    environments = output.split('"--- env"', 1)[1].split('"--- cmdline of every process"', 1)[0]
    for name in ("TASK_TOKEN", "AWS_", "PLAYRUNNER_", "ECS_"):
        assert name not in environments, [line for line in environments.splitlines() if name in line][:5]


@ISOLATED
def test_what_a_dead_run_left_is_gone_before_its_user_serves_another_run() -> None:
    # Given workspaces left behind by runs that died, one for each playbook user
    root = Path("/var/lib/playrunner/play")
    root.mkdir(parents=True, exist_ok=True)
    left = {}
    for user in playbook_users():
        path = Path(tempfile.mkdtemp(prefix="play-", dir=root))
        (path / "key-1").write_text("a dead run's key")
        os.chown(path / "key-1", user.uid, user.gid)
        os.chown(path, user.uid, user.gid)
        left[user.uid] = path

    # When a run claims a user
    claimed = claim_playbook_user()
    assert claimed is not None
    try:
        # Then that user's leftovers are gone, and no other user's were touched
        assert not left[claimed.user.uid].exists()
        assert all(path.exists() for uid, path in left.items() if uid != claimed.user.uid)
    finally:
        claimed.release()
        for path in left.values():
            shutil.rmtree(path, ignore_errors=True)


def test_where_no_playbook_user_can_be_had_the_playbook_still_gets_a_clean_environment(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a runner that cannot switch users (a local stack not run as root)
    monkeypatch.setattr("playrunner.runner.main.claim_playbook_user", lambda: None)
    monkeypatch.setenv("PLAYRUNNER_TASK_TOKEN", f"token-{CANARY}")
    job = engine.create_job(
        {
            # Run as the runner's own user (root here): nothing it must not do is attempted.
            "playbook": hostile_playbook([], [], system_writes=False),
            "hosts": [{"id": "victim", "hostVars": {"ansible_connection": "local"}}],
        }
    )

    # When it runs, then it runs as the runner's own user, with nothing of the runner's environment
    execution = engine.run(engine.start(job))
    assert execution.status == "SUCCESS", execution.status_reason
    output = engine.stdout_of(execution.execution_id)
    assert attempts(output)["uid"].strip() == str(os.getuid())
    environment = output.split('"--- env"', 1)[1].split('"--- environ of every process"', 1)[0]
    assert "PLAYRUNNER_" not in environment
    assert "AWS_" not in environment
