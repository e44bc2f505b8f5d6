"""Settings are models, read from the environment once per function and validated."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from playrunner.naming import ENV_PREFIX, WORKFLOW_STATE_MACHINE_PREFIX


class _Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)


class StoreSettings(_Settings):
    table_name: str


class SecretsSettings(_Settings):
    secrets_key_arn: str


class AuthSettings(_Settings):
    user_pool_id: str
    user_pool_client_id: str


class OrchestrationSettings(_Settings):
    state_machine_arn: str


class SchedulerSettings(_Settings):
    """Where job schedules live in EventBridge Scheduler, and what they invoke."""

    schedule_group: str
    schedule_target_arn: str
    schedule_role_arn: str


class EventSettings(_Settings):
    """The EventBridge bus status changes go to; none, none are put."""

    event_bus_name: str = ""


# The Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) and two more days.
DEFAULT_RETRY_SCHEDULE = "5,300,1800,7200,18000,36000,36000,86400,86400"


class CallbackSettings(_Settings):
    """Callback deliveries: where notices queue up, how long an attempt may take, when to retry,
    and whether loopback receivers are allowed (the local stack only)."""

    callbacks_allow_loopback: bool = False
    # The local stack's own ports (its gateway, its moto): never a callback, loopback or not.
    callbacks_stack_ports: frozenset[int] = frozenset()
    callback_queue_url: str = ""  # none: no callback is ever sent
    callback_retry_queue_url: str = ""
    callback_timeout_seconds: float = Field(default=15.0, gt=0, le=60)
    callback_retry_schedule: str = Field(default=DEFAULT_RETRY_SCHEDULE, pattern=r"^\d+(,\d+)*$")

    @property
    def retry_delays(self) -> list[int]:
        """Seconds to wait before each retry: the first retry waits the first one."""
        return [int(seconds) for seconds in self.callback_retry_schedule.split(",")]


class WorkflowSettings(_Settings):
    """Where each workflow's state machine is: its name prefix, and for the functions that make
    them, the role it runs as, the functions its steps invoke, and where it logs (none: no
    logging configured). The workflow steps themselves only find state machines by name: they
    are not given what making one takes (their own ARNs would make the stack circular)."""

    state_machine_arn: str  # the execution state machine: its region and account serve workflows too
    workflow_role_arn: str = ""
    workflow_task_function_arn: str = ""
    workflow_finish_function_arn: str = ""
    workflow_log_group_arn: str = ""
    workflow_state_machine_prefix: str = Field(default=WORKFLOW_STATE_MACHINE_PREFIX, pattern=r"^[A-Za-z0-9_-]{1,30}$")

    def missing_for_making(self) -> list[str]:
        """The settings a function that makes state machines lacks."""
        needed = ("workflow_role_arn", "workflow_task_function_arn", "workflow_finish_function_arn")
        return [name for name in needed if not getattr(self, name)]


class ArtifactsSettings(_Settings):
    artifacts_bucket: str


class RunnerTaskSettings(_Settings):
    """Where and how the dispatch step starts a runner task."""

    runner_cluster: str
    runner_task_definition: str
    runner_subnets: str = ""
    runner_security_groups: str = ""
    runner_assign_public_ip: bool = False
    runner_heartbeat_seconds: int = Field(default=60, ge=5, le=3600)

    @property
    def subnets(self) -> list[str]:
        return [s for s in self.runner_subnets.split(",") if s]

    @property
    def security_groups(self) -> list[str]:
        return [s for s in self.runner_security_groups.split(",") if s]


@lru_cache
def orchestration_settings() -> OrchestrationSettings:
    return OrchestrationSettings()


@lru_cache
def artifacts_settings() -> ArtifactsSettings:
    return ArtifactsSettings()


@lru_cache
def runner_task_settings() -> RunnerTaskSettings:
    return RunnerTaskSettings()


@lru_cache
def store_settings() -> StoreSettings:
    return StoreSettings()  # read from the environment


@lru_cache
def secrets_settings() -> SecretsSettings:
    return SecretsSettings()


@lru_cache
def auth_settings() -> AuthSettings:
    return AuthSettings()


@lru_cache
def scheduler_settings() -> SchedulerSettings:
    return SchedulerSettings()


@lru_cache
def callback_settings() -> CallbackSettings:
    return CallbackSettings()


@lru_cache
def event_settings() -> EventSettings:
    return EventSettings()


@lru_cache
def workflow_settings() -> WorkflowSettings:
    return WorkflowSettings()
