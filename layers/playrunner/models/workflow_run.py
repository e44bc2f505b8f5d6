"""A run of a workflow: how it was started, and where each of its tasks is."""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, computed_field

from playrunner.models.base import Model
from playrunner.models.hosts import checker
from playrunner.models.workflow import WorkflowName

RunStatus = Literal["running", "complete", "error", "canceled"]
# pending: not reached (yet); reused: a resume took its earlier success instead of running it.
# not_run: the run ended without reaching the task (AWX's "do not run").
TaskRunStatus = Literal["pending", "running", "succeeded", "failed", "errored", "reused", "canceled", "not_run"]
TaskOutcome = Literal["SUCCESS", "FAILURE", "ERROR"]
ENDED_TASK_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "errored", "reused", "canceled", "not_run"})
GroupName = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class _Strict(Model):
    model_config = ConfigDict(extra="forbid")


class WorkflowRunOptions(_Strict):
    description: str = Field(default="", max_length=1024)
    type: str = Field(default="", max_length=64)  # the caller's label for the run (deploy, audit, ...)
    variables: Annotated[dict[str, Any], AfterValidator(checker("options.variables"))] = Field(
        default_factory=dict
    )  # over every task's variables and set_stats
    groups: list[GroupName] = Field(default_factory=list, max_length=20)


class WorkflowStartRequest(_Strict):
    workflow: WorkflowName
    options: WorkflowRunOptions = Field(default_factory=WorkflowRunOptions)


class TaskRun(Model):
    task: str
    job_id: str
    status: TaskRunStatus = "pending"
    executions: list[str] = Field(default_factory=list)  # every execution, in order
    iterations: int = 0
    attempt: int | None = None  # the run attempt (1, then one per resume) its latest execution belongs to
    artifacts: dict[str, Any] = Field(default_factory=dict)  # set_stats data passed on to the next tasks

    @computed_field  # type: ignore[prop-decorator]
    @property
    def execution_id(self) -> str | None:
        """The latest execution of this task."""
        return self.executions[-1] if self.executions else None


class RunError(Model):
    task: str | None  # none: the run itself could not go on
    message: str
    timestamp: int
    attempt: int = 1


class RunMetrics(Model):
    start_time: int
    end_time: int | None = None
    progress: float = Field(default=0.0, ge=0, le=1)  # share of the workflow's tasks that have ended


class WorkflowRun(Model):
    """The run entity as the API returns it (snake_case, as the execution entity)."""

    id: str
    workflow: str
    account_alias: str
    description: str = ""
    type: str = ""
    status: RunStatus
    attempt: int = 1  # 1, then one more per resume
    tasks: dict[str, TaskRun]
    errors: list[RunError] = Field(default_factory=list)
    variables: dict[str, Any] = Field(default_factory=dict)
    groups: list[str] = Field(default_factory=list)
    created_by: str | None = None
    metrics: RunMetrics


class WorkflowRunStarted(Model):
    message: str
    data: WorkflowRun
