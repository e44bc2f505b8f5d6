"""Every slice of a run runs the same commit: a slice that fetched the branch after it moved,
while another slice of the run had already recorded the commit it runs, checks that one out."""

from pathlib import Path
from typing import Any

import pytest

from playrunner.local.provision import LocalResources
from playrunner.models.execution import Commit, RepositoryLog
from playrunner.runner import main as runner_main
from playrunner.store.executions import ExecutionRecord
from tests.gitrepo import commit, make_repository
from tests.integration.engine import Engine

PLAYBOOK = """
- hosts: all
  gather_facts: false
  tasks:
    - debug:
        msg: "running playbook {version}"
"""


def test_a_slice_that_lost_the_race_runs_the_commit_its_run_recorded(
    aws: LocalResources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a branch whose head is v2, and a run whose other slice recorded v1 while this
    # slice was fetching (the branch moved in between)
    repo = tmp_path / "repo"
    v1 = make_repository(repo, {"site.yml": PLAYBOOK.format(version="v1")})
    v2 = commit(repo, {"site.yml": PLAYBOOK.format(version="v2")}, "v2")
    engine = Engine(aws, tmp_path / "work")
    job = engine.create_job(
        {
            "repository": {"url": f"file://{repo}", "branch": "main", "defaultPlaybook": "site.yml"},
            "hosts": [{"id": "h1", "hostVars": {"ansible_connection": "local"}}],
        }
    )
    execution = engine.start(job)
    fetch = runner_main.fetch_playbook

    def fetched_while_another_slice_recorded_v1(spec: Any, workspace: Any) -> Any:
        found = fetch(spec, workspace)
        assert found[1].recent_commit[0].commit == v2  # this slice saw the new head

        def recorded(current: ExecutionRecord) -> ExecutionRecord:
            log = RepositoryLog(recent_commit=[Commit(commit=v1, author="a", author_email="a", date="d", message="")])
            return current.model_copy(
                update={"execution": current.execution.model_copy(update={"repository_log": log})}
            )

        engine.executions.transition("DEMO", execution.execution_id, {"INITIALIZING", "RUNNING"}, recorded)
        return found

    monkeypatch.setattr(runner_main, "fetch_playbook", fetched_while_another_slice_recorded_v1)

    # When this slice runs
    ended = engine.run(execution)

    # Then it ran v1, the run's commit, not the head it fetched
    output = engine.stdout_of(execution.execution_id)
    assert ended.status == "SUCCESS", output
    assert "running playbook v1" in output
    assert "running playbook v2" not in output
    assert ended.repository_log.recent_commit[0].commit == v1
