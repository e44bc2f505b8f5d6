"""What the execution state machine's steps and the runner hand each other: every step's input
and output, as the state machine's state carries them (execution.asl.json names where each
one goes: $.limits, $.outcome, $.results, $.error, $.record_error)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ExecutionRef(BaseModel):
    """The state machine's input: the execution it runs, ids only."""

    model_config = ConfigDict(extra="ignore")

    execution_id: str
    account_alias: str
    job_id: str


class RunLimits(BaseModel):
    """MarkInitializing's output: how long the run may take, and how often its runner beats."""

    timeout_seconds: int
    heartbeat_seconds: int


# ansible-runner's status at the end of a run; "stopped" when a stop interrupted it as asked.
PlaybookStatus = Literal["successful", "failed", "timeout", "canceled", "error", "unstarted", "stopped"]


class RunOutcome(BaseModel):
    """RunPlaybook's output: what the runner answers the task token with when the playbook ran."""

    status: PlaybookStatus
    rc: int | None = None
    artifacts: dict[str, object] = Field(default_factory=dict)  # set_stats data, kept small by the runner
    artifacts_refused: str | None = None  # why the set_stats data was not kept


class RecordedResults(BaseModel):
    """RecordResults' output: the hosts that failed, and whether every host finished."""

    failed_hosts: list[str]
    completed: bool


class StepError(BaseModel):
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
    outcome: RunOutcome | None = None
    results: RecordedResults | None = None
    error: StepError | None = None
    record_error: StepError | None = None


class RunPlaybookInput(StepState):
    """RunPlaybook's input: the state, and the token the runner answers."""

    task_token: str


class RunnerStarted(BaseModel):
    task_arn: str


class FinalState(BaseModel):
    """Finalize's output, the state machine's last."""

    execution_id: str
    status: str
