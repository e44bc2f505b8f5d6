"""How a workflow task ended: written on its run, and told to the state machine waiting on it.

Kept apart from the rest of the runs service: the execution steps (finalize, kill) tell it, and
they know only the table and the task token, not the state machines that start runs.
"""

import json
from collections.abc import Callable
from typing import Any

from playrunner.models.workflow_run import (
    ENDED_TASK_STATUSES,
    RunError,
    RunMetrics,
    RunStatus,
    TaskOutcome,
    TaskRun,
    TaskRunStatus,
    WorkflowRun,
)
from playrunner.observability import logger
from playrunner.orchestration.task_tokens import TaskToken, TaskTokenGone
from playrunner.services.clock import now_ms
from playrunner.store.executions import ExecutionRecord
from playrunner.store.workflow_runs import WorkflowRunRecord, WorkflowRunStore

TASK_STATUS: dict[TaskOutcome, TaskRunStatus] = {"SUCCESS": "succeeded", "FAILURE": "failed", "ERROR": "errored"}


def task_outcome(status: TaskOutcome, execution_id: str | None, artifacts: dict[str, Any]) -> dict[str, Any]:
    """What the waiting task state receives; its Choice reads the status."""
    return {"status": status, "execution_id": execution_id, "artifacts": artifacts}


# What one workflow run carries of its tasks' set_stats data, all tasks together: it is stored on
# the run and passed through its state machine's state (256 KB), so it stays well within both.
MAX_RUN_SET_STATS_BYTES = 64 * 1024


def set_stats_bytes(data: dict[str, Any]) -> int:
    return len(json.dumps(data, default=str, separators=(",", ":")))


def progress(tasks: dict[str, TaskRun]) -> float:
    """The share of the workflow's tasks that have ended."""
    return round(sum(task.status in ENDED_TASK_STATUSES for task in tasks.values()) / max(len(tasks), 1), 3)


def with_tasks(run: WorkflowRun, tasks: dict[str, TaskRun], **changes: Any) -> WorkflowRun:
    metrics: RunMetrics = run.metrics.model_copy(update={"progress": progress(tasks)})
    return run.model_copy(update={"tasks": tasks, "metrics": metrics, **changes})


def end_run(record: WorkflowRunRecord, status: RunStatus) -> WorkflowRunRecord:
    """The run ends with STATUS; a task still running is canceled (its state machine is gone),
    and one never reached will not run."""
    run = record.run
    at_end = {"running": "canceled", "pending": "not_run"}
    tasks = {
        task_id: task.model_copy(update={"status": at_end[task.status]}) if task.status in at_end else task
        for task_id, task in run.tasks.items()
    }
    metrics = run.metrics.model_copy(update={"end_time": now_ms(), "progress": progress(tasks)})
    return record.model_copy(
        update={"run": run.model_copy(update={"status": status, "tasks": tasks, "metrics": metrics})}
    )


class WorkflowTasks:
    def __init__(self, runs: WorkflowRunStore, token: Callable[[str], TaskToken] = TaskToken) -> None:
        self._runs = runs
        self._token = token

    def execution_ended(self, record: ExecutionRecord) -> None:
        """An execution a task started has ended: the run records it, the state machine goes on."""
        link = record.workflow
        if link is None or link.outcome is None:
            return
        execution = record.execution
        reason = f": {execution.status_reason}" if execution.status_reason else ""
        outcome, message = link.outcome, f"execution {execution.execution_id} ended {execution.status}{reason}"
        if execution.artifacts_refused:  # the playbook's data was more than one run may keep
            outcome, message = "ERROR", f"execution {execution.execution_id}: {execution.artifacts_refused}"
        kept = self.task_ended(
            execution.account_alias,
            link.run_id,
            link.task_id,
            execution.execution_id,
            outcome,
            execution.artifacts,
            message,
        )
        if kept is None:  # the run no longer waits for this task: nothing to pass on
            kept = (outcome, {})
        outcome, own = kept
        self.answer(link.task_token, task_outcome(outcome, execution.execution_id, {**link.inherited, **own}))

    def task_ended(
        self,
        account_alias: str,
        run_id: str,
        task_id: str,
        execution_id: str | None,
        outcome: TaskOutcome,
        artifacts: dict[str, Any],
        message: str,
    ) -> tuple[TaskOutcome, dict[str, Any]] | None:
        """Record the task's end on its run (once: a second telling, or one about an execution
        the task no longer waits for, changes nothing, and answers None). The task's set_stats
        data is kept once, on the task, while the run's stays within MAX_RUN_SET_STATS_BYTES;
        over it, the task errors with the reason recorded. Answers the outcome and the data kept."""
        decided: list[tuple[TaskOutcome, dict[str, Any]]] = []

        def change(record: WorkflowRunRecord) -> WorkflowRunRecord | None:
            decided.clear()
            run = record.run
            task = run.tasks.get(task_id)
            if run.status != "running" or task is None:
                return None
            if execution_id is not None and (task.execution_id != execution_id or task.status != "running"):
                return None
            ended_as, kept, said = outcome, artifacts, message
            carried = set_stats_bytes({other: t.artifacts for other, t in run.tasks.items() if other != task_id})
            size = carried + set_stats_bytes({task_id: artifacts})
            if artifacts and size > MAX_RUN_SET_STATS_BYTES:
                ended_as, kept = "ERROR", {}
                said = (
                    f"task {task_id}: its set_stats data would make the run's {size} bytes, over the "
                    f"{MAX_RUN_SET_STATS_BYTES} a run carries: not passed on"
                )
            tasks = dict(run.tasks)
            tasks[task_id] = task.model_copy(update={"status": TASK_STATUS[ended_as], "artifacts": kept})
            errors = run.errors
            if ended_as != "SUCCESS":
                errors = [*errors, RunError(task=task_id, message=said, timestamp=now_ms(), attempt=run.attempt)]
            decided.append((ended_as, kept))
            return record.model_copy(update={"run": with_tasks(run, tasks, errors=errors)})

        self._runs.change(account_alias, run_id, change)
        return decided[0] if decided else None

    def fail_run(self, account_alias: str, run_id: str, attempt: int, message: str) -> None:
        """The run cannot go on (its state machine did not start, or is gone): it ends in error,
        and may be resumed."""

        def change(record: WorkflowRunRecord) -> WorkflowRunRecord | None:
            if record.run.status != "running" or record.run.attempt != attempt:
                return None
            ended = end_run(record, "error")
            error = RunError(task=None, message=message[:1000], timestamp=now_ms(), attempt=attempt)
            return ended.model_copy(update={"run": ended.run.model_copy(update={"errors": [*ended.run.errors, error]})})

        self._runs.change(account_alias, run_id, change)

    def answer(self, task_token: str, outcome: dict[str, Any]) -> None:
        try:
            self._token(task_token).succeed(outcome)
        except TaskTokenGone:
            logger.info("the workflow no longer waits for this task (stopped or answered)")
