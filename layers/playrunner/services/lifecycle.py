"""An execution's life: which status may follow which, and how an execution ends.

Ending is one thing wherever it happens — Finalize at the end of a run, a kill, the local
stack's recovery after a stop: the final status and why, the timer closed,
the workflow's outcome, then (in that order, each once) the runner stopped wherever it still
runs, the job's last run, the metrics and the workflow told. The rules are functions without
I/O (`ending`, `ended`); `ExecutionLifecycle.end` is the one place they are applied.
"""

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from aws_lambda_powertools.metrics import MetricUnit

from playrunner.errors import Conflict, NotFound
from playrunner.models.execution import ACTIVE_STATUSES, FINAL_STATUSES, STOPPABLE_STATUSES, Execution, Timer
from playrunner.models.job import JobDetails
from playrunner.models.workflow_run import TaskOutcome
from playrunner.observability import logger, metrics
from playrunner.orchestration.contracts import FinalState, RunLimits, StepError, StepState
from playrunner.orchestration.runner_tasks import RunnerTasks
from playrunner.services.clock import now_ms
from playrunner.services.host_results import HostResults
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.jobs import JobStore

# Which statuses each status may be written from (every write is a conditional one on these).
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "PENDING": frozenset({"FAILURE"}),  # a new execution is created PENDING; a restart runs a FAILURE again
    "INITIALIZING": frozenset({"PENDING"}),
    "RUNNING": frozenset({"INITIALIZING"}),
    "STOPPING": STOPPABLE_STATUSES,
    "KILLING": STOPPABLE_STATUSES,
    **dict.fromkeys(FINAL_STATUSES, ACTIVE_STATUSES),
}
# An execution a stop or a kill interrupted ends as asked, whatever its hosts did.
INTERRUPTED = {"STOPPING": "STOPPED", "KILLING": "KILLED"}
# A kill that came first has stopped the run already: a runner started after it must not live.
RUNNER_STARTABLE = frozenset(ACTIVE_STATUSES - {"KILLING"})

# A job's details name each host's last result only for runs of at most this many hosts.
LAST_STATUS_HOSTS = 100
# playrunner's own errors (not Step Functions', Lambda's or the runner's) carry their reason as their cause.
OWN_ERROR_PREFIX = "Playrunner."
# Told when an execution a workflow started has ended (and again, harmlessly, on a retried end).
WorkflowTaskEnded = Callable[[ExecutionRecord], None]


def _cause_text(error: StepError) -> str:
    # Lambda errors arrive as a JSON cause with errorMessage; runner failures as plain text.
    try:
        parsed = json.loads(error.cause)
    except ValueError:
        return error.cause
    return str(parsed.get("errorMessage", error.cause)) if isinstance(parsed, dict) else error.cause


def failure_reason(error: StepError, limits: RunLimits | None, ran_seconds: float) -> str:
    if error.error.startswith(OWN_ERROR_PREFIX):
        return error.cause
    timeout_seconds = limits.timeout_seconds if limits else 0
    # Some interpreters name a missed heartbeat States.Timeout too: the time run tells them apart.
    if error.error == "States.HeartbeatTimeout" or (error.error == "States.Timeout" and ran_seconds < timeout_seconds):
        heartbeat = limits.heartbeat_seconds if limits else None
        return f"the runner stopped reporting (no heartbeat for {heartbeat} s)"
    if error.error == "States.Timeout":
        return f"the run outlived its executionTtl of {timeout_seconds // 60} minutes and was stopped"
    return f"{error.error}: {_cause_text(error)}"[:1000]


def workflow_outcome(status: str, errored: bool) -> TaskOutcome:
    """SUCCESS; FAILURE when the playbook ran and a host failed; ERROR when it could not run
    (a bad repository, a crashed runner, its TTL) or was stopped or killed."""
    if status == "SUCCESS":
        return "SUCCESS"
    if status == "FAILURE" and not errored:
        return "FAILURE"
    return "ERROR"


@dataclass(frozen=True)
class Ending:
    """How an execution ends."""

    status: str
    reason: str | None
    workflow_outcome: TaskOutcome
    stop_runner: bool  # the run ended in error or was killed: its runners may still be running


