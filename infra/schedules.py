"""EventBridge Scheduler: the group the jobs' schedules live in, the function they fire, and
the role Scheduler invokes it with."""

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from infra.functions import Functions
from playrunner.naming import ENV_SCHEDULE_GROUP, ENV_SCHEDULE_ROLE_ARN, ENV_SCHEDULE_TARGET_ARN, SCHEDULE_FUNCTION


class Schedules(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, functions: Functions) -> None:
        super().__init__(scope, construct_id)
        self.group = scheduler.CfnScheduleGroup(self, "Group", name=f"playrunner-{Stack.of(self).stack_name}"[:64])
        self.fire = functions[SCHEDULE_FUNCTION]
        self.role = iam.Role(
            self,
            "InvokeRole",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="EventBridge Scheduler invokes playrunner's fire function",
        )
        self.fire.grant_invoke(self.role)
        self.environment = {
            ENV_SCHEDULE_GROUP: str(self.group.name),
            ENV_SCHEDULE_TARGET_ARN: self.fire.function_arn,
            ENV_SCHEDULE_ROLE_ARN: self.role.role_arn,
        }

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
