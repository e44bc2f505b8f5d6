"""What the execution state machine's steps and the runner hand each other: every step's input
and output, as the state machine's state carries them (execution.asl.json names where each
one goes: $.limits, $.plan, $.error; and in each slice of the Map,
$.slice, $.gate, $.outcome, $.error)."""

from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from playrunner.models.base import Model


class ExecutionRef(Model):
    """The state machine's input: the execution it runs, ids only."""

    model_config = ConfigDict(extra="ignore")

    execution_id: str
    account_alias: str
    job_id: str


class RunLimits(Model):
    """MarkInitializing's output: how long the run may take, and how often its runner beats."""

    timeout_seconds: int
    heartbeat_seconds: int


# ansible-runner's status at the end of a run; "stopped" when a stop interrupted it as asked.
PlaybookStatus = Literal["successful", "failed", "timeout", "canceled", "error", "unstarted", "stopped"]


class RunOutcome(Model):
    """RunPlaybook's output: what the runner answers the task token with when the playbook ran."""

    status: PlaybookStatus
    rc: int | None = None
    artifacts: dict[str, object] = Field(default_factory=dict)  # set_stats data, kept small by the runner
    artifacts_refused: str | None = None  # why the set_stats data was not kept


class SlicePlan(Model):
    """PlanSlices' output: the slices the Map runs (their numbers), and how many at once."""

    slices: list[int]
    max_concurrency: int


class SliceGate(Model):
    """StartSlice's output: whether the slice runs (no: its hosts are not_run, and why is kept)."""

    run: bool


class RecordedResults(Model):
    """What Finalize records first: how many hosts failed over every slice, and the first of them."""

    failed_count: int
    failed_sample: list[str]  # at most FAILED_SAMPLE, by host name


class StepError(Model):
    """What a Catch puts in the state: Step Functions' error name and cause."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    error: str = Field(default="", alias="Error")
    cause: str = Field(default="", alias="Cause")

    @field_validator("error", "cause", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return "" if value is None else value  # a task failed without a cause gives null


class StepState(ExecutionRef):
    """The state as the steps read it; each step adds its own part."""

    limits: RunLimits | None = None
    plan: SlicePlan | None = None
    error: StepError | None = None
    # Finalize's own, never the state machine's: the results it recorded, or why it could not.
    results: RecordedResults | None = None
    record_error: StepError | None = None


class SliceState(ExecutionRef):
    """The state of one slice of the Map, as its steps read it."""

    slice: int = Field(ge=0)
    limits: RunLimits | None = None
    gate: SliceGate | None = None
    outcome: RunOutcome | None = None
    error: StepError | None = None


class RunPlaybookInput(ExecutionRef):
    """RunPlaybook's input: the execution, the slice, and the token the runner answers."""

    slice: int = Field(default=0, ge=0)
    task_token: str


class RunnerStarted(Model):
    task_arn: str


class SliceRecorded(Model):
    """RecordSlice's output (dropped by the Map: each slice's results are in the table)."""

    slice: int
    failed: int  # of the slice's hosts


class FinalState(Model):
    """Finalize's output, the state machine's last."""

    execution_id: str
    status: str