def ending(record: ExecutionRecord, state: StepState, now: int) -> Ending:
    """The end of RECORD's current run, from what the steps before put in STATE and what its
    slices recorded (a slice that could not run its playbook, the hosts that failed)."""
    execution = record.execution
    error = state.error or state.record_error
    timer = execution.timers[-1] if execution.timers else Timer(start=execution.created_time)
    ran_seconds = (now - timer.start) / 1000
    results = state.results
    if execution.status in INTERRUPTED:  # a stop or a kill said why when it was asked
        status, reason = INTERRUPTED[execution.status], execution.status_reason
    elif error is not None:
        status, reason = "FAILURE", failure_reason(error, state.limits, ran_seconds)
    elif results is None:
        status, reason = "FAILURE", "the run's results could not be recorded"
    elif record.slice_error:
        status, reason = "FAILURE", record.slice_error
    elif results.failed_count:
        named = ", ".join(results.failed_sample) + (
            ", ..." if results.failed_count > len(results.failed_sample) else ""
        )
        status, reason = "FAILURE", f"failed on {results.failed_count} host(s): {named}"
    else:
        status, reason = "SUCCESS", None
    errored = error is not None or results is None or record.slice_error is not None
    return Ending(
        status=status,
        reason=reason,
        workflow_outcome=workflow_outcome(status, errored),
        stop_runner=errored or status == "KILLED",
    )


def ended(record: ExecutionRecord, end: Ending, now: int) -> ExecutionRecord:
    """RECORD as END leaves it: the timer closed, the stop deadline gone, the workflow's outcome set."""
    execution = record.execution
    timers = list(execution.timers) or [Timer(start=execution.created_time)]
    timers[-1] = timers[-1].model_copy(update={"end": timers[-1].end or now})
    finished = execution.model_copy(
        update={"status": end.status, "status_reason": end.reason, "timers": timers, "last_updated_time": now}
    )
    workflow = record.workflow
    if workflow is not None:
        workflow = workflow.model_copy(update={"outcome": end.workflow_outcome})
    return record.model_copy(update={"execution": finished, "stop_deadline": None, "workflow": workflow})


class ExecutionLifecycle:
    def __init__(
        self,
        jobs: JobStore,
        executions: ExecutionStore,
        runner_tasks: RunnerTasks,
        hosts: HostResults,
        workflow_task_ended: WorkflowTaskEnded | None = None,
    ) -> None:
        self._hosts = hosts
        self._jobs = jobs
        self._executions = executions
        self._runner_tasks = runner_tasks
        self._workflow_task_ended = workflow_task_ended

    def end(self, state: StepState) -> FinalState:
        """End the execution STATE names, as the steps before left it. An execution already ended
        (a retried Finalize, a kill that came first) stays as it is; its workflow is told again."""

        def end(record: ExecutionRecord) -> ExecutionRecord:
            now = now_ms()
            return ended(record, ending(record, state, now), now)

        try:
            written = self._executions.transition(state.account_alias, state.execution_id, ACTIVE_STATUSES, end)
        except Conflict:
            current = self._executions.get(state.account_alias, state.execution_id)
            self._tell_workflow(current)  # a retried end: the workflow may not have heard
            return FinalState(execution_id=state.execution_id, status=current.execution.status)
        execution = written.execution
        if state.error or state.record_error or written.slice_error or execution.status == "KILLED":
            for task_arn in written.runner_tasks.values():
                self.stop_runner(task_arn, execution.status_reason or "the run ended in error")
        self._update_job(written)
        self._count(execution)
        self._tell_workflow(written)
        return FinalState(execution_id=state.execution_id, status=execution.status)

    def stop_runner(self, task_arn: str, reason: str) -> None:
        """Best effort: a runner already gone is what was wanted."""
        try:
            self._runner_tasks.stop(task_arn, reason)
        except Exception:
            logger.exception("could not stop the runner task", extra={"task_arn": task_arn})

    def _tell_workflow(self, record: ExecutionRecord) -> None:
        if record.workflow is not None and record.workflow.outcome is not None and self._workflow_task_ended:
            self._workflow_task_ended(record)

    @staticmethod
    def _count(execution: Execution) -> None:
        """The dashboard's figures: runs ended by status, and how long the run took."""
        metrics.add_metric(name=f"Executions{execution.status.title()}", unit=MetricUnit.Count, value=1)
        timer = execution.timers[-1] if execution.timers else None
        if timer is not None and timer.end is not None:
            metrics.add_metric(name="RunDuration", unit=MetricUnit.Milliseconds, value=timer.end - timer.start)

    def _update_job(self, record: ExecutionRecord) -> None:
        execution = record.execution
        details = JobDetails(
            last_run=execution.timers[-1].end if execution.timers else execution.last_updated_time,
            last_execution_id=execution.execution_id,
            last_host_counts=execution.host_counts,
            last_status=self._hosts.detailed(record).host_summaries if len(record.targets) <= LAST_STATUS_HOSTS else {},
        )
        with contextlib.suppress(NotFound):  # the job was deleted while it ran
            self._jobs.record_last_run(execution.account_alias, execution.job_id, details)
