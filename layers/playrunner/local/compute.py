"""The local stack's compute inside moto: the functions, the execution state machine (from the
same definition file the CDK stack deploys), and the runner's ECS cluster and task definition.
moto does not keep these across restarts, so they are created at every start."""

import io
import json
import zipfile
from typing import Any

import boto3
from botocore.exceptions import ClientError

from playrunner.catalogue import FUNCTIONS, runner_environment
from playrunner.local.provision import LocalResources
from playrunner.models.base import Model
from playrunner.naming import (
    ENV_CALLBACK_QUEUE_URL,
    ENV_CALLBACK_RETRY_QUEUE_URL,
    ENV_EVENT_BUS_NAME,
    ENV_RUNNER_CLUSTER,
    ENV_RUNNER_HEARTBEAT_SECONDS,
    ENV_RUNNER_SECURITY_GROUPS,
    ENV_RUNNER_SUBNETS,
    ENV_RUNNER_TASK_DEFINITION,
    ENV_RUNNER_TENANT_ROLE_ARN,
    ENV_SCHEDULE_GROUP,
    ENV_SCHEDULE_ROLE_ARN,
    ENV_SCHEDULE_TARGET_ARN,
    ENV_STATE_MACHINE_ARN,
    ENV_WORKFLOW_FINISH_FUNCTION_ARN,
    ENV_WORKFLOW_LOG_GROUP_ARN,
    ENV_WORKFLOW_ROLE_ARN,
    ENV_WORKFLOW_TASK_FUNCTION_ARN,
    LAMBDA_PYTHON,
    LOCAL_CALLBACK_QUEUE,
    LOCAL_CALLBACK_RETRY_QUEUE,
    LOCAL_EVENT_BUS,
    LOCAL_FUNCTION_PREFIX,
    LOCAL_RUNNER_CLUSTER,
    LOCAL_SCHEDULE_GROUP,
    LOCAL_STATE_MACHINE_NAME,
    RUNNER_CONTAINER_NAME,
    RUNNER_TASK_FAMILY,
    SCHEDULE_FUNCTION,
    WORKFLOW_STATE_MACHINE_PREFIX,
)
from playrunner.orchestration.definition import STEP_FUNCTIONS, logging_configuration, substitute
from playrunner.orchestration.workflow_definition import FINISH_STEP_FUNCTION, TASK_STEP_FUNCTION

ROLE_NAME = "playrunner-local"
# The runner assumes it with its account's session tag, as in AWS (moto checks no condition).
TENANT_ROLE_NAME = "playrunner-local-runner-tenant"
CALLBACK_VISIBILITY_SECONDS = 120
_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": ["lambda.amazonaws.com", "states.amazonaws.com", "ecs-tasks.amazonaws.com"]},
            "Action": "sts:AssumeRole",
        }
    ],
}


class ComputeResources(Model):
    state_machine_arn: str
    runner_cluster: str
    runner_task_definition: str
    runner_subnets: str
    runner_security_groups: str
    runner_heartbeat_seconds: int
    schedule_group: str = ""
    schedule_target_arn: str = ""
    schedule_role_arn: str = ""
    event_bus_name: str = ""
    callback_queue_url: str = ""
    callback_retry_queue_url: str = ""
    workflow_role_arn: str = ""
    workflow_task_function_arn: str = ""
    workflow_finish_function_arn: str = ""
    workflow_log_group_arn: str = ""
    runner_tenant_role_arn: str = ""

    def function_environment(self) -> dict[str, str]:
        return {
            ENV_WORKFLOW_ROLE_ARN: self.workflow_role_arn,
            ENV_WORKFLOW_TASK_FUNCTION_ARN: self.workflow_task_function_arn,
            ENV_WORKFLOW_FINISH_FUNCTION_ARN: self.workflow_finish_function_arn,
            ENV_WORKFLOW_LOG_GROUP_ARN: self.workflow_log_group_arn,
            ENV_EVENT_BUS_NAME: self.event_bus_name,
            ENV_CALLBACK_QUEUE_URL: self.callback_queue_url,
            ENV_CALLBACK_RETRY_QUEUE_URL: self.callback_retry_queue_url,
            ENV_SCHEDULE_GROUP: self.schedule_group,
            ENV_SCHEDULE_TARGET_ARN: self.schedule_target_arn,
            ENV_SCHEDULE_ROLE_ARN: self.schedule_role_arn,
            ENV_STATE_MACHINE_ARN: self.state_machine_arn,
            ENV_RUNNER_CLUSTER: self.runner_cluster,
            ENV_RUNNER_TASK_DEFINITION: self.runner_task_definition,
            ENV_RUNNER_SUBNETS: self.runner_subnets,
            ENV_RUNNER_SECURITY_GROUPS: self.runner_security_groups,
            ENV_RUNNER_HEARTBEAT_SECONDS: str(self.runner_heartbeat_seconds),
            ENV_RUNNER_TENANT_ROLE_ARN: self.runner_tenant_role_arn,
        }


def _role(iam: Any, name: str = ROLE_NAME) -> str:
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except ClientError:
        return str(iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(_TRUST))["Role"]["Arn"])


def _network(ec2: Any) -> tuple[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.42.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="playrunner-runner", Description="runner tasks", VpcId=vpc)
    return str(subnet), str(group["GroupId"])


def _placeholder_code() -> bytes:
    # moto wants a deployment package; the handlers themselves run in this process.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Invoked in-process by the playrunner local stack.")
    return buffer.getvalue()


