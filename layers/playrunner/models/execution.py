"""The execution entity (snake_case, as the Runner's), the requests that start, restart,
relaunch and stop it, and its events."""

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from playrunner.models.base import CamelModel, Model
from playrunner.models.hosts import check_variables
from playrunner.models.job import MAX_HOSTS, HostSummary, HostVars
from playrunner.models.types import HostName, MaxErrors, ParamName, ParamValue, SshPrivateKey

ExecutionStatus = Literal[
    "PENDING", "INITIALIZING", "RUNNING", "SUCCESS", "FAILURE", "STOPPING", "STOPPED", "KILLING", "KILLED"
]
ACTIVE_STATUSES: frozenset[str] = frozenset({"PENDING", "INITIALIZING", "RUNNING", "STOPPING", "KILLING"})
FINAL_STATUSES: frozenset[str] = frozenset({"SUCCESS", "FAILURE", "STOPPED", "KILLED"})
# What a stop or a kill may interrupt: a kill may also cut a graceful stop short.
STOPPABLE_STATUSES: frozenset[str] = frozenset({"PENDING", "INITIALIZING", "RUNNING", "STOPPING"})
DEFAULT_STOP_EXPIRY_SECONDS = 30
LaunchType = Literal["manual", "schedule", "relaunch", "workflow"]


class JobParam(Model):
    """A named job parameter; it reaches the playbook as an extra var."""

    model_config = ConfigDict(extra="forbid")

    name: ParamName
    value: ParamValue

    @model_validator(mode="after")
    def _allowed_name(self) -> "JobParam":
        check_variables({self.name: self.value}, "jobParams")
        return self


class StartHost(CamelModel):
    """A host to run against: one of the job's (by id), or another with its own hostVars."""

    id: HostName
    host_vars: HostVars | None = None
    ssh_private_key: SshPrivateKey | None = None


def _check_unique(label: str, values: list[str]) -> None:
    if len(values) != len(set(values)):
        raise ValueError(f"a {label} is listed twice")


class StartRequest(CamelModel):
    hosts: list[StartHost] | None = Field(default=None, max_length=MAX_HOSTS)
    ssh_private_key: SshPrivateKey | None = None
    job_params: list[JobParam] = Field(default_factory=list, max_length=100)
    max_errors: MaxErrors | None = None  # this run's failure budget, over the job's

    @model_validator(mode="after")
    def _unique(self) -> "StartRequest":
        _check_unique("host", [h.id for h in self.hosts or []])
        _check_unique("job parameter", [p.name for p in self.job_params])
        return self


class RestartRequest(CamelModel):
    """Run a FAILURE execution again: by default on its failed hosts."""

    hosts: list[StartHost] | None = Field(default=None, min_length=1, max_length=MAX_HOSTS)
    ssh_private_key: SshPrivateKey | None = None

    @model_validator(mode="after")
    def _unique(self) -> "RestartRequest":
        _check_unique("host", [h.id for h in self.hosts or []])
        return self


class RelaunchRequest(CamelModel):
    """A new execution of the same job, hosts and parameters: on all of them or the failed ones."""

    hosts: Literal["all", "failed"] = "all"
    ssh_private_key: SshPrivateKey | None = None


class StopRequest(CamelModel):
    """How long the current task may take to finish before the playbook is interrupted."""

    expiry_duration: int = Field(default=DEFAULT_STOP_EXPIRY_SECONDS, ge=0, le=3600)


class Timer(Model):
    start: int
    end: int | None = None


class Commit(Model):
    commit: str
    author: str
    author_email: str
    date: str
    message: str


class RepositoryLog(Model):
    recent_commit: list[Commit] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)


class Execution(Model):
    """The execution entity as the API returns it."""

    execution_id: str
    job_id: str
    account_alias: str
    status: ExecutionStatus
    status_reason: str | None = None
    timers: list[Timer] = Field(default_factory=list)
    repository_log: RepositoryLog = Field(default_factory=RepositoryLog)
    # The three lists below are read from the hosts' own items (never stored with the execution),
    # and only while the execution has at most INLINE_HOSTS hosts: above that they are empty,
    # hosts_truncated is true, and GET .../hosts pages them.
    failed_hosts: list[str] = Field(default_factory=list)
    hosts: list[str] = Field(default_factory=list)
    host_summaries: dict[str, HostSummary] = Field(default_factory=dict)
    hosts_truncated: bool = False
    host_count: int = 0  # every host the execution has run on
    host_counts: dict[str, int] = Field(default_factory=dict)  # how many hosts are in each state
    slices: int = 0  # how many slices the current run is split into (a runner task each)
    max_errors: str | None = None  # the failure budget: a count or a percentage of the run's hosts
    launch_type: LaunchType = "manual"
    limit: list[str] | None = None
    relaunched_from: str | None = None
    job_params: list[JobParam] = Field(default_factory=list)
    variables: dict[str, Any] = Field(default_factory=dict)  # a workflow's, over the job's properties
    artifacts: dict[str, Any] = Field(default_factory=dict)  # what the playbook's set_stats left
    artifacts_refused: str | None = None  # why set_stats data was not kept (over the limit)
    workflow_run_id: str | None = None  # the workflow run that started it
    is_vpn_established: bool = False
    created_by: str | None = None
    created_time: int
    last_updated_time: int


class Target(Model):
    """One host an execution runs against, with the hostVars it runs with."""

    id: str
    host_vars: dict[str, Any] = Field(default_factory=dict)


EventStatus = Literal["ok", "changed", "failed", "unreachable", "skipped", "ignored", "rescued"]


class ExecutionEvent(Model):
    """One Ansible event, as recorded by the runner: no module arguments, only a summary."""

    seq: int
    run: int = 1  # which run of the execution: a restart is run 2, 3, ...
    slice: int = 0  # which slice of that run (a runner task each) it came from
    time: int
    event: str
    host: str | None = None
    play: str | None = None
    task: str | None = None
    status: EventStatus | None = None
    summary: str | None = None


class EventPage(Model):
    execution_id: str
    events: list[ExecutionEvent]
    last_seq: int


class StdoutPage(Model):
    """A byte range of an execution's stdout (every run's, one after another)."""

    text: str
    offset: int
    next_offset: int | None  # where the next page starts; none: this one reaches the end
    total_size: int  # bytes


class StdoutRun(Model):
    run: int
    slice: int = 0  # the slice of the run it printed (a run of many hosts has several)
    size: int  # bytes
    url: str  # a pre-signed GET of this run's whole stdout


class StdoutLinks(Model):
    """Where each run's whole stdout can be fetched, for a while, without the API's size limits."""

    execution_id: str
    runs: list[StdoutRun]
    expires_in: int  # seconds
