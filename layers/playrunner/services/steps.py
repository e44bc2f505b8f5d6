"""The state machine's steps: initialize, start the runner, record results, finalize.

Each step is one conditional transition of the execution. A step that finds the execution
already past it (a retry after a lost answer) changes nothing and answers the same.
"""

import contextlib
import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel, ConfigDict

from playrunner.errors import Conflict, NotFound
from playrunner.models.execution import ACTIVE_STATUSES, FINAL_STATUSES, Execution, Timer
from playrunner.models.job import JobDetails
from playrunner.models.workflow_run import TaskOutcome
from playrunner.observability import logger, metrics
from playrunner.orchestration.runner_tasks import RunnerTasks
from playrunner.services.clock import now_ms
from playrunner.services.summary import summarize
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.jobs import JobStore

# An execution a stop or a kill interrupted ends as asked, whatever its hosts did.
INTERRUPTED = {"STOPPING": "STOPPED", "KILLING": "KILLED"}
# A kill that came first has stopped the run already: a runner started after it must not live.
RUNNER_STARTABLE = frozenset(ACTIVE_STATUSES - {"KILLING"})

# Told when an execution a workflow started has ended (and again, harmlessly, on a retried finalize).
WorkflowTaskEnded = Callable[[ExecutionRecord], None]


class StepError(BaseModel):
    """What a Catch puts in the state: Step Functions' error name and cause."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    error: str = ""
    cause: str = ""

    @classmethod
    def from_state(cls, value: Any) -> "StepError | None":
        if not isinstance(value, dict):
            return None
        return cls(error=str(value.get("Error", "")), cause=str(value.get("Cause", "")))


class StepState(BaseModel):
    """The state machine's state as the steps read it; each step adds its own part."""

    model_config = ConfigDict(extra="ignore")

    execution_id: str
    account_alias: str
    job_id: str
    limits: dict[str, Any] | None = None
    outcome: dict[str, Any] | None = None
    results: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    record_error: dict[str, Any] | None = None


class RunLimits(BaseModel):
    timeout_seconds: int
    heartbeat_seconds: int


class RecordedResults(BaseModel):
    failed_hosts: list[str]
    completed: bool


class FinalState(BaseModel):
    execution_id: str
    status: str


def _cause_text(error: StepError) -> str:
    # Lambda errors arrive as a JSON cause with errorMessage; runner failures as plain text.
    try:
        parsed = json.loads(error.cause)
    except ValueError:
        return error.cause
    return str(parsed.get("errorMessage", error.cause)) if isinstance(parsed, dict) else error.cause


def failure_reason(error: StepError, limits: dict[str, Any] | None, ran_seconds: float) -> str:
    limits = limits or {}
    timeout_seconds = int(limits.get("timeout_seconds", 0))
    # Some interpreters name a missed heartbeat States.Timeout too: the time run tells them apart.
    if error.error == "States.HeartbeatTimeout" or (error.error == "States.Timeout" and ran_seconds < timeout_seconds):
        return f"the runner stopped reporting (no heartbeat for {limits.get('heartbeat_seconds')} s)"
    if error.error == "States.Timeout":
        return f"the run outlived its executionTtl of {timeout_seconds // 60} minutes and was stopped"
    return f"{error.error}: {_cause_text(error)}"[:1000]


def _artifacts(outcome: dict[str, Any]) -> dict[str, Any]:
    artifacts = outcome.get("artifacts")  # the runner keeps it within MAX_ARTIFACTS_BYTES
    return artifacts if isinstance(artifacts, dict) else {}


def _workflow_outcome(status: str, error: StepError | None) -> TaskOutcome:
    """SUCCESS; FAILURE when the playbook ran and a host failed; ERROR when it could not run
    (a bad repository, a crashed runner, its TTL) or was stopped or killed."""
    if status == "SUCCESS":
        return "SUCCESS"
    if status == "FAILURE" and error is None:
        return "FAILURE"
    return "ERROR"