def _ensure(create: Any, already_there: str, **request: Any) -> None:
    """Create a resource kept in the data directory, unless a restored one is there."""
    try:
        create(**request)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != already_there:
            raise


def _event_bus(events: Any) -> str:
    _ensure(events.create_event_bus, "ResourceAlreadyExistsException", Name=LOCAL_EVENT_BUS)
    return LOCAL_EVENT_BUS


def _callback_queues(sqs: Any) -> tuple[str, str]:
    """The ordered notices queue and the retries queue (create_queue finds an existing one)."""
    notices = sqs.create_queue(
        QueueName=LOCAL_CALLBACK_QUEUE,
        Attributes={"FifoQueue": "true", "VisibilityTimeout": str(CALLBACK_VISIBILITY_SECONDS)},
    )["QueueUrl"]
    retries = sqs.create_queue(
        QueueName=LOCAL_CALLBACK_RETRY_QUEUE, Attributes={"VisibilityTimeout": str(CALLBACK_VISIBILITY_SECONDS)}
    )["QueueUrl"]
    return str(notices), str(retries)


def _log_group(logs: Any, name: str) -> str:
    _ensure(logs.create_log_group, "ResourceAlreadyExistsException", logGroupName=name)
    return str(logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["arn"])


def _schedule_group(scheduler: Any) -> None:
    _ensure(scheduler.create_schedule_group, "ConflictException", Name=LOCAL_SCHEDULE_GROUP)


def provision_compute(
    session: boto3.Session,
    resources: LocalResources,
    *,
    heartbeat_seconds: int,
    stack_values: dict[str, str] | None = None,
) -> tuple[ComputeResources, dict[str, dict[str, str]]]:
    """The compute, and each function's environment: exactly what the template gives it, from
    the catalogue and this stack's values (STACK_VALUES: the settings the local stack was given
    or sets itself)."""
    role_arn = _role(session.client("iam"))
    subnet, security_group = _network(session.client("ec2"))
    ecs = session.client("ecs")
    ecs.create_cluster(clusterName=LOCAL_RUNNER_CLUSTER)
    account = session.client("sts").get_caller_identity()["Account"]
    state_machine_arn = f"arn:aws:states:{resources.region}:{account}:stateMachine:{LOCAL_STATE_MACHINE_NAME}"

    def function_arn(name: str) -> str:
        return f"arn:aws:lambda:{resources.region}:{account}:function:{LOCAL_FUNCTION_PREFIX}{name}"

    logs = session.client("logs")
    _schedule_group(session.client("scheduler"))
    callback_queue, callback_retry_queue = _callback_queues(session.client("sqs"))
    compute = ComputeResources(
        state_machine_arn=state_machine_arn,
        runner_cluster=LOCAL_RUNNER_CLUSTER,
        runner_task_definition=RUNNER_TASK_FAMILY,
        runner_subnets=subnet,
        runner_security_groups=security_group,
        runner_heartbeat_seconds=heartbeat_seconds,
        schedule_group=LOCAL_SCHEDULE_GROUP,
        schedule_target_arn=function_arn(SCHEDULE_FUNCTION),
        schedule_role_arn=role_arn,
        event_bus_name=_event_bus(session.client("events")),
        callback_queue_url=callback_queue,
        callback_retry_queue_url=callback_retry_queue,
        workflow_role_arn=role_arn,
        runner_tenant_role_arn=_role(session.client("iam"), TENANT_ROLE_NAME),
        workflow_task_function_arn=function_arn(TASK_STEP_FUNCTION),
        workflow_finish_function_arn=function_arn(FINISH_STEP_FUNCTION),
        workflow_log_group_arn=_log_group(logs, f"/aws/vendedlogs/states/{WORKFLOW_STATE_MACHINE_PREFIX}workflows"),
    )
    # What the stack provisioned wins over what it was given: a stale variable names no other table.
    values = {**(stack_values or {}), **resources.function_environment(), **compute.function_environment()}
    environments = {name: function.environment(values) for name, function in FUNCTIONS.items()}
    ecs.register_task_definition(
        family=RUNNER_TASK_FAMILY,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="1024",
        memory="2048",
        taskRoleArn=role_arn,
        executionRoleArn=role_arn,
        containerDefinitions=[
            {
                "name": RUNNER_CONTAINER_NAME,
                "image": "playrunner-runner:local",
                "essential": True,
                "memory": 2048,
                "environment": [{"name": k, "value": v} for k, v in sorted(runner_environment(values).items())],
            }
        ],
    )
    lambdas = session.client("lambda")
    code = _placeholder_code()
    arns: dict[str, str] = {}
    for name, environment in environments.items():
        arns[name] = lambdas.create_function(
            FunctionName=f"{LOCAL_FUNCTION_PREFIX}{name}",
            Runtime=LAMBDA_PYTHON,
            Role=role_arn,
            Handler=f"functions/{name}/handler.lambda_handler",
            Code={"ZipFile": code},
            Timeout=60,
            Environment={"Variables": environment},
        )["FunctionArn"]
    definition = substitute({placeholder: arns[function] for placeholder, function in STEP_FUNCTIONS.items()})
    log_group_arn = _log_group(logs, f"/aws/vendedlogs/states/{LOCAL_STATE_MACHINE_NAME}")
    session.client("stepfunctions").create_state_machine(
        name=LOCAL_STATE_MACHINE_NAME,
        definition=definition,
        roleArn=role_arn,
        type="STANDARD",
        loggingConfiguration=logging_configuration(log_group_arn),
    )
    return compute, environments
