"""Settings are models: what a function is given in its environment, validated once.

Each model reads the variables named after its fields (PLAYRUNNER_ and the field's name). The
function catalogue gives each function exactly the variables of the models it declares, in
AWS and on the local stack alike, so a model read where it was not declared fails in both.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

from pydantic import ConfigDict, Field, field_validator

from playrunner.models.base import Model
from playrunner.naming import ENV_PREFIX, WORKFLOW_STATE_MACHINE_PREFIX


def variable_of(field: str) -> str:
    return f"{ENV_PREFIX}{field.upper()}"


class Settings(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def variables(cls) -> tuple[str, ...]:
        """The environment variables this model reads."""
        return tuple(variable_of(name) for name in cls.model_fields)

    @classmethod
    def required_variables(cls) -> tuple[str, ...]:
        return tuple(variable_of(name) for name, field in cls.model_fields.items() if field.is_required())

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Self:
        return cls.model_validate(
            {name: environ[variable] for name in cls.model_fields if (variable := variable_of(name)) in environ}
        )


class StoreSettings(Settings):
    table_name: str


class SecretsSettings(Settings):
    secrets_key_arn: str


class AuthSettings(Settings):
    user_pool_id: str
    user_pool_client_id: str


class OrchestrationSettings(Settings):
    state_machine_arn: str


class SchedulerSettings(Settings):
    """Where job schedules live in EventBridge Scheduler, and what they invoke."""

    schedule_group: str
    schedule_target_arn: str
    schedule_role_arn: str


class EventSettings(Settings):
    """The EventBridge bus status changes go to; none, none are put."""

    event_bus_name: str = ""


# The Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) and two more days.
DEFAULT_RETRY_SCHEDULE = "5,300,1800,7200,18000,36000,36000,86400,86400"


class CallbackSettings(Settings):
    """Callback deliveries: where notices queue up, how long an attempt may take, when to retry,
    and whether loopback receivers are allowed (the local stack only)."""

    callbacks_allow_loopback: bool = False
    # The local stack's own ports (its gateway, its moto): never a callback, loopback or not.
    callbacks_stack_ports: frozenset[int] = frozenset()
    callback_queue_url: str = ""  # none: no callback is ever sent
    callback_retry_queue_url: str = ""
    callback_timeout_seconds: float = Field(default=15.0, gt=0, le=60)
    callback_retry_schedule: str = Field(default=DEFAULT_RETRY_SCHEDULE, pattern=r"^\d+(,\d+)*$")

    @field_validator("callbacks_stack_ports", mode="before")
    @classmethod
    def _ports_from_json(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    @property
    def retry_delays(self) -> list[int]:
        """Seconds to wait before each retry: the first retry waits the first one."""
        return [int(seconds) for seconds in self.callback_retry_schedule.split(",")]


class WorkflowSettings(Settings):
    """Where each workflow's state machine is found: its region and account (those of the
    execution state machine) and the prefix of its name."""

    state_machine_arn: str
    workflow_state_machine_prefix: str = Field(default=WORKFLOW_STATE_MACHINE_PREFIX, pattern=r"^[A-Za-z0-9_-]{1,30}$")


class ConsoleSettings(Settings):
    """Every API function's: the web console's origin, named in its CORS headers (none: no CORS)."""

    console_origin: str = ""


class WorkflowMakingSettings(Settings):
    """What making a workflow's state machine takes: the role it runs as, the functions its
    steps invoke, and where it logs (none: no logging configured). The workflow steps are not
    given it: they make no state machine, and their own ARNs would make the stack circular."""

    workflow_role_arn: str
    workflow_task_function_arn: str
    workflow_finish_function_arn: str
    workflow_log_group_arn: str = ""


class ArtifactsSettings(Settings):
    artifacts_bucket: str


class RunnerTaskSettings(Settings):
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


# What the dispatch step tells each task (container overrides), not the task definition.
GIVEN_PER_RUN = frozenset({"execution_id", "account_alias", "task_token", "slice", "work_dir"})


class RunnerSettings(Settings):
    """What a runner task is given: ids, where the data lives, and how often to beat."""

    execution_id: str
    account_alias: str
    task_token: str | None = None
    slice: int = Field(default=0, ge=0)  # which slice of the execution's current run this task runs
    table_name: str
    secrets_key_arn: str
    artifacts_bucket: str
    callback_queue_url: str = ""
    # Where set (always, in AWS and on the local stack), data calls go through this role,
    # assumed with the account's session tag; without it, through the process's credentials.
    runner_tenant_role_arn: str = ""
    runner_heartbeat_seconds: int = Field(default=60, ge=3)
    work_dir: Path | None = None
