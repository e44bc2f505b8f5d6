"""A workflow compiled to its own state machine, so that the console draws its graph and each
run's path.

Each task is a `lambda:invoke.waitForTaskToken` step: the task function starts the job's
execution with the token, and the execution's end answers it with SUCCESS, FAILURE or ERROR.
A Choice after it follows the task's transitions. Tasks started together are the branches of a
Parallel state; a branch holds its own copy of every task it can reach, because a state in
one branch cannot lead into another. A failure with no transition ends its branch with a Fail,
which fails the Parallel around it, up to the top, where the error handler runs once.

The definition is JSONPath only (no JSONata, no Assign): moto's interpreter runs it locally.
"""

import itertools
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from playrunner.models.workflow import WorkflowSpec
from playrunner.orchestration import retry_policy

TASK_STEP_FUNCTION: Final = "step_workflow_task"
FINISH_STEP_FUNCTION: Final = "step_workflow_finish"
WORKFLOW_STEP_FUNCTIONS: Final = (TASK_STEP_FUNCTION, FINISH_STEP_FUNCTION)

# The unfolded graph: Step Functions takes up to 1 MB of definition; this is well inside it.
MAX_STATES: Final = 1000
# A task waits as long as the longest executionTtl (24 h) allows, and an hour to finish up.
TASK_TIMEOUT_SECONDS: Final = 24 * 3600 + 3600

# Errors a branch ends with when a task fails with no transition for it.
TASK_FAILED_ERROR: Final = "Workflow.TaskFailed"
HANDLER_FAILED_ERROR: Final = "Workflow.ErrorHandlerFailed"

RUN_ENDED: Final = "Run ended"
UNHANDLED: Final = "Unhandled: error handler next"
UNHANDLED_NO_HANDLER: Final = "Unhandled: no error handler"
HANDLER_FAILED: Final = "Error handler failed"

Outcome = Literal["success", "failure", "error"]
OUTCOME_STATUS: Final[dict[str, str]] = {"success": "SUCCESS", "failure": "FAILURE", "error": "ERROR"}


class WorkflowTooLarge(Exception):
    """The workflow unfolds into more states than one state machine may hold."""


def initial_input(account_alias: str, run_id: str, attempt: int) -> dict[str, Any]:
    """The input of a run's state machine execution: ids, and an empty start for the data passed on."""
    return {
        "account_alias": account_alias,
        "run_id": run_id,
        "attempt": attempt,
        "unhandled": False,
        "outcome": {"status": "START", "artifacts": {}},
    }


@dataclass
class _Scope:
    """The states of the top level or of one Parallel branch."""

    number: int
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    compiled: dict[str, str] = field(default_factory=dict)  # task id -> its state here

    @property
    def top(self) -> bool:
        return self.number == 0

    def name(self, text: str) -> str:
        return text if self.top else f"{text} #{self.number}"


