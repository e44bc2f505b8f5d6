"""The job entity, in the Runner job service's camelCase."""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, model_validator

from playrunner.models.base import CamelModel, CamelResponse
from playrunner.models.hosts import check_host_vars, check_variables, checker
from playrunner.models.types import (
    HostName,
    MaxErrors,
    ParamName,
    ParamValue,
    ResourceId,
    Secret,
    SshPrivateKey,
    decode_base64,
)

MAX_HOSTS = 10_000
DEFAULT_SLICE_SIZE = 250
DEFAULT_MAX_CONCURRENCY = 10
MAX_CONCURRENCY = 100
# A run has at most this many slices: each adds some 20 events to the state machine's history,
# which Step Functions bounds at 25,000.
MAX_SLICES = 500
# Ansible's forks per runner: as many as the slice has hosts, up to DEFAULT_FORKS unless the job
# asks for more (each fork is a process on the runner's CPUs).
DEFAULT_FORKS = 25
MAX_FORKS = 100
MAX_PLAYBOOK_BYTES = 512 * 1024
DEFAULT_EXECUTION_TTL_MINUTES = 180

_URL_SCHEMES = ("https://", "http://", "ssh://", "git://", "file://")
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._/~-]+$")


def check_repository_url(value: str) -> str:
    # A leading '-' would be read by git as an option, and '::' selects a remote helper
    # (ext:: runs an arbitrary command): neither may reach `git clone`.
    if value.startswith("-") or "::" in value:
        raise ValueError("is not a repository URL git may fetch")
    if value.startswith(_URL_SCHEMES) or value.startswith("/") or _SCP_LIKE.match(value):
        return value
    raise ValueError("must be an https, http, ssh, git or file URL, user@host:path, or an absolute path")


def check_git_ref(value: str) -> str:
    if value.startswith("-") or ".." in value or value.endswith((".lock", "/")) or "//" in value:
        raise ValueError(f"{value!r} is not a valid branch or tag name")
    return value


def check_relative_path(value: str) -> str:
    parts = value.split("/")
    if value.startswith("/") or ".." in parts or value.startswith("-"):
        raise ValueError("must be a path inside the repository (relative, without '..')")
    return value


def check_playbook(value: str) -> str:
    raw = decode_base64(value)
    if not raw.strip():
        raise ValueError("is empty")
    if len(raw) > MAX_PLAYBOOK_BYTES:
        raise ValueError(f"is larger than {MAX_PLAYBOOK_BYTES} bytes")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("is not base64 of UTF-8 text") from exc
    return value


def check_callback_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("a callback URL must be http or https")
    return value


def _bare_url_as_callback(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


RepositoryUrl = Annotated[str, StringConstraints(min_length=1, max_length=2048), AfterValidator(check_repository_url)]
GitRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._/-]{1,255}$"), AfterValidator(check_git_ref)]
PlaybookPath = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9._/-]{1,512}$"),
    AfterValidator(check_relative_path),
]
PlaybookTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,128}$")]
Base64Playbook = Annotated[str, AfterValidator(check_playbook)]
CallbackUrl = Annotated[str, StringConstraints(max_length=2048), AfterValidator(check_callback_url)]
HostVars = Annotated[dict[str, Any], AfterValidator(check_host_vars)]
Properties = Annotated[dict[str, Any], AfterValidator(checker("properties"))]


class Credentials(CamelModel):
    username: str | None = Field(default=None, max_length=256)
    password: Secret | None = None
    ssh_private_key: SshPrivateKey | None = None

    @model_validator(mode="after")
    def _one_secret(self) -> "Credentials":
        if self.password is not None and self.ssh_private_key is not None:
            raise ValueError("give either password or sshPrivateKey, not both")
        return self


class Repository(CamelModel):
    url: RepositoryUrl
    branch: GitRef | None = None
    default_playbook: PlaybookPath
    credentials: Credentials | None = None


class Host(CamelModel):
    id: HostName
    host_vars: HostVars = Field(default_factory=dict)
    ssh_private_key: SshPrivateKey | None = None


class Callback(CamelModel):
    url: CallbackUrl
    level: Literal["DEBUG", "ERROR", "RESULT"] = "DEBUG"


class JobParameter(CamelModel):
    """A parameter the job declares: a start names it in jobParams, or its default is used."""

    name: ParamName
    default: ParamValue | None = None
    required: bool = False
    description: str = Field(default="", max_length=1024)

    @model_validator(mode="after")
    def _required_has_no_default(self) -> "JobParameter":
        if self.required and self.default is not None:
            raise ValueError(f"parameter {self.name!r} is required: it cannot have a default")
        check_variables({self.name: self.default}, "parameters")
        return self


