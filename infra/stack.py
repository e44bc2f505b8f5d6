"""The whole service in one stack, one construct per concern."""

from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_events as events
from constructs import Construct

from infra.api import Api
from infra.callbacks import Callbacks
from infra.data import Data
from infra.functions import FunctionFactory
from infra.observability import Observability
from infra.orchestration import Orchestration
from infra.runner import Runner
from infra.schedules import MANAGES_SCHEDULES, Schedules
from infra.tenancy import RunnerTenantRole
from infra.workflows import ANSWERS_TASKS, MANAGES_WORKFLOWS, Workflows
from playrunner.naming import (
    ENV_ARTIFACTS_BUCKET,
    ENV_EVENT_BUS_NAME,
    ENV_RUNNER_HEARTBEAT_SECONDS,
    ENV_RUNNER_TENANT_ROLE_ARN,
    ENV_SCHEDULE_GROUP,
    ENV_SCHEDULE_ROLE_ARN,
    ENV_SCHEDULE_TARGET_ARN,
    ENV_SECRETS_KEY_ARN,
    ENV_STATE_MACHINE_ARN,
    ENV_TABLE_NAME,
    ENV_USER_POOL_CLIENT_ID,
    ENV_USER_POOL_ID,
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
        stores = {
            ENV_EVENT_BUS_NAME: self.event_bus.event_bus_name,
            ENV_TABLE_NAME: self.data.table.table_name,
            ENV_SECRETS_KEY_ARN: self.data.secrets_key.key_arn,
            ENV_ARTIFACTS_BUCKET: self.data.artifacts.bucket_name,
            ENV_RUNNER_HEARTBEAT_SECONDS: heartbeat,
            **self.callbacks.environment,
        }
        self.runner = Runner(self, "Runner", environment=stores)
        self.functions = FunctionFactory(self, "Functions", environment=stores)
        self.orchestration = Orchestration(
            self, "Orchestration", data=self.data, runner=self.runner, functions=self.functions
        )
        # The steps run inside the state machine and need not know it (they would depend on it).
        self.functions.add_environment(
            ENV_STATE_MACHINE_ARN, self.orchestration.state_machine.state_machine_arn, to_existing=False
        )
        self._grant_runner()
        self.workflows = Workflows(
            self,
            "Workflows",
            data=self.data,
            runner=self.runner,
            orchestration=self.orchestration,
            functions=self.functions,
        )
        self.schedules = Schedules(
            self, "Schedules", data=self.data, orchestration=self.orchestration, functions=self.functions
        )
        for name, value in {
            ENV_SCHEDULE_GROUP: str(self.schedules.group.name),
            ENV_SCHEDULE_TARGET_ARN: self.schedules.fire.function_arn,
            ENV_SCHEDULE_ROLE_ARN: self.schedules.role.role_arn,
        }.items():
            self.functions.add_environment(name, value, to_existing=False)
        self.api = Api(
            self,
            "Api",
            data=self.data,
            runner=self.runner,
            orchestration=self.orchestration,
            functions=self.functions,
        )
        for name in MANAGES_SCHEDULES:
            self.schedules.grant_manage(self.api.functions[name])
        for name in MANAGES_WORKFLOWS:
            self.workflows.grant_manage(self.api.functions[name])
        for name in ANSWERS_TASKS:
            self.workflows.grant_answer(self.functions.functions[name])
        self.functions.add_environment(ENV_USER_POOL_ID, self.api.user_pool.user_pool_id)
        self.functions.add_environment(ENV_USER_POOL_CLIENT_ID, self.api.client.user_pool_client_id)
        self.callbacks.add_deliverer(self.functions, self.data)
        for function in self.functions.functions.values():
            self.event_bus.grant_put_events_to(function)
            self.callbacks.grant_notify(function)
        self.observability = Observability(
            self,
            "Observability",
            state_machine=self.orchestration.state_machine,
            rest_api=self.api.rest_api,
            functions=self.functions.functions,
        )

        CfnOutput(self, "EventBusName", value=self.event_bus.event_bus_name, description="status changes")

    def _grant_runner(self) -> None:
        """The runner's task role: its task token, status events and callback notices; its data only
        through the tenant role, scoped to the execution's account (infra/tenancy.py)."""
        role = self.runner.task_definition.task_role
        self.tenant_role = RunnerTenantRole(self, "RunnerTenant", data=self.data, runner_task_role=role)
        self.runner.container.add_environment(ENV_RUNNER_TENANT_ROLE_ARN, self.tenant_role.role.role_arn)
        self.orchestration.state_machine.grant_task_response(role)
        self.event_bus.grant_put_events_to(role)
        self.callbacks.grant_notify(role)
