"""The state machine's steps: initialize, start the runner, record results, finalize.

Each step is one conditional transition of the execution. A step that finds the execution
already past it (a retry after a lost answer) changes nothing and answers the same. Finalize
is the lifecycle's end (services/lifecycle.py).
"""

import contextlib

from playrunner.errors import Conflict
from playrunner.models.execution import ACTIVE_STATUSES, FINAL_STATUSES, Timer
from playrunner.orchestration.contracts import FinalState, RecordedResults, RunLimits, StepState
from playrunner.orchestration.runner_tasks import RunnerCapacityUnavailable, RunnerTasks
from playrunner.services.clock import now_ms
from playrunner.services.lifecycle import ALLOWED_FROM, RUNNER_STARTABLE, ExecutionLifecycle
from playrunner.services.summary import summarize
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.jobs import JobStore


class ExecutionSteps:
    def __init__(
        self,
        jobs: JobStore,
        executions: ExecutionStore,
        events: EventStore,
        runner_tasks: RunnerTasks,
        lifecycle: ExecutionLifecycle,
        heartbeat_seconds: int,
    ) -> None:
        self._jobs = jobs
        self._executions = executions
        self._events = events
        self._runner_tasks = runner_tasks
        self.lifecycle = lifecycle
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

        self._executions.transition(state.account_alias, state.execution_id, ALLOWED_FROM["INITIALIZING"], change)
        return RunLimits(timeout_seconds=job.execution_ttl * 60, heartbeat_seconds=self._heartbeat_seconds)

    def start_runner(self, state: StepState, task_token: str) -> str:
        try:
            task_arn = self._runner_tasks.start(
                execution_id=state.execution_id, account_alias=state.account_alias, task_token=task_token
            )
        except RunnerCapacityUnavailable as exc:
            self._say_why_it_waits(state, str(exc))
            raise  # the state machine asks again (retry_policy.dispatch)
        try:
            self._executions.transition(
                state.account_alias,
                state.execution_id,
                RUNNER_STARTABLE,
                lambda record: record.model_copy(update={"task_arn": task_arn}),
            )
        except Conflict:
            self.lifecycle.stop_runner(task_arn, "the execution was stopped or killed while its runner started")
            raise
        return task_arn

    def _say_why_it_waits(self, state: StepState, reason: str) -> None:
        def change(record: ExecutionRecord) -> ExecutionRecord:
            execution = record.execution.model_copy(update={"status_reason": reason, "last_updated_time": now_ms()})
            return record.model_copy(update={"execution": execution})

        with contextlib.suppress(Conflict):  # stopped or killed meanwhile: its own reason stands
            self._executions.transition(state.account_alias, state.execution_id, {"INITIALIZING"}, change)

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
        return self.lifecycle.end(state)
