"""Workflows: tasks that each run a job, joined by success, failure and error transitions."""

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

from playrunner.models.base import CamelModel
from playrunner.models.hosts import checker
from playrunner.models.types import ResourceId

# Paths below /workflows/{accountAlias}/ that are not workflows.
RESERVED_NAMES = frozenset({"jobs", "runs"})
MAX_TASKS = 100


def _not_reserved(name: str) -> str:
    if name in RESERVED_NAMES:
        raise ValueError(f"{name!r} is reserved: choose another workflow name")
    return name


WorkflowName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"), AfterValidator(_not_reserved)
]
TaskId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]


class Transitions(CamelModel):
    """The tasks started, in parallel, when a task's execution ends: SUCCESS, FAILURE (a host
    failed), or error (it could not run: a bad repository, a crashed runner, its TTL)."""

    success: list[TaskId] = Field(default_factory=list, max_length=MAX_TASKS)
    failure: list[TaskId] = Field(default_factory=list, max_length=MAX_TASKS)
    error: list[TaskId] = Field(default_factory=list, max_length=MAX_TASKS)


class WorkflowTask(CamelModel):
    job_id: ResourceId
    variables: Annotated[dict[str, Any], AfterValidator(checker("task variables"))] = Field(
        default_factory=dict
    )  # merged over the job's properties
    transitions: Transitions = Field(default_factory=Transitions)
    # A task that may run again in one run (a loop) says how often at most; others run once.
    max_iterations: int | None = Field(default=None, ge=1, le=100)


class WorkflowSpec(CamelModel):
    """What a client sends to create or replace a workflow."""

    name: WorkflowName
    description: str = Field(default="", max_length=1024)
    tasks: dict[TaskId, WorkflowTask] = Field(min_length=1, max_length=MAX_TASKS)
    start: TaskId
    error_handler: TaskId | None = None  # run when a task fails or errors with no transition for it


class Workflow(WorkflowSpec):
    """The workflow entity as the API returns it."""

    account_alias: str
    created_by: str | None = None
    created_time: int
    last_updated_time: int

    def spec(self) -> WorkflowSpec:
        """The definition alone, without what the service added."""
        fields = set(WorkflowSpec.model_fields)
        return WorkflowSpec.model_validate(self.model_dump(mode="json", by_alias=True, include=fields))
