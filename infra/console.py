"""The web console in AWS: its static files (playrunner/webconsole/static, the same the local
stack serves) in a private bucket, served by CloudFront through origin access control, HTTPS
only, with the console's Content-Security-Policy and security headers; a config.json beside
them says where the API is."""

from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.aws_apigateway import RestApi
from constructs import Construct

from infra.buckets import private_bucket
from playrunner.webconsole import CONFIG_FILE, HSTS_SECONDS, STATIC_DIR, content_security_policy

ACCESS_LOG_DAYS = 90


def api_origin(rest_api: RestApi) -> str:
    stack = Stack.of(rest_api)
    return f"https://{rest_api.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}"


class Console(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, rest_api: RestApi) -> None:
        super().__init__(scope, construct_id)
        # Its files are the project's, published again by each deploy (and removed with the stack).
        self.bucket = private_bucket(self, "Files", removal_policy=RemovalPolicy.DESTROY)
        # CloudFront's standard logs are written with ACLs: the one bucket here that keeps them on.
        access_logs = private_bucket(
            self,
            "AccessLogs",
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(ACCESS_LOG_DAYS))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            comment="playrunner console: CSP and security headers",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(api_origin(rest_api)), override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.seconds(HSTS_SECONDS), include_subdomains=True, override=True
                ),
            ),
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="playrunner web console",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                response_headers_policy=headers,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            ),
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=access_logs,
            log_file_prefix="console/",
        )
        self.origin = f"https://{self.distribution.distribution_domain_name}"
        s3deploy.BucketDeployment(
            self,
            "Publish",
            sources=[
                s3deploy.Source.asset(str(STATIC_DIR)),
                s3deploy.Source.json_data(CONFIG_FILE, {"apiUrl": rest_api.url}),
            ],
            destination_bucket=self.bucket,
            distribution=self.distribution,
            retain_on_delete=False,
            memory_limit=256,
        )
        CfnOutput(self, "ConsoleUrl", value=f"{self.origin}/", description="the playrunner web console")
