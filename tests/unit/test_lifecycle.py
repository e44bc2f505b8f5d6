"""How an execution ends, from every status it may be in and every outcome its run had (no I/O)."""

import pytest

from playrunner.models.execution import ACTIVE_STATUSES, FINAL_STATUSES, Execution, ExecutionStatus, Target, Timer
from playrunner.orchestration.contracts import RecordedResults, RunLimits, StepError, StepState
from playrunner.services.lifecycle import ALLOWED_FROM, OWN_ERROR_PREFIX, ended, ending
from playrunner.store.executions import ExecutionRecord, WorkflowLink

NOW = 100_000
LIMITS = RunLimits(timeout_seconds=600, heartbeat_seconds=30)
DONE = RecordedResults(failed_count=0, failed_sample=[])


def record(status: ExecutionStatus, reason: str | None = None, slice_error: str | None = None) -> ExecutionRecord:
    execution = Execution(
        execution_id="e1",
        job_id="j1",
        account_alias="DEMO",
        status=status,
        status_reason=reason,
        timers=[Timer(start=NOW - 10_000)],
        artifacts={"version": "1.2"},
        created_time=1,
        last_updated_time=1,
    )
    return ExecutionRecord(
        execution=execution,
        targets=[Target(id="web1"), Target(id="web2")],
        stop_deadline=NOW + 5_000,
        slice_error=slice_error,
        workflow=WorkflowLink(run_id="r1", task_id="deploy", task_token="token"),
    )


def state(**parts: object) -> StepState:
    return StepState(execution_id="e1", account_alias="DEMO", job_id="j1", limits=LIMITS, **parts)


def test_a_run_that_succeeded_on_every_host_is_success() -> None:
    end = ending(record("RUNNING"), state(results=DONE), NOW)
    assert (end.status, end.reason, end.workflow_outcome, end.stop_runner) == ("SUCCESS", None, "SUCCESS", False)


def test_a_run_in_which_a_host_failed_is_failure_naming_it() -> None:
    failed = RecordedResults(failed_count=1, failed_sample=["web2"])
    end = ending(record("RUNNING"), state(results=failed), NOW)
    assert (end.status, end.reason) == ("FAILURE", "failed on 1 host(s): web2")
    assert (end.workflow_outcome, end.stop_runner) == ("FAILURE", False)


def test_a_reason_names_the_first_failed_hosts_and_says_there_are_more() -> None:
    failed = RecordedResults(failed_count=30, failed_sample=["h01", "h02"])
    assert ending(record("RUNNING"), state(results=failed), NOW).reason == "failed on 30 host(s): h01, h02, ..."


def test_a_slice_that_could_not_run_its_playbook_fails_the_execution_with_its_reason() -> None:
    failed = RecordedResults(failed_count=250, failed_sample=["h001"])
    end = ending(
        record("RUNNING", slice_error="slice 2 of 4: the runner stopped reporting"), state(results=failed), NOW
    )
    assert (end.status, end.reason) == ("FAILURE", "slice 2 of 4: the runner stopped reporting")
    assert (end.workflow_outcome, end.stop_runner) == ("ERROR", True)


def test_a_run_that_could_not_happen_is_failure_with_the_runners_error_and_its_runner_stopped() -> None:
    error = StepError(error="PlaybookSourceError", cause="no such repository")
    end = ending(record("RUNNING"), state(error=error, results=DONE), NOW)
    assert (end.status, end.reason) == ("FAILURE", "PlaybookSourceError: no such repository")
    assert (end.workflow_outcome, end.stop_runner) == ("ERROR", True)


@pytest.mark.parametrize("status", ["PENDING", "INITIALIZING"])
def test_a_step_that_failed_before_the_run_is_failure_with_its_error(status: ExecutionStatus) -> None:
    error = StepError(error="Conflict", cause='{"errorMessage": "execution e1 is STOPPED"}')
    end = ending(record(status), state(error=error), NOW)
    assert (end.status, end.reason) == ("FAILURE", "Conflict: execution e1 is STOPPED")


def test_results_that_could_not_be_recorded_fail_the_execution() -> None:
    error = StepError(error="RetryableStepError", cause="throttled")
    end = ending(record("RUNNING"), state(record_error=error), NOW)
    assert (end.status, end.reason, end.stop_runner) == ("FAILURE", "RetryableStepError: throttled", True)
    assert ending(record("RUNNING"), state(), NOW).reason == "the run's results could not be recorded"


def test_a_silent_runner_and_an_outlived_ttl_are_told_apart() -> None:
    silent = ending(record("RUNNING"), state(error=StepError(error="States.HeartbeatTimeout")), NOW)
    assert silent.reason == "the runner stopped reporting (no heartbeat for 30 s)"
    outlived = ending(record("RUNNING"), state(error=StepError(error="States.Timeout")), NOW + 600_000)
    assert outlived.reason == "the run outlived its executionTtl of 10 minutes and was stopped"


def test_playrunners_own_errors_give_their_cause_as_the_reason() -> None:
    error = StepError(error=f"{OWN_ERROR_PREFIX}StackStopped", cause="the local stack stopped")
    assert ending(record("RUNNING"), state(error=error), NOW).reason == "the local stack stopped"


def test_a_stopped_run_ends_stopped_with_the_stops_reason_whatever_its_hosts_did() -> None:
    stopping = record("STOPPING", reason="stopped by ana")
    end = ending(stopping, state(results=RecordedResults(failed_count=1, failed_sample=["web2"])), NOW)
    assert (end.status, end.reason, end.workflow_outcome, end.stop_runner) == (
        "STOPPED",
        "stopped by ana",
        "ERROR",
        False,
    )


def test_a_killed_run_ends_killed_and_its_runner_is_stopped() -> None:
    end = ending(record("KILLING", reason="killed by ana"), state(results=DONE), NOW)
    assert (end.status, end.reason, end.workflow_outcome, end.stop_runner) == ("KILLED", "killed by ana", "ERROR", True)


def test_the_ended_record_closes_its_timer_drops_its_deadline_and_tells_its_workflow() -> None:
    current = record("RUNNING")
    given = state(results=DONE)
    written = ended(current, ending(current, given, NOW), NOW)
    assert written.execution.status == "SUCCESS"
    assert written.execution.timers[-1].end == NOW
    assert written.execution.last_updated_time == NOW
    assert written.execution.artifacts == {"version": "1.2"}
    assert written.stop_deadline is None
    assert written.workflow is not None
    assert written.workflow.outcome == "SUCCESS"


def test_every_status_says_which_it_may_follow_and_a_final_one_follows_only_an_active_one() -> None:
    assert set(ALLOWED_FROM) == ACTIVE_STATUSES | FINAL_STATUSES
    for final in FINAL_STATUSES:
        assert ALLOWED_FROM[final] == ACTIVE_STATUSES
    assert "KILLING" not in ALLOWED_FROM["STOPPING"]  # a kill is not undone by a stop
    assert ALLOWED_FROM["PENDING"] == {"FAILURE"}  # only a failed execution runs again


def test_an_error_the_state_machine_gave_without_a_cause_is_read() -> None:
    given = StepState.model_validate(
        {"execution_id": "e1", "account_alias": "DEMO", "job_id": "j1", "error": {"Error": "X", "Cause": None}}
    )
    assert given.error == StepError(error="X", cause="")
