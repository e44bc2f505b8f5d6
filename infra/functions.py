"""Every Lambda of the stack, made one way: the functions' code, the shared layer, the Powertools
layer, tracing, JSON logs, and the environment the settings models read."""

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.assets import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, functions_code, handler_of, shared_layer_code
from playrunner.naming import APP_NAME

# Powertools for AWS Lambda (Python) v3, published by AWS in every commercial region.
POWERTOOLS_LAYER_ACCOUNT = "017000801446"
POWERTOOLS_LAYER_VERSION = "18"


class FunctionFactory(Construct):
    def __init__(self, scope: Construct, construct_id: str, environment: dict[str, str]) -> None:
        super().__init__(scope, construct_id)
        self._environment = dict(environment)
        self._code = functions_code()
        stack = Stack.of(self)
        version = str(self.node.try_get_context("powertoolsLayerVersion") or POWERTOOLS_LAYER_VERSION)
        self.layers = [
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
        self.functions: dict[str, lambda_.Function] = {}

    def add_environment(self, name: str, value: str, *, to_existing: bool = True) -> None:
        """For the functions made from now on, and (TO_EXISTING) for those made before."""
        self._environment[name] = value
        for function in self.functions.values() if to_existing else ():
            function.add_environment(name, value)

    def function(self, scope: Construct, name: str, *, timeout_seconds: int = 29) -> lambda_.Function:
        construct_id = "".join(part.title() for part in name.split("_"))
        log_group = logs.LogGroup(scope, f"{construct_id}Logs", retention=logs.RetentionDays.ONE_YEAR)
        function = lambda_.Function(
            scope,
            construct_id,
            runtime=LAMBDA_RUNTIME,
            architecture=LAMBDA_ARCHITECTURE,
            code=self._code,
            handler=handler_of(name),
            layers=self.layers,
            memory_size=1024,
            timeout=Duration.seconds(timeout_seconds),
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            log_group=log_group,
            environment={**self._environment, "POWERTOOLS_SERVICE_NAME": APP_NAME},
            description=f"playrunner {name}",
        )
        self.functions[name] = function
        return function
