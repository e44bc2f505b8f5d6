"""Every Lambda of the catalogue, made one way: the functions' code, the shared layer, the
Powertools layer, tracing, JSON logs, its timeout from its entry, and (once the stack's
resources exist) exactly the environment its entry's settings read."""

from collections.abc import Mapping

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.assets import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, functions_code, shared_layer_code
from playrunner.catalogue import FUNCTIONS, RUNTIME_ENVIRONMENT, Function, Kind, of_kind

# Powertools for AWS Lambda (Python) v3, published by AWS in every commercial region.
POWERTOOLS_LAYER_ACCOUNT = "017000801446"
POWERTOOLS_LAYER_VERSION = "18"


def construct_id_of(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


class Functions(Construct):
    """The catalogue's functions, by name."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        code = functions_code()
        stack = Stack.of(self)
        version = str(self.node.try_get_context("powertoolsLayerVersion") or POWERTOOLS_LAYER_VERSION)
        layers = [
            lambda_.LayerVersion.from_layer_version_arn(
                self,
                "Powertools",
                f"arn:{stack.partition}:lambda:{stack.region}:{POWERTOOLS_LAYER_ACCOUNT}:layer:"
                f"AWSLambdaPowertoolsPythonV3-{LAMBDA_RUNTIME.name.replace('.', '')}-x86_64:{version}",
            ),
            lambda_.LayerVersion(
                self,
                "Shared",
                code=shared_layer_code(),
                compatible_runtimes=[LAMBDA_RUNTIME],
                compatible_architectures=[LAMBDA_ARCHITECTURE],
                description="playrunner core: models, store, services, orchestration",
            ),
        ]
        self.functions: dict[str, lambda_.Function] = {
            name: self._make(entry, code, layers) for name, entry in FUNCTIONS.items()
        }

    def _make(self, entry: Function, code: lambda_.Code, layers: list[lambda_.ILayerVersion]) -> lambda_.Function:
        construct_id = construct_id_of(entry.name)
        log_group = logs.LogGroup(self, f"{construct_id}Logs", retention=logs.RetentionDays.ONE_YEAR)
        return lambda_.Function(
            self,
            construct_id,
            runtime=LAMBDA_RUNTIME,
            architecture=LAMBDA_ARCHITECTURE,
            code=code,
            handler=entry.handler,
            layers=layers,
            memory_size=1024,
            timeout=Duration.seconds(entry.timeout_seconds),
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            log_group=log_group,
            environment=dict(RUNTIME_ENVIRONMENT),
            description=f"playrunner {entry.name} ({entry.kind})",
        )

    def __getitem__(self, name: str) -> lambda_.Function:
        return self.functions[name]

    def of_kind(self, kind: Kind) -> dict[str, lambda_.Function]:
        return {entry.name: self.functions[entry.name] for entry in of_kind(kind)}

    def set_environments(self, values: Mapping[str, str]) -> None:
        """Give each function its entry's environment, taken from the stack's VALUES."""
        for name, function in self.functions.items():
            for variable, value in FUNCTIONS[name].environment(values).items():
                function.add_environment(variable, value)