class _Compiler:
    def __init__(self, spec: WorkflowSpec, task_function: str, finish_function: str) -> None:
        self._spec = spec
        self._task_function = task_function
        self._finish_function = finish_function
        self._branch_numbers = itertools.count(1)
        self._size = 0
        self._top = _Scope(0)

    def definition(self) -> dict[str, Any]:
        start = self._task(self._spec.start, self._top)
        self._add(
            self._top,
            RUN_ENDED,
            {
                "Type": "Task",
                "Comment": "The run is complete, or in error when a failure had no transition",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {
                    "FunctionName": self._finish_function,
                    "Payload": {
                        "account_alias.$": "$.account_alias",
                        "run_id.$": "$.run_id",
                        "attempt.$": "$.attempt",
                        "unhandled.$": "$.unhandled",
                    },
                },
                "OutputPath": "$.Payload",
                "TimeoutSeconds": 60,
                "Retry": retry_policy.last_step(),
                "End": True,
            },
        )
        return {
            "Comment": f"playrunner workflow {self._spec.name}",
            "StartAt": start,
            "States": self._top.states,
        }

    def _add(self, scope: _Scope, name: str, state: dict[str, Any]) -> str:
        if name not in scope.states:
            self._size += 1
            if self._size > MAX_STATES:
                raise WorkflowTooLarge(f"the workflow unfolds into more than {MAX_STATES} states")
            scope.states[name] = state
        return name

    # Where a run goes when a task ends with no transition for its outcome.
    def _unhandled(self, scope: _Scope, task_id: str) -> str:
        handler = self._spec.error_handler
        if not scope.top:
            error = HANDLER_FAILED_ERROR if task_id == handler else TASK_FAILED_ERROR
            cause = "a task of this branch ended with no transition for its outcome"
            return self._add(scope, scope.name(error), {"Type": "Fail", "Error": error, "Cause": cause})
        if handler is None:
            return self._marked_unhandled(UNHANDLED_NO_HANDLER, RUN_ENDED)
        if task_id == handler:
            return self._marked_unhandled(HANDLER_FAILED, RUN_ENDED)
        return self._marked_unhandled(UNHANDLED, self._task(handler, self._top))

    def _marked_unhandled(self, name: str, next_state: str) -> str:
        state = {
            "Type": "Pass",
            "Comment": "A task failed with no transition: the run ends in error",
            "Result": True,
            "ResultPath": "$.unhandled",
            "Next": next_state,
        }
        return self._add(self._top, name, state)

    def _end(self, scope: _Scope) -> str:
        if scope.top:
            return RUN_ENDED
        return self._add(scope, scope.name("Branch done"), {"Type": "Succeed"})

    def _task(self, task_id: str, scope: _Scope) -> str:
        if task_id in scope.compiled:
            return scope.compiled[task_id]
        task = self._spec.tasks[task_id]
        name = scope.name(task_id)
        ended = scope.name(f"{task_id} ended")
        could_not_run = scope.name(f"{task_id} could not run")
        scope.compiled[task_id] = name
        self._add(
            scope,
            name,
            {
                "Type": "Task",
                "Comment": f"Run job {task.job_id} and wait for its execution to end",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {
                    "FunctionName": self._task_function,
                    "Payload": {
                        "account_alias.$": "$.account_alias",
                        "run_id.$": "$.run_id",
                        "attempt.$": "$.attempt",
                        "task_id": task_id,
                        "artifacts.$": "$.outcome.artifacts",
                        "task_token.$": "$$.Task.Token",
                    },
                },
                "ResultPath": "$.outcome",
                "TimeoutSeconds": TASK_TIMEOUT_SECONDS,
                "Retry": retry_policy.transient(),
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.task_error", "Next": could_not_run}],
                "Next": ended,
            },
        )
        self._add(
            scope,
            could_not_run,
            {
                "Type": "Pass",
                "Comment": "The task could not start or was not answered in time: an error outcome",
                "Parameters": {"status": "ERROR", "artifacts.$": "$.outcome.artifacts"},
                "ResultPath": "$.outcome",
                "Next": ended,
            },
        )
        choices = [
            {
                "Variable": "$.outcome.status",
                "StringEquals": OUTCOME_STATUS[outcome],
                "Next": self._next(task_id, outcome, scope),
            }
            for outcome in ("success", "failure")
        ]
        self._add(
            scope,
            ended,
            {"Type": "Choice", "Choices": choices, "Default": self._next(task_id, "error", scope)},
        )
        return name

    def _next(self, task_id: str, outcome: Outcome, scope: _Scope) -> str:
        targets: list[str] = getattr(self._spec.tasks[task_id].transitions, outcome)
        if not targets:
            return self._end(scope) if outcome == "success" else self._unhandled(scope, task_id)
        if len(targets) == 1:
            return self._task(targets[0], scope)
        name = scope.name(f"{task_id} {outcome}")
        if name in scope.states:
            return name
        branches = []
        for target in targets:
            branch = _Scope(next(self._branch_numbers))
            start = self._task(target, branch)
            branches.append({"StartAt": start, "States": branch.states})
        catch_result = "$.branch_error"
        return self._add(
            scope,
            name,
            {
                "Type": "Parallel",
                "Comment": f"{', '.join(targets)} run side by side",
                "Branches": branches,
                "ResultPath": None,
                "Catch": [
                    {
                        "ErrorEquals": [HANDLER_FAILED_ERROR],
                        "ResultPath": catch_result,
                        "Next": self._unhandled(scope, self._spec.error_handler or task_id),
                    },
                    {
                        "ErrorEquals": ["States.ALL"],
                        "ResultPath": catch_result,
                        "Next": self._unhandled(scope, task_id),
                    },
                ],
                "Next": self._end(scope),
            },
        )


def compile_workflow(spec: WorkflowSpec, *, task_function: str, finish_function: str) -> dict[str, Any]:
    """The state machine definition of SPEC, whose tasks call TASK_FUNCTION and end in FINISH_FUNCTION."""
    return _Compiler(spec, task_function, finish_function).definition()
