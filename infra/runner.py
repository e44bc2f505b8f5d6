"""Where playbooks run: a Fargate task per run, in a network that reaches the user's hosts.

Context parameters: `vpcId` (an existing VPC, looked up at synthesis: needs an account and
region) with optional `subnetIds`; without them the stack makes a VPC of its own with a NAT
gateway, so runners reach hosts on the internet and in peered networks alike.
"""

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.assets import runner_image_asset_props
from playrunner.naming import RUNNER_CONTAINER_NAME, RUNNER_TASK_FAMILY


class Runner(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.vpc = self._vpc()
        subnet_ids = self.node.try_get_context("subnetIds")
        self.subnets = (
            ec2.SubnetSelection(
                subnets=[ec2.Subnet.from_subnet_id(self, f"Subnet{i}", s) for i, s in enumerate(subnet_ids)]
            )
            if subnet_ids
            else ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS)
        )
        self.security_group = ec2.SecurityGroup(
            self, "RunnerSecurityGroup", vpc=self.vpc, description="playrunner runners: outbound only"
        )
        self.cluster = ecs.Cluster(self, "Cluster", vpc=self.vpc, container_insights_v2=ecs.ContainerInsights.ENABLED)
        self.task_definition = ecs.FargateTaskDefinition(
            self, "Task", family=RUNNER_TASK_FAMILY, cpu=1024, memory_limit_mib=2048
        )
        self.log_group = logs.LogGroup(self, "Logs", retention=logs.RetentionDays.ONE_YEAR)
        self.container = self.task_definition.add_container(
            RUNNER_CONTAINER_NAME,
            container_name=RUNNER_CONTAINER_NAME,
            image=ecs.ContainerImage.from_asset(**runner_image_asset_props()),  # type: ignore[arg-type]
            logging=ecs.LogDrivers.aws_logs(stream_prefix="runner", log_group=self.log_group),
            readonly_root_filesystem=False,
        )

    def _vpc(self) -> ec2.IVpc:
        vpc_id = self.node.try_get_context("vpcId")
        if vpc_id:
            return ec2.Vpc.from_lookup(self, "Vpc", vpc_id=vpc_id)
        vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1)
        vpc.add_flow_log("FlowLogs")
        return vpc

    def subnet_ids(self) -> list[str]:
        selection = self.subnets
        return self.vpc.select_subnets(subnets=selection.subnets, subnet_type=selection.subnet_type).subnet_ids

    @property
    def stack(self) -> Stack:
        return Stack.of(self)
