"""The state machine's steps: initialize, plan the slices, run each slice (start it, start its
runner, record it), finalize (the results recorded, then the end).

Each step is one conditional transition of the execution. A step that finds the execution
already past it (a retry after a lost answer) changes nothing and answers the same. Finalize
is the lifecycle's end (services/lifecycle.py).
"""

import contextlib
import json
from collections.abc import Callable

from playrunner.errors import Conflict
from playrunner.models.execution import ACTIVE_STATUSES, FINAL_STATUSES, Timer
from playrunner.models.host_results import failed_count
from playrunner.models.job import HostSummary
from playrunner.observability import logger
from playrunner.orchestration.contracts import (
    FinalState,
    RecordedResults,
    RunLimits,
    RunOutcome,
    RunPlaybookInput,
    SliceGate,
    SlicePlan,
    SliceRecorded,
    SliceState,
    StepError,
    StepState,
)
from playrunner.orchestration.runner_tasks import RunnerCapacityUnavailable, RunnerTasks
from playrunner.orchestration.step_handler import is_transient
from playrunner.services.clock import now_ms
from playrunner.services.host_results import FAILED_SAMPLE, CountSoFar, HostResults, budget
from playrunner.services.lifecycle import ALLOWED_FROM, RUNNER_STARTABLE, ExecutionLifecycle, failure_reason
from playrunner.services.summary import count_events
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.jobs import JobStore

# The set_stats data every slice of a run leaves, together (what one runner keeps is bounded too).
MAX_EXECUTION_ARTIFACTS_BYTES = 64 * 1024
# A stop asked for, or a kill: no new slice starts.
NO_NEW_SLICES = frozenset({"STOPPING", "KILLING"})


def _merged_artifacts(record: ExecutionRecord, outcome: RunOutcome | None) -> dict[str, object]:
    """The execution's set_stats data with OUTCOME's slice's over it; refused when too large."""
    execution = record.execution
    if outcome is None or not (outcome.artifacts or outcome.artifacts_refused):
        return {}
    if outcome.artifacts_refused:
        return {"artifacts_refused": outcome.artifacts_refused}
    merged = {**execution.artifacts, **outcome.artifacts}
    size = len(json.dumps(merged))
    if size > MAX_EXECUTION_ARTIFACTS_BYTES:
        return {
            "artifacts_refused": f"the slices' set_stats data is {size} bytes together, over the "
            f"{MAX_EXECUTION_ARTIFACTS_BYTES} an execution keeps: a slice's was not kept"
        }
    return {"artifacts": merged}


