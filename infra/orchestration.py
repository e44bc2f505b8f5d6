"""The execution state machine, from the same definition file the local stack runs, and the
functions its steps invoke."""

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra.functions import Functions
from infra.runner import Runner
from playrunner.naming import (
    ENV_RUNNER_CLUSTER,
    ENV_RUNNER_SECURITY_GROUPS,
    ENV_RUNNER_SUBNETS,
    ENV_RUNNER_TASK_DEFINITION,
)
from playrunner.orchestration.definition import INCLUDE_EXECUTION_DATA, STEP_FUNCTIONS, definition_text


def state_machine_log_group(scope: Construct, what: str) -> logs.LogGroup:
    """Where state machines log: a vended-logs group (Step Functions' resource policy fits it)."""
    return logs.LogGroup(
        scope,
        "Logs",
        log_group_name=f"/aws/vendedlogs/states/{Stack.of(scope).stack_name}-{what}",
        retention=logs.RetentionDays.ONE_YEAR,
    )


class Orchestration(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, runner: Runner, functions: Functions) -> None:
        super().__init__(scope, construct_id)
        self.environment = {
            ENV_RUNNER_CLUSTER: runner.cluster.cluster_name,
            ENV_RUNNER_TASK_DEFINITION: runner.task_definition.task_definition_arn,
            ENV_RUNNER_SUBNETS: ",".join(runner.subnet_ids()),
            ENV_RUNNER_SECURITY_GROUPS: runner.security_group.security_group_id,
        }
        self.steps = {name: functions[name] for name in STEP_FUNCTIONS.values()}
        log_group = state_machine_log_group(self, "execution")
        self.state_machine = sfn.StateMachine(
            self,
            "Execution",
            definition_body=sfn.DefinitionBody.from_string(definition_text()),
            definition_substitutions={
                placeholder: self.steps[function].function_arn for placeholder, function in STEP_FUNCTIONS.items()
            },
            logs=sfn.LogOptions(
                destination=log_group, level=sfn.LogLevel.ALL, include_execution_data=INCLUDE_EXECUTION_DATA
            ),
            tracing_enabled=True,
        )
        for step in self.steps.values():
            step.grant_invoke(self.state_machine)

    @staticmethod
    def grant_stop_tasks(grantee: iam.IGrantable, runner: Runner) -> None:
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ecs:StopTask"],
                resources=["*"],  # task ARNs are made at run time; the condition keeps it to the cluster
                conditions={"ArnEquals": {"ecs:cluster": runner.cluster.cluster_arn}},
            )
        )