class ExecutionSteps:
    def __init__(
        self,
        jobs: JobStore,
        executions: ExecutionStore,
        events: EventStore,
        runner_tasks: RunnerTasks,
        heartbeat_seconds: int,
        workflow_task_ended: WorkflowTaskEnded | None = None,
    ) -> None:
        self._workflow_task_ended = workflow_task_ended
        self._jobs = jobs
        self._executions = executions
        self._events = events
        self._runner_tasks = runner_tasks
        self._heartbeat_seconds = heartbeat_seconds

    def initialize(self, state: StepState) -> RunLimits:
        job = self._jobs.get(state.account_alias, state.job_id).job

        def change(record: ExecutionRecord) -> ExecutionRecord:
            now = now_ms()
            execution = record.execution.model_copy(
                update={
                    "status": "INITIALIZING",
                    "status_reason": None,
                    "timers": [*record.execution.timers, Timer(start=now)],
                    "last_updated_time": now,
                }
            )
            return record.model_copy(update={"execution": execution})

        self._executions.transition(state.account_alias, state.execution_id, {"PENDING"}, change)
        return RunLimits(timeout_seconds=job.execution_ttl * 60, heartbeat_seconds=self._heartbeat_seconds)

    def start_runner(self, state: StepState, task_token: str) -> str:
        task_arn = self._runner_tasks.start(
            execution_id=state.execution_id, account_alias=state.account_alias, task_token=task_token
        )
        try:
            self._executions.transition(
                state.account_alias,
                state.execution_id,
                RUNNER_STARTABLE,
                lambda record: record.model_copy(update={"task_arn": task_arn}),
            )
        except Conflict:
            self._stop_runner(task_arn, "the execution was stopped or killed while its runner started")
            raise
        return task_arn

    def record_results(self, state: StepState) -> RecordedResults:
        record = self._executions.get(state.account_alias, state.execution_id)
        if record.execution.status in FINAL_STATUSES:  # killed meanwhile: the kill recorded them
            return RecordedResults(failed_hosts=record.execution.failed_hosts, completed=False)
        run = len(record.execution.timers)
        events = [event for event in self._events.all(state.account_alias, state.execution_id) if event.run == run]
        summary = summarize(events, [target.id for target in record.run_targets()])

        def change(current: ExecutionRecord) -> ExecutionRecord:
            # A run again of some hosts replaces their results and keeps the others'.
            summaries = {**current.execution.host_summaries, **summary.host_summaries}
            earlier_failed = [h for h in current.execution.failed_hosts if h not in summary.host_summaries]
            execution = current.execution.model_copy(
                update={
                    "host_summaries": summaries,
                    "failed_hosts": sorted({*earlier_failed, *summary.failed_hosts}),
                    "last_updated_time": now_ms(),
                }
            )
            return current.model_copy(update={"execution": execution})

        written = self._executions.transition(state.account_alias, state.execution_id, ACTIVE_STATUSES, change)
        return RecordedResults(failed_hosts=written.execution.failed_hosts, completed=summary.completed)

    def finalize(self, state: StepState) -> FinalState:
        error = StepError.from_state(state.error) or StepError.from_state(state.record_error)
        outcome = state.outcome or {}
        results = state.results or {}

        def change(record: ExecutionRecord) -> ExecutionRecord:
            execution = record.execution
            failed = execution.failed_hosts
            if state.results is None:  # nothing was recorded: none of this run's hosts finished
                failed = sorted({*failed, *(target.id for target in record.run_targets())})
            now = now_ms()
            timers = list(execution.timers) or [Timer(start=execution.created_time)]
            timers[-1] = timers[-1].model_copy(update={"end": timers[-1].end or now})
            ran_seconds = (now - timers[-1].start) / 1000
            if execution.status in INTERRUPTED:  # a stop or a kill said why when it was asked
                status, reason = INTERRUPTED[execution.status], execution.status_reason
            elif error is None and outcome.get("status") == "successful" and results.get("completed") and not failed:
                status, reason = "SUCCESS", None
            else:
                status, reason = "FAILURE", self._reason(error, state, failed, ran_seconds)
            finished = execution.model_copy(
                update={
                    "status": status,
                    "status_reason": reason,
                    "failed_hosts": failed,
                    "timers": timers,
                    "last_updated_time": now,
                    "artifacts": _artifacts(outcome),
                }
            )
            workflow = record.workflow
            if workflow is not None:
                workflow = workflow.model_copy(update={"outcome": _workflow_outcome(status, error)})
            return record.model_copy(update={"execution": finished, "stop_deadline": None, "workflow": workflow})

        try:
            written = self._executions.transition(state.account_alias, state.execution_id, ACTIVE_STATUSES, change)
        except Conflict:
            current = self._executions.get(state.account_alias, state.execution_id)
            self._tell_workflow(current)  # a retried finalize: the workflow may not have heard
            return FinalState(execution_id=state.execution_id, status=current.execution.status)
        if (error is not None or written.execution.status == "KILLED") and written.task_arn:
            self._stop_runner(written.task_arn, written.execution.status_reason or "the run ended in error")
        self._update_job(written.execution)
        self._count(written.execution)
        self._tell_workflow(written)
        return FinalState(execution_id=state.execution_id, status=written.execution.status)

    def _tell_workflow(self, record: ExecutionRecord) -> None:
        if record.workflow is not None and record.workflow.outcome is not None and self._workflow_task_ended:
            self._workflow_task_ended(record)

    @staticmethod
    def _reason(error: StepError | None, state: StepState, failed: list[str], ran_seconds: float) -> str:
        if error is not None:
            return failure_reason(error, state.limits, ran_seconds)
        if failed:
            return f"failed on {len(failed)} host(s): {', '.join(failed[:10])}"
        return f"the playbook ended {(state.outcome or {}).get('status', 'without an outcome')}"

    @staticmethod
    def _count(execution: Execution) -> None:
        """The dashboard's figures: runs ended by status, and how long the run took."""
        metrics.add_metric(name=f"Executions{execution.status.title()}", unit=MetricUnit.Count, value=1)
        timer = execution.timers[-1] if execution.timers else None
        if timer is not None and timer.end is not None:
            metrics.add_metric(name="RunDuration", unit=MetricUnit.Milliseconds, value=timer.end - timer.start)

    def _stop_runner(self, task_arn: str, reason: str) -> None:
        try:
            self._runner_tasks.stop(task_arn, reason)
        except Exception:
            logger.exception("could not stop the runner task", extra={"task_arn": task_arn})

    def _update_job(self, execution: Execution) -> None:
        details = JobDetails(
            last_run=execution.timers[-1].end if execution.timers else execution.last_updated_time,
            last_status=execution.host_summaries,
        )
        with contextlib.suppress(NotFound):  # the job was deleted while it ran
            self._jobs.record_last_run(execution.account_alias, execution.job_id, details)