class JobSpec(CamelModel):
    """What a client sends to create or replace a job."""

    description: str = Field(default="", max_length=1024)
    execution_ttl: int = Field(default=DEFAULT_EXECUTION_TTL_MINUTES, ge=1, le=1440)
    repository: Repository | None = None
    playbook: Base64Playbook | None = None
    playbook_tags: list[PlaybookTag] = Field(default_factory=list, max_length=64)
    hosts: list[Host] = Field(min_length=1, max_length=MAX_HOSTS)
    properties: Properties = Field(default_factory=dict)
    ssh_private_key: SshPrivateKey | None = None
    callbacks: list[Annotated[Callback, BeforeValidator(_bare_url_as_callback)]] = Field(
        default_factory=list, max_length=20
    )
    parameters: list[JobParameter] = Field(default_factory=list, max_length=100)
    # A run of more hosts than sliceSize is split into slices, each run by a runner task of its
    # own, maxConcurrency at a time; maxErrors stops new slices once that many hosts failed.
    slice_size: int = Field(default=DEFAULT_SLICE_SIZE, ge=1, le=MAX_HOSTS)
    max_concurrency: int = Field(default=DEFAULT_MAX_CONCURRENCY, ge=1, le=MAX_CONCURRENCY)
    max_errors: MaxErrors | None = None
    # How Ansible connects: SSH pipelining is on unless the job turns it off (a host whose sudoers
    # has `requiretty` cannot become another user through a pipelined session).
    pipelining: bool = True
    forks: int | None = Field(default=None, ge=1, le=MAX_FORKS)  # default: one per host, up to 25

    @model_validator(mode="after")
    def _one_playbook_source(self) -> "JobSpec":
        if (self.repository is None) == (self.playbook is None):
            raise ValueError("give either repository or playbook (base64), exactly one of them")
        return self

    @model_validator(mode="after")
    def _few_enough_slices(self) -> "JobSpec":
        if -(-len(self.hosts) // self.slice_size) > MAX_SLICES:
            raise ValueError(
                f"{len(self.hosts)} hosts in slices of {self.slice_size} would be more than {MAX_SLICES} slices"
            )
        return self

    @model_validator(mode="after")
    def _unique_names(self) -> "JobSpec":
        for label, names in (("host", [h.id for h in self.hosts]), ("parameter", [p.name for p in self.parameters])):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"{label} {name!r} is listed twice")
                seen.add(name)
        return self


class HostSummary(CamelResponse):
    ok: int = 0
    changed: int = 0
    failures: int = 0
    skipped: int = 0
    unreachable: int = 0


class JobDetails(CamelResponse):
    last_run: int | None = None
    last_execution_id: str | None = None
    # The last run's hosts by state; per host (last_status) only for runs of at most 100 hosts,
    # so that the job stays small whatever its host count.
    last_host_counts: dict[str, int] = Field(default_factory=dict)
    last_status: dict[str, HostSummary] = Field(default_factory=dict)
    # Callback URLs that answered 410 Gone: nothing more is sent to them until the job is saved again.
    disabled_callbacks: list[str] = Field(default_factory=list)


class Link(CamelResponse):
    ref: str
    id: str
    href: str
    verbs: list[str]


class Job(JobSpec):
    """The job entity as the API returns it: secrets show as "$encrypted$"."""

    id: ResourceId
    account_alias: str
    status: Literal["ACTIVE"] = "ACTIVE"
    details: JobDetails = Field(default_factory=JobDetails)
    created_time: int
    last_updated_time: int
    links: list[Link] = Field(default_factory=list)
    host_count: int = 0  # how many hosts it has, whether or not they are listed here
    hosts_truncated: bool = False  # in a list, a job of over 1,000 hosts: GET it for its hosts

    @model_validator(mode="after")
    def _count_hosts(self) -> "Job":
        if self.hosts and not self.hosts_truncated:
            self.host_count = len(self.hosts)
        return self


class CallbackSecret(CamelResponse):
    """The secret callback deliveries are signed with (Standard Webhooks, `whsec_` + base64).
    It is shown once, when the job is created or the secret rotated, and never again."""

    callback_secret: str


class CreatedJob(Job):
    """A new job, and the secret its callbacks are signed with: shown this once."""

    callback_secret: str
