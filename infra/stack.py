"""The whole service in one stack, one construct per concern; every function made from the
catalogue, with its environment and its grants."""

from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_events as events
from constructs import Construct

from infra.api import Api
from infra.callbacks import Callbacks
from infra.console import Console
from infra.data import Data
from infra.functions import Functions
from infra.grants import Grants
from infra.observability import Observability
from infra.orchestration import Orchestration
from infra.runner import Runner
from infra.schedules import Schedules
from infra.tenancy import RunnerTenantRole
from infra.workflows import Workflows
from playrunner.catalogue import runner_environment
from playrunner.naming import (
    ENV_ARTIFACTS_BUCKET,
    ENV_CONSOLE_ORIGIN,
    ENV_EVENT_BUS_NAME,
    ENV_RUNNER_HEARTBEAT_SECONDS,
    ENV_RUNNER_TENANT_ROLE_ARN,
    ENV_SECRETS_KEY_ARN,
    ENV_STATE_MACHINE_ARN,
    ENV_TABLE_NAME,
)

RUNNER_HEARTBEAT_SECONDS = 60


class PlayrunnerStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        heartbeat = str(self.node.try_get_context("runnerHeartbeatSeconds") or RUNNER_HEARTBEAT_SECONDS)
        self.data = Data(self, "Data")
        self.callbacks = Callbacks(self, "Callbacks")
        # Every status change is put here (source playrunner) for users to route anywhere.
        self.event_bus = events.EventBus(self, "Events", description="playrunner: execution status changes")
        self.runner = Runner(self, "Runner")
        self.functions = Functions(self, "Functions")
        self.orchestration = Orchestration(self, "Orchestration", runner=self.runner, functions=self.functions)
        self.workflows = Workflows(self, "Workflows", functions=self.functions)
        self.schedules = Schedules(self, "Schedules", functions=self.functions)
        self.api = Api(self, "Api", functions=self.functions)
        self.console = Console(self, "Console", rest_api=self.api.rest_api)
        self.api.allow_console(self.console.origin)
        self.callbacks.feed(self.functions, self.data)
        self._grant_runner()
        # Every value a function or the runner may be given; each gets those its entry reads.
        values = {
            ENV_EVENT_BUS_NAME: self.event_bus.event_bus_name,
            ENV_TABLE_NAME: self.data.table.table_name,
            ENV_SECRETS_KEY_ARN: self.data.secrets_key.key_arn,
            ENV_ARTIFACTS_BUCKET: self.data.artifacts.bucket_name,
            ENV_RUNNER_HEARTBEAT_SECONDS: heartbeat,
            ENV_STATE_MACHINE_ARN: self.orchestration.state_machine.state_machine_arn,
            ENV_RUNNER_TENANT_ROLE_ARN: self.tenant_role.role.role_arn,
            **self.callbacks.environment,
            **self.orchestration.environment,
            **self.workflows.environment,
            **self.schedules.environment,
            **self.api.environment,
            ENV_CONSOLE_ORIGIN: self.console.origin,
        }
        self.functions.set_environments(values)
        for name, value in runner_environment(values).items():
            self.runner.container.add_environment(name, value)
        Grants(
            data=self.data,
            runner=self.runner,
            orchestration=self.orchestration,
            schedules=self.schedules,
            workflows=self.workflows,
            callbacks=self.callbacks,
            event_bus=self.event_bus,
        ).give(self.functions.functions)
        self.observability = Observability(
            self,
            "Observability",
            state_machine=self.orchestration.state_machine,
            rest_api=self.api.rest_api,
            functions=self.functions.functions,
        )

        CfnOutput(self, "EventBusName", value=self.event_bus.event_bus_name, description="status changes")

    def _grant_runner(self) -> None:
        """The runner's task role: its task token and its events' callback notices; its data only
        through the tenant role, scoped to the execution's account (infra/tenancy.py). Its status
        changes are published from the table's stream, not by the runner."""
        role = self.runner.task_definition.task_role
        self.tenant_role = RunnerTenantRole(self, "RunnerTenant", data=self.data, runner_task_role=role)
        self.orchestration.state_machine.grant_task_response(role)
        self.callbacks.notices.grant_send_messages(role)  # events notices, as the run records events
