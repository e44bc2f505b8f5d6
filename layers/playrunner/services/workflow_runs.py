"""Workflow runs: start, read, cancel and resume; and the two steps of a run's state machine
(run a task, end the run), with what an execution started by a task tells the run when it ends.

A run is tried in attempts: the first start, then one per resume. A resume starts the
workflow's state machine again from its start; a task that succeeded in an earlier attempt is
not run again, its success (and its set_stats data) is taken as it was.
"""

import uuid
from collections.abc import Callable
from typing import Any

from pydantic import ConfigDict, Field

from playrunner.errors import Conflict, Invalid, PlayrunnerError
from playrunner.models.auth import Caller
from playrunner.models.base import Model
from playrunner.models.hosts import check_variables
from playrunner.models.workflow import WorkflowSpec
from playrunner.models.workflow_run import (
    RunMetrics,
    TaskRun,
    WorkflowRun,
    WorkflowRunStarted,
    WorkflowStartRequest,
)
from playrunner.observability import logger
from playrunner.orchestration.workflow_definition import initial_input
from playrunner.orchestration.workflow_machines import WorkflowMachines
from playrunner.services.clock import new_id, now_ms
from playrunner.services.executions import ExecutionService
from playrunner.services.workflow_tasks import WorkflowTasks, end_run, progress, task_outcome, with_tasks
from playrunner.store.executions import WorkflowLink
from playrunner.store.workflow_runs import WorkflowRunRecord, WorkflowRunStore, run_not_found
from playrunner.store.workflows import WorkflowStore

EXECUTION_NAMESPACE = uuid.UUID("0b7e4c2a-9d15-4e8f-a6c3-5f2d8b1e7a94")
RESUMABLE = frozenset({"error", "canceled"})
REUSABLE = frozenset({"succeeded", "reused"})

# Ends an execution at once: ExecutionControl.kill (account, job, execution, caller).
KillExecution = Callable[[str, str, str, Caller], Any]


class TaskStep(Model):
    """What the state machine gives the task step."""

    model_config = ConfigDict(extra="ignore")

    account_alias: str
    run_id: str
    attempt: int
    task_id: str
    task_token: str
    artifacts: dict[str, Any] = Field(default_factory=dict)  # set_stats data from the tasks before


class FinishStep(Model):
    model_config = ConfigDict(extra="ignore")

    account_alias: str
    run_id: str
    attempt: int
    unhandled: bool = False


class StepAnswer(Model):
    run_id: str
    status: str
    execution_id: str | None = None


class _IterationsUsed(PlayrunnerError):
    pass


def _state_machine_run(run: WorkflowRun) -> str:
    return f"{run.id}-{run.attempt}"