class ExecutionSteps:
    def __init__(
        self,
        jobs: JobStore,
        executions: ExecutionStore,
        hosts: HostResults,
        events: EventStore,
        runner_tasks: RunnerTasks,
        lifecycle: ExecutionLifecycle,
        heartbeat_seconds: int,
    ) -> None:
        self._jobs = jobs
        self._executions = executions
        self._hosts = hosts
        self._events = events
        self._runner_tasks = runner_tasks
        self.lifecycle = lifecycle
        self._heartbeat_seconds = heartbeat_seconds

    def _change(
        self, state: StepState | SliceState, allowed: frozenset[str], change: Callable[[ExecutionRecord], dict]
    ) -> ExecutionRecord:
        """Apply CHANGE (the record's execution fields to set) while the status is one of ALLOWED."""

        def apply(record: ExecutionRecord) -> ExecutionRecord:
            update = change(record)
            record_update = update.pop("record", {})
            execution = record.execution.model_copy(update={**update, "last_updated_time": now_ms()})
            return record.model_copy(update={"execution": execution, **record_update})

        return self._executions.transition(state.account_alias, state.execution_id, allowed, apply)

    def initialize(self, state: StepState) -> RunLimits:
        job = self._jobs.get(state.account_alias, state.job_id).job
        self._change(
            state,
            ALLOWED_FROM["INITIALIZING"],
            lambda record: {
                "status": "INITIALIZING",
                "status_reason": None,
                "timers": [*record.execution.timers, Timer(start=now_ms())],
            },
        )
        return RunLimits(timeout_seconds=job.execution_ttl * 60, heartbeat_seconds=self._heartbeat_seconds)

    def plan(self, state: StepState) -> SlicePlan:
        """The current run's hosts in slices of the job's sliceSize, each host pending in its slice."""
        job = self._jobs.get(state.account_alias, state.job_id).job
        record = self._executions.get(state.account_alias, state.execution_id)
        hosts = len(record.run_targets())
        count = max(1, -(-hosts // job.slice_size))
        planned = record.model_copy(update={"slice_size": job.slice_size})
        self._hosts.mark_pending(planned)
        self._change(
            state,
            ACTIVE_STATUSES,
            lambda current: {
                "slices": count,
                "host_counts": self._hosts.counts(current),
                "record": {
                    "slice_size": job.slice_size,
                    "budget": budget(current.execution.max_errors, hosts),
                    "slice_error": None,
                    "runner_tasks": {},
                },
            },
        )
        return SlicePlan(slices=list(range(count)), max_concurrency=job.max_concurrency)

    def _counted(self, record: ExecutionRecord) -> CountSoFar:
        """What the current run's events count for the hosts asked (a runner that died or was
        killed wrote no recap: what it recorded until then is kept)."""

        def count(hosts: list[str]) -> dict[str, HostSummary]:
            execution = record.execution
            events = (
                e for e in self._events.all(execution.account_alias, execution.execution_id) if e.run == record.run
            )
            return count_events(events, hosts)

        return count

    def _recount(self, state: StepState | SliceState, **changes: object) -> None:
        with contextlib.suppress(Conflict):  # ended meanwhile (a kill): its end counted them
            self._change(
                state, ACTIVE_STATUSES, lambda current: {"host_counts": self._hosts.counts(current), **changes}
            )

    def start_slice(self, state: SliceState) -> SliceGate:
        """Whether the slice runs: not when a stop or a kill came, nor once more hosts failed than
        maxErrors allows (its hosts are then not_run, and say why)."""
        record = self._executions.get(state.account_alias, state.execution_id)
        status = record.execution.status
        if status in NO_NEW_SLICES or status in FINAL_STATUSES:
            reason = f"not run: the execution was {status.lower()} before slice {state.slice + 1} started"
        elif record.budget is not None and (failed := self._hosts.failed_in_run(record)) > record.budget:
            reason = (
                f"not run: {failed} host(s) had failed, over maxErrors {record.execution.max_errors}, "
                f"before slice {state.slice + 1} started"
            )
        else:
            return SliceGate(run=True)
        hosts = [target.id for target in record.slice_targets(state.slice)]
        self._hosts.finish_unrun(record, hosts, "not_run", reason)
        self._recount(state)
        return SliceGate(run=False)

    def start_runner(self, state: RunPlaybookInput) -> str:
        try:
            task_arn = self._runner_tasks.start(
                execution_id=state.execution_id,
                account_alias=state.account_alias,
                task_token=state.task_token,
                slice_number=state.slice,
            )
        except RunnerCapacityUnavailable as exc:
            self._say_why_it_waits(state, str(exc))
            raise  # the state machine asks again (retry_policy.dispatch)

        def change(record: ExecutionRecord) -> ExecutionRecord:
            return record.model_copy(update={"runner_tasks": {**record.runner_tasks, str(state.slice): task_arn}})

        try:
            self._executions.transition(state.account_alias, state.execution_id, RUNNER_STARTABLE, change)
        except Conflict:
            self.lifecycle.stop_runner(task_arn, "the execution was stopped or killed while its runner started")
            raise
        return task_arn

    def _say_why_it_waits(self, state: RunPlaybookInput, reason: str) -> None:
        with contextlib.suppress(Conflict):  # stopped, killed or running meanwhile: its own reason stands
            self._executions.transition(
                state.account_alias,
                state.execution_id,
                {"INITIALIZING"},
                lambda record: record.model_copy(
                    update={
                        "execution": record.execution.model_copy(
                            update={"status_reason": reason, "last_updated_time": now_ms()}
                        )
                    }
                ),
            )

    def record_slice(self, state: SliceState) -> SliceRecorded:
        """The slice's hosts its runner left without a result fail (unreachable, with why); its
        set_stats data joins the execution's; the execution's counts are read again."""
        record = self._executions.get(state.account_alias, state.execution_id)
        if record.execution.status in FINAL_STATUSES:  # killed meanwhile: the kill recorded them
            return SliceRecorded(slice=state.slice, failed=0)
        hosts = [target.id for target in record.slice_targets(state.slice)]
        label = f"slice {state.slice + 1} of {max(1, record.execution.slices)}"
        error: str | None = None
        if state.error is not None:
            timer = record.execution.timers[-1] if record.execution.timers else Timer(start=now_ms())
            error = f"{label}: {failure_reason(state.error, state.limits, (now_ms() - timer.start) / 1000)}"
        reason = error or f"{label}: its runner ended without a result for this host"
        unrun = self._hosts.finish_unrun(record, hosts, "unreachable", reason, self._counted(record))
        outcome = state.outcome
        playbook_failed = outcome is not None and outcome.status not in {"successful", "stopped"}
        # A playbook that failed though none of its hosts did (it could not be parsed, say): say so.
        if (
            outcome is not None
            and error is None
            and playbook_failed
            and not unrun
            and not self._hosts.any_failed(record, hosts)
        ):
            error = f"{label}: the playbook ended {outcome.status} (rc {outcome.rc})"

        def change(current: ExecutionRecord) -> dict:
            tasks = {k: v for k, v in current.runner_tasks.items() if k != str(state.slice)}
            return {
                "host_counts": self._hosts.counts(current),
                **_merged_artifacts(current, outcome),
                "record": {"runner_tasks": tasks, "slice_error": current.slice_error or error},
            }

        with contextlib.suppress(Conflict):
            self._change(state, ACTIVE_STATUSES, change)
        return SliceRecorded(slice=state.slice, failed=unrun)

    def record_results(self, state: StepState) -> RecordedResults:
        """After every slice: the run's hosts that never ran are not_run; the failed counted."""
        record = self._executions.get(state.account_alias, state.execution_id)
        if record.execution.status not in FINAL_STATUSES:
            why = "the run ended before this host's slice ran"
            if state.error is not None:
                why = f"{why} ({state.error.error})"
            run_hosts = [target.id for target in record.run_targets()]
            self._hosts.finish_unrun(record, run_hosts, "not_run", why, self._counted(record))
            self._recount(state)
        counts = self._hosts.counts(record)
        sample = self._hosts.failed_hosts(record)[:FAILED_SAMPLE] if failed_count(counts) else []
        return RecordedResults(failed_count=failed_count(counts), failed_sample=sample)

    def finalize(self, state: StepState) -> FinalState:
        """The run's results recorded, then its end: one step, so a run's last moments cost one
        function and one transition. Results that cannot be recorded fail the run, saying so; a
        transient error is raised for the state machine to retry the step (recording again
        changes nothing already recorded)."""
        if state.results is None and state.record_error is None:
            try:
                state = state.model_copy(update={"results": self.record_results(state)})
            except Exception as exc:
                if is_transient(exc):
                    raise
                logger.exception("the run's results could not be recorded")
                record_error = StepError(error=type(exc).__name__, cause="the run's results could not be recorded")
                state = state.model_copy(update={"record_error": record_error})
        return self.lifecycle.end(state)
