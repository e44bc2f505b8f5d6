"""Finalize records the run's results and ends it, in one step: hosts that never ran are
not_run, results that cannot be recorded fail the run saying so, and a transient error is
left for the state machine to retry."""

import base64
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from playrunner.local.provision import LocalResources
from playrunner.orchestration.contracts import StepError, StepState
from playrunner.services.steps import ExecutionSteps
from tests.integration.engine import Engine

PLAYBOOK = base64.b64encode(b"- hosts: all\n  tasks: []\n").decode()


@pytest.fixture
def started(aws: LocalResources, tmp_path: Path) -> tuple[Engine, StepState]:
    """An execution of two hosts, initialized and planned: the state Finalize gets."""
    engine = Engine(aws, tmp_path)
    job = engine.create_job({"playbook": PLAYBOOK, "hosts": [{"id": "web1"}, {"id": "web2"}]})
    execution = engine.start(job)
    state = StepState(execution_id=execution.execution_id, account_alias="DEMO", job_id=job.id)
    state.limits = engine.steps.initialize(state)
    state.plan = engine.steps.plan(state)
    return engine, state


def recording_raises(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def record_results(self: ExecutionSteps, state: StepState) -> None:
        raise error

    monkeypatch.setattr(ExecutionSteps, "record_results", record_results)


def test_the_hosts_that_never_ran_are_not_run_and_the_run_ends_with_its_error(
    started: tuple[Engine, StepState],
) -> None:
    engine, state = started
    state.error = StepError(error="States.Runtime", cause="the slices could not run")

    assert engine.steps.finalize(state).status == "FAILURE"

    page = engine.service.hosts("DEMO", state.job_id, state.execution_id, None, None, 10)
    assert {(host.host, host.state) for host in page.hosts} == {("web1", "not_run"), ("web2", "not_run")}
    assert {host.reason for host in page.hosts} == {"the run ended before this host's slice ran (States.Runtime)"}
    ended = engine.service.get("DEMO", state.execution_id)
    assert ended.status_reason == "States.Runtime: the slices could not run"


def test_results_that_cannot_be_recorded_fail_the_run_saying_so(
    started: tuple[Engine, StepState], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, state = started
    recording_raises(monkeypatch, ValueError("a bug"))

    assert engine.steps.finalize(state).status == "FAILURE"
    ended = engine.service.get("DEMO", state.execution_id)
    assert ended.status_reason == "ValueError: the run's results could not be recorded"


def test_a_throttled_table_is_left_to_the_state_machines_retry(
    started: tuple[Engine, StepState], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, state = started
    throttle = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}
    with monkeypatch.context() as patched:
        recording_raises(patched, ClientError(throttle, "Query"))
        with pytest.raises(ClientError):
            engine.steps.finalize(state)
    assert engine.service.get("DEMO", state.execution_id).status == "INITIALIZING"

    # The retry records and ends it: neither host ran.
    assert engine.steps.finalize(state).status == "FAILURE"
    assert engine.service.get("DEMO", state.execution_id).status_reason == "failed on 2 host(s): web1, web2"
