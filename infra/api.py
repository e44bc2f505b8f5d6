"""The HTTPS front door: Cognito users, API Gateway, and one Lambda per function of the shared
route table, each given only what its endpoints need."""

from aws_cdk import CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.functions import Functions
from playrunner.api.routes import ROUTES
from playrunner.catalogue import Kind
from playrunner.naming import ACCOUNT_ALIAS_ATTRIBUTE, ENV_USER_POOL_CLIENT_ID, ENV_USER_POOL_ID

THROTTLE_RATE_PER_SECOND = 50
THROTTLE_BURST = 100


class Api(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, functions: Functions) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            custom_attributes={ACCOUNT_ALIAS_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=64, mutable=False)},
            password_policy=cognito.PasswordPolicy(
                min_length=12, require_digits=True, require_lowercase=True, require_uppercase=True, require_symbols=True
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.client = self.user_pool.add_client(
            "ApiClient",
            auth_flows=cognito.AuthFlow(user_password=True),
            generate_secret=False,
            id_token_validity=Duration.hours(1),
            read_attributes=cognito.ClientAttributes().with_custom_attributes(ACCOUNT_ALIAS_ATTRIBUTE),
        )
        self.functions = functions.of_kind(Kind.API)
        self.environment = {
            ENV_USER_POOL_ID: self.user_pool.user_pool_id,
            ENV_USER_POOL_CLIENT_ID: self.client.user_pool_client_id,
        }

        access_logs = logs.LogGroup(self, "AccessLogs", retention=logs.RetentionDays.ONE_YEAR)
        self.rest_api = apigateway.RestApi(
            self,
            "Api",
            description="playrunner: a serverless Ansible job service",
            deploy_options=apigateway.StageOptions(
                stage_name="v1",
                throttling_rate_limit=THROTTLE_RATE_PER_SECOND,
                throttling_burst_limit=THROTTLE_BURST,
                access_log_destination=apigateway.LogGroupLogDestination(access_logs),
                access_log_format=apigateway.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                logging_level=apigateway.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,  # request bodies may carry private keys
                tracing_enabled=True,
                metrics_enabled=True,
            ),
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.DESTROY,
        )
        authorizer = apigateway.CognitoUserPoolsAuthorizer(self, "Authorizer", cognito_user_pools=[self.user_pool])
        validator = self.rest_api.add_request_validator(
            "Validator", validate_request_parameters=True, validate_request_body=False
        )
        for route in ROUTES:
            resource = self.rest_api.root.resource_for_path(route.path)
            integration = apigateway.LambdaIntegration(self.functions[route.function])
            if route.public:
                resource.add_method(route.method, integration, request_validator=validator)
            else:
                resource.add_method(
                    route.method,
                    integration,
                    authorizer=authorizer,
                    authorization_type=apigateway.AuthorizationType.COGNITO,
                    request_validator=validator,
                )
        self._resources = {route.path: self.rest_api.root.resource_for_path(route.path) for route in ROUTES}
        CfnOutput(self, "ApiUrl", value=self.rest_api.url, description="the playrunner API")
        CfnOutput(self, "UserPoolId", value=self.user_pool.user_pool_id, description="where users are added")
        CfnOutput(self, "UserPoolClientId", value=self.client.user_pool_client_id)

    def allow_console(self, origin: str) -> None:
        """Let the web console at ORIGIN, and no other origin, call the API from a browser: API
        Gateway answers each path's preflight, and its own refusals (401 from the authorizer,
        429 from throttling) name the origin too; the functions name it on their answers."""
        for resource in self._resources.values():
            resource.add_cors_preflight(
                allow_origins=[origin],
                allow_methods=sorted({route.method for route in ROUTES if route.path == resource.path} | {"OPTIONS"}),
                allow_headers=["Authorization", "Content-Type"],
                max_age=Duration.hours(1),
            )
        for kind in (apigateway.ResponseType.DEFAULT_4_XX, apigateway.ResponseType.DEFAULT_5_XX):
            self.rest_api.add_gateway_response(
                f"Cors{kind.response_type}",
                type=kind,
                response_headers={"Access-Control-Allow-Origin": f"'{origin}'", "Vary": "'Origin'"},
            )
