"""EventBridge Scheduler: a group for the jobs' schedules and the role Scheduler invokes the
fire function with."""

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from playrunner.naming import APP_NAME


class Schedules(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, fire: lambda_.IFunction) -> None:
        super().__init__(scope, construct_id)
        self.group = scheduler.CfnScheduleGroup(self, "Group", name=f"{APP_NAME}-{scope.node.addr[:8]}")
        self.role = iam.Role(
            self,
            "InvokeRole",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="EventBridge Scheduler invokes playrunner's fire function",
        )
        fire.grant_invoke(self.role)