class WorkflowRuns:
    def __init__(
        self,
        workflows: WorkflowStore,
        runs: WorkflowRunStore,
        executions: ExecutionService,
        machines: WorkflowMachines,
        tasks: WorkflowTasks,
        kill: KillExecution,
    ) -> None:
        self._tasks = tasks
        self._workflows = workflows
        self._runs = runs
        self._executions = executions
        self._machines = machines
        self._kill = kill

    # --- the API ---------------------------------------------------------------------------

    def start(self, account_alias: str, request: WorkflowStartRequest, caller: Caller) -> WorkflowRunStarted:
        spec = self._workflows.get(account_alias, request.workflow).workflow.spec()
        options = request.options
        run = WorkflowRun(
            id=new_id(),
            workflow=spec.name,
            account_alias=account_alias,
            description=options.description,
            type=options.type,
            status="running",
            tasks={task_id: TaskRun(task=task_id, job_id=task.job_id) for task_id, task in spec.tasks.items()},
            variables=options.variables,
            groups=options.groups,
            created_by=caller.user_name,
            metrics=RunMetrics(start_time=now_ms()),
        )
        self._runs.create(WorkflowRunRecord(run=run, spec=spec))
        try:
            self._launch(run, spec)
        except Exception:
            self._runs.delete(account_alias, run.id)  # nothing half-started stays behind
            raise
        return WorkflowRunStarted(message=f"workflow {spec.name} started as run {run.id}", data=run)

    def get(self, account_alias: str, run_id: str, caller: Caller) -> WorkflowRun:
        return self._visible(account_alias, run_id, caller).run

    def cancel(self, account_alias: str, run_id: str, caller: Caller) -> WorkflowRun:
        """The run ends canceled; its state machine is stopped and its running executions killed."""
        self._visible(account_alias, run_id, caller)
        running: list[TaskRun] = []

        def change(record: WorkflowRunRecord) -> WorkflowRunRecord:
            run = record.run
            if run.status != "running":
                raise Conflict(f"workflow run {run_id} is {run.status}", error_code="RUN_STATE_CONFLICT")
            running[:] = [task for task in run.tasks.values() if task.status == "running"]
            return end_run(record, "canceled")

        written = self._runs.change(account_alias, run_id, change)
        self._machines.machine(account_alias, written.run.workflow).stop(
            _state_machine_run(written.run), error="Canceled", cause=f"canceled by {caller.user_name}"
        )
        self._kill_all(account_alias, running, caller)
        return written.run

    def resume(self, account_alias: str, run_id: str, caller: Caller) -> WorkflowRun:
        """Run again from the tasks that failed or errored, with the workflow as it is now."""
        stored = self._visible(account_alias, run_id, caller)
        spec = self._workflows.get(account_alias, stored.run.workflow).workflow.spec()

        def change(record: WorkflowRunRecord) -> WorkflowRunRecord:
            run = record.run
            if run.status not in RESUMABLE:
                raise Conflict(
                    f"workflow run {run_id} is {run.status}: only a run in error or canceled can be resumed",
                    error_code="RUN_STATE_CONFLICT",
                )
            tasks = {}
            for task_id, task in spec.tasks.items():
                earlier = run.tasks.get(task_id) or TaskRun(task=task_id, job_id=task.job_id)
                kept = earlier.status in REUSABLE and earlier.job_id == task.job_id
                tasks[task_id] = earlier.model_copy(
                    update={"job_id": task.job_id, "iterations": 0, "status": earlier.status if kept else "pending"}
                )
            resumed = run.model_copy(
                update={
                    "status": "running",
                    "attempt": run.attempt + 1,
                    "tasks": tasks,
                    "metrics": RunMetrics(start_time=run.metrics.start_time, progress=progress(tasks)),
                }
            )
            return record.model_copy(update={"run": resumed, "spec": spec})

        written = self._runs.change(account_alias, run_id, change)
        try:
            self._launch(written.run, spec)
        except Exception as exc:
            self._tasks.fail_run(account_alias, run_id, written.run.attempt, f"the run could not be resumed: {exc}")
            raise
        return written.run

    # --- the state machine's steps ---------------------------------------------------------

    def run_task(self, step: TaskStep) -> StepAnswer:
        """Start the task's execution, which answers the token when it ends; or answer at once
        when an earlier attempt's success is reused, or when the task cannot run."""
        record = self._runs.get(step.account_alias, step.run_id)
        run = record.run
        if run.status != "running" or run.attempt != step.attempt:
            # Canceled, or a resume superseded this attempt: its state machine run was stopped.
            # Step Functions refuses the answer; an interpreter that went on (moto's) ends sooner.
            self._tasks.answer(step.task_token, task_outcome("ERROR", None, step.artifacts))
            return StepAnswer(run_id=run.id, status="ignored")
        task = run.tasks[step.task_id]
        if task.status in REUSABLE and (task.attempt or 0) < step.attempt and step.task_id != record.spec.error_handler:
            return self._reuse(step, task)
        execution_id = str(uuid.uuid5(EXECUTION_NAMESPACE, f"{step.account_alias}/{step.run_id}/{step.task_token}"))
        spec_task = record.spec.tasks[step.task_id]
        try:
            _check_set_stats(step)
            self._runs.change(step.account_alias, step.run_id, self._mark_running(step, execution_id))
            self._executions.start_for_workflow(
                step.account_alias,
                spec_task.job_id,
                variables={**spec_task.variables, **step.artifacts, **run.variables},
                link=WorkflowLink(
                    run_id=run.id, task_id=step.task_id, task_token=step.task_token, inherited=step.artifacts
                ),
                caller=Caller(user_name=run.created_by or f"workflow:{run.workflow}", account_alias=run.account_alias),
                execution_id=execution_id,
            )
        except PlayrunnerError as exc:  # the job was deleted, its parameters are missing, the loop ran out
            self._tasks.task_ended(step.account_alias, step.run_id, step.task_id, None, "ERROR", {}, exc.message)
            self._tasks.answer(step.task_token, task_outcome("ERROR", None, step.artifacts))
            return StepAnswer(run_id=run.id, status="errored")
        return StepAnswer(run_id=run.id, status="running", execution_id=execution_id)

    def _reuse(self, step: TaskStep, task: TaskRun) -> StepAnswer:
        def change(record: WorkflowRunRecord) -> WorkflowRunRecord:
            tasks = dict(record.run.tasks)
            tasks[step.task_id] = tasks[step.task_id].model_copy(update={"status": "reused", "attempt": step.attempt})
            return record.model_copy(update={"run": with_tasks(record.run, tasks)})

        self._runs.change(step.account_alias, step.run_id, change)
        self._tasks.answer(
            step.task_token, task_outcome("SUCCESS", task.execution_id, {**step.artifacts, **task.artifacts})
        )
        return StepAnswer(run_id=step.run_id, status="reused", execution_id=task.execution_id)

    def _mark_running(
        self, step: TaskStep, execution_id: str
    ) -> Callable[[WorkflowRunRecord], WorkflowRunRecord | None]:
        def change(record: WorkflowRunRecord) -> WorkflowRunRecord | None:
            task = record.run.tasks[step.task_id]
            if execution_id in task.executions:
                return None  # a retried step: counted already
            limit = record.spec.tasks[step.task_id].max_iterations
            if limit is not None and task.iterations >= limit:
                raise _IterationsUsed(f"task {step.task_id} has run its maxIterations ({limit}) in this attempt")
            tasks = dict(record.run.tasks)
            tasks[step.task_id] = task.model_copy(
                update={
                    "status": "running",
                    "executions": [*task.executions, execution_id],
                    "iterations": task.iterations + 1,
                    "attempt": step.attempt,
                }
            )
            return record.model_copy(update={"run": record.run.model_copy(update={"tasks": tasks})})

        return change

    def finish(self, step: FinishStep) -> StepAnswer:
        """The state machine reached its end: complete, or error when a failure had no transition.
        Tasks still running were left by a branch that failed: their executions are killed."""
        running: list[TaskRun] = []

        def change(record: WorkflowRunRecord) -> WorkflowRunRecord | None:
            if record.run.status != "running" or record.run.attempt != step.attempt:
                return None
            running[:] = [task for task in record.run.tasks.values() if task.status == "running"]
            return end_run(record, "error" if step.unhandled else "complete")

        written = self._runs.change(step.account_alias, step.run_id, change)
        self._kill_all(
            step.account_alias,
            running,
            Caller(user_name=f"workflow:{written.run.workflow}", account_alias=step.account_alias),
        )
        return StepAnswer(run_id=step.run_id, status=written.run.status)

    # --- shared ------------------------------------------------------------------------------

    def _launch(self, run: WorkflowRun, spec: WorkflowSpec) -> None:
        self._machines.ensure(run.account_alias, spec)
        machine = self._machines.machine(run.account_alias, spec.name)
        machine.start(_state_machine_run(run), initial_input(run.account_alias, run.id, run.attempt))

    def _visible(self, account_alias: str, run_id: str, caller: Caller) -> WorkflowRunRecord:
        """A run with groups is shown to its creator and their members only; to others it is not there."""
        record = self._runs.get(account_alias, run_id)
        run = record.run
        if run.groups and caller.user_name != run.created_by and not set(run.groups) & set(caller.roles):
            raise run_not_found(account_alias, run_id)
        return record

    def _kill_all(self, account_alias: str, tasks: list[TaskRun], caller: Caller) -> None:
        for task in tasks:
            if task.execution_id is None:
                continue
            try:
                self._kill(account_alias, task.job_id, task.execution_id, caller)
            except PlayrunnerError:
                pass  # it ended meanwhile
            except Exception:
                logger.exception(
                    "could not kill a workflow task's execution", extra={"execution_id": task.execution_id}
                )


def _check_set_stats(step: TaskStep) -> None:
    """set_stats data is variables too: the rule every other source obeys applies to it."""
    try:
        check_variables(step.artifacts, f"set_stats data passed to task {step.task_id}")
    except ValueError as exc:
        raise Invalid(str(exc), error_code="INVALID_VARIABLES") from exc
