"""cdk-nag AwsSolutions findings this stack accepts, each with its reason."""

from aws_cdk import Stack
from cdk_nag import NagPackSuppression, NagSuppressions

STACK_SUPPRESSIONS = [
    NagPackSuppression(
        id="AwsSolutions-IAM4",
        reason="AWS managed policies used by CDK for Lambda basic execution, the API Gateway CloudWatch "
        "role and VPC flow logs: they grant logging only.",
    ),
    NagPackSuppression(
        id="AwsSolutions-IAM5",
        reason="Wildcards are resource suffixes CDK grants generate (table indexes, bucket objects, "
        "state machine executions, X-Ray, log streams) and ecs:StopTask on task ARNs made at run time, "
        "held to the runner cluster by an ecs:cluster condition. Workflow state machines are made at run "
        "time, so their grants name them by their shared name prefix; Step Functions' log delivery "
        "actions take no resource. No wildcard action on data resources.",
    ),
    NagPackSuppression(
        id="AwsSolutions-COG2",
        reason="MFA is optional (TOTP) so that automation users can log in; operators enable it per user.",
    ),
    NagPackSuppression(
        id="AwsSolutions-COG3",
        reason="Cognito threat protection is a paid feature plan the deploying account chooses.",
    ),
    NagPackSuppression(
        id="AwsSolutions-APIG2",
        reason="API Gateway validates parameters; each function validates its body against the pydantic "
        "models that are the API's contract (and answers 400 with the field), so a gateway model would be "
        "a hand-kept copy.",
    ),
    NagPackSuppression(
        id="AwsSolutions-COG8",
        reason="The Cognito Plus feature plan is a cost the deploying account chooses.",
    ),
    NagPackSuppression(
        id="AwsSolutions-APIG3",
        reason="WAF is left to the deploying account (its own web ACLs); throttling is on at the stage.",
    ),
    NagPackSuppression(
        id="AwsSolutions-APIG4",
        reason="Login and the OpenAPI document are public by design; every other method uses Cognito.",
    ),
    NagPackSuppression(
        id="AwsSolutions-COG4",
        reason="Login and the OpenAPI document are public by design; every other method uses Cognito.",
    ),
    NagPackSuppression(
        id="AwsSolutions-S1",
        reason="The bucket holds run output written by the runner role only; CloudTrail data events "
        "are the account's choice.",
    ),
    NagPackSuppression(
        id="AwsSolutions-L1",
        reason="Python 3.12 is the runtime the Powertools layer and the shared layer are built for.",
    ),
    NagPackSuppression(
        id="AwsSolutions-CFR1",
        reason="Who may use the console is decided by Cognito, not by country; a deploying account that "
        "needs geo restriction adds it to the distribution.",
    ),
    NagPackSuppression(
        id="AwsSolutions-CFR2",
        reason="The console is static files; WAF is left to the deploying account (its own web ACLs), as for the API.",
    ),
    NagPackSuppression(
        id="AwsSolutions-CFR4",
        reason="The console is served on its cloudfront.net name, whose default certificate CloudFront "
        "keeps open to TLS 1.0 clients; a custom domain with its own certificate (the README) gets the "
        "TLS 1.2 minimum the distribution asks for.",
    ),
    NagPackSuppression(
        id="AwsSolutions-ECS2",
        reason="The runner's environment holds resource names only (table, bucket, key ARN); run ids "
        "come as overrides and secrets are opened inside the task.",
    ),
]


def suppress(stack: Stack) -> None:
    NagSuppressions.add_stack_suppressions(stack, STACK_SUPPRESSIONS, apply_to_nested_stacks=True)
