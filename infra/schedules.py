"""EventBridge Scheduler: the group the jobs' schedules live in, the function they fire, and
the role Scheduler invokes it with."""

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from infra.data import Data
from infra.functions import FunctionFactory
from infra.orchestration import Orchestration
from playrunner.naming import SCHEDULE_FUNCTION

MANAGES_SCHEDULES = {"create_schedule", "update_schedule", "delete_schedule", "delete_job"}


class Schedules(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        data: Data,
        orchestration: Orchestration,
        functions: FunctionFactory,
    ) -> None:
        super().__init__(scope, construct_id)
        self.group = scheduler.CfnScheduleGroup(self, "Group", name=f"playrunner-{Stack.of(self).stack_name}"[:64])
        self.fire = functions.function(self, SCHEDULE_FUNCTION)
        data.table.grant_read_write_data(self.fire)
        orchestration.state_machine.grant_start_execution(self.fire)
        self.role = iam.Role(
            self,
            "InvokeRole",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="EventBridge Scheduler invokes playrunner's fire function",
        )
        self.fire.grant_invoke(self.role)

    def grant_manage(self, grantee: iam.IGrantable) -> None:
        """Create, change and delete the group's schedules, handing them the invoke role."""
        stack = Stack.of(self)
        schedules = stack.format_arn(service="scheduler", resource="schedule", resource_name=f"{self.group.name}/*")
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "scheduler:CreateSchedule",
                    "scheduler:UpdateSchedule",
                    "scheduler:DeleteSchedule",
                    "scheduler:GetSchedule",
                ],
                resources=[schedules],
            )
        )
        self.role.grant_pass_role(grantee.grant_principal)
