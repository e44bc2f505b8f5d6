"""Workflows: the two functions every workflow's state machine invokes, the role those state
machines run as, where they log, and the grants to make, run, stop and answer them.

Each workflow's state machine is made at run time (when the workflow is saved or started), so
the grants name the state machines by the prefix their names share.
"""

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra.functions import Functions
from infra.orchestration import state_machine_log_group
from playrunner.naming import (
    ENV_WORKFLOW_FINISH_FUNCTION_ARN,
    ENV_WORKFLOW_LOG_GROUP_ARN,
    ENV_WORKFLOW_ROLE_ARN,
    ENV_WORKFLOW_STATE_MACHINE_PREFIX,
    ENV_WORKFLOW_TASK_FUNCTION_ARN,
    WORKFLOW_STATE_MACHINE_PREFIX,
)
from playrunner.orchestration.workflow_definition import (
    FINISH_STEP_FUNCTION,
    TASK_STEP_FUNCTION,
    WORKFLOW_STEP_FUNCTIONS,
)

# What Step Functions needs of a state machine's role to set up its logging.
LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
]


class Workflows(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, functions: Functions) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.prefix = str(self.node.try_get_context("workflowStateMachinePrefix") or WORKFLOW_STATE_MACHINE_PREFIX)
        self.steps = {name: functions[name] for name in WORKFLOW_STEP_FUNCTIONS}
        self.log_group = state_machine_log_group(self, "workflows")
        self.role = iam.Role(
            self,
            "StateMachineRole",
            assumed_by=iam.ServicePrincipal("states.amazonaws.com"),
            description="Every playrunner workflow's state machine runs as this role",
        )
        for step in self.steps.values():
            step.grant_invoke(self.role)
        self.role.add_to_policy(iam.PolicyStatement(actions=LOG_DELIVERY_ACTIONS, resources=["*"]))

        self.state_machines = stack.format_arn(
            service="states",
            resource="stateMachine",
            resource_name=f"{self.prefix}*",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        self.executions = stack.format_arn(
            service="states",
            resource="execution",
            resource_name=f"{self.prefix}*",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        self.environment = {
            ENV_WORKFLOW_ROLE_ARN: self.role.role_arn,
            ENV_WORKFLOW_TASK_FUNCTION_ARN: self.steps[TASK_STEP_FUNCTION].function_arn,
            ENV_WORKFLOW_FINISH_FUNCTION_ARN: self.steps[FINISH_STEP_FUNCTION].function_arn,
            ENV_WORKFLOW_LOG_GROUP_ARN: self.log_group.log_group_arn,
            ENV_WORKFLOW_STATE_MACHINE_PREFIX: self.prefix,
        }

    def grant_manage(self, grantee: iam.IGrantable) -> None:
        """Make, update, delete, start and stop the workflows' state machines, handing them the role."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "states:CreateStateMachine",
                    "states:UpdateStateMachine",
                    "states:DescribeStateMachine",
                    "states:DeleteStateMachine",
                    "states:StartExecution",
                    # Each workflow's state machine is tagged with its account and workflow, and
                    # checked before it is updated or deleted.
                    "states:TagResource",
                    "states:ListTagsForResource",
                ],
                resources=[self.state_machines],
            )
        )
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["states:StopExecution"], resources=[self.executions])
        )
        self.role.grant_pass_role(grantee.grant_principal)

    def grant_answer(self, grantee: iam.IGrantable) -> None:
        """Answer a workflow task's token: the execution it waits on has ended."""
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
                resources=[self.state_machines],
            )
        )
