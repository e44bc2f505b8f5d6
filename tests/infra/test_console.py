"""The web console in AWS: a private bucket behind CloudFront with origin access control,
HTTPS only, the console's CSP and security headers, and an API whose CORS names the console's
origin and no other."""

from typing import Any

import pytest

from playrunner.naming import ENV_CONSOLE_ORIGIN
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra


def _one(synthesized: Synthesized, kind: str) -> tuple[str, dict[str, Any]]:
    found = synthesized.resources(kind)
    assert len(found) == 1, list(found)
    logical_id, resource = next(iter(found.items()))
    return logical_id, resource["Properties"]


def _console_bucket(synthesized: Synthesized) -> str:
    _, distribution = _one(synthesized, "AWS::CloudFront::Distribution")
    domain = distribution["DistributionConfig"]["Origins"][0]["DomainName"]
    return str(domain["Fn::GetAtt"][0])


def test_the_console_bucket_is_private_and_read_only_by_cloudfront(synthesized: Synthesized) -> None:
    bucket_id = _console_bucket(synthesized)
    bucket = synthesized.resources("AWS::S3::Bucket")[bucket_id]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    policies = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in synthesized.resources("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    statements = [s for statements in policies for s in statements]
    readers = [s for s in statements if s["Effect"] == "Allow" and "s3:GetObject" in str(s["Action"])]
    assert readers
    assert all(s["Principal"] == {"Service": "cloudfront.amazonaws.com"} for s in readers)
    assert all("AWS:SourceArn" in str(s["Condition"]) for s in readers)  # this distribution only
    assert any(s["Effect"] == "Deny" and "aws:SecureTransport" in str(s.get("Condition")) for s in statements)


def test_cloudfront_uses_origin_access_control_over_https_only(synthesized: Synthesized) -> None:
    _, control = _one(synthesized, "AWS::CloudFront::OriginAccessControl")
    assert control["OriginAccessControlConfig"]["OriginAccessControlOriginType"] == "s3"
    assert control["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    _, distribution = _one(synthesized, "AWS::CloudFront::Distribution")
    config = distribution["DistributionConfig"]
    origin = config["Origins"][0]
    assert "OriginAccessControlId" in origin
    assert origin["S3OriginConfig"].get("OriginAccessIdentity", "") == ""  # no legacy identity
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "https-only"
    assert config["DefaultRootObject"] == "index.html"


def test_the_console_has_a_strict_csp_and_security_headers(synthesized: Synthesized) -> None:
    _, policy = _one(synthesized, "AWS::CloudFront::ResponseHeadersPolicy")
    headers = policy["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    text = str(csp)
    assert "script-src 'self'" in text
    assert "unsafe-inline" not in text
    assert "unsafe-eval" not in text
    assert "default-src 'none'" in text
    assert "frame-ancestors 'none'" in text
    assert "execute-api" in text  # connect-src: the API, and nothing else beyond the console
    assert headers["ContentTypeOptions"]["Override"] is True
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_the_console_is_published_with_its_api_url_and_its_url_is_an_output(synthesized: Synthesized) -> None:
    deployments = list(synthesized.resources("Custom::CDKBucketDeployment").values())
    assert len(deployments) == 1
    deployment = deployments[0]["Properties"]
    bucket_id = _console_bucket(synthesized)
    assert deployment["DestinationBucketName"] == {"Ref": bucket_id}
    assert deployment["RetainOnDelete"] is False  # the stack's removal takes the files with it
    assert "DistributionId" in deployment  # each deploy invalidates the cached files
    # The files and config.json, whose apiUrl is the API stage's URL (the only token in them).
    assert len(deployment["SourceObjectKeys"]) == 2
    markers = str(deployment["SourceMarkers"])
    assert "execute-api" in markers
    assert "ApiDeploymentStage" in markers
    outputs = synthesized.document["Outputs"]
    assert any(key.startswith("Console") and "ConsoleUrl" in key for key in outputs), list(outputs)


def test_the_apis_cors_names_only_the_consoles_origin(synthesized: Synthesized) -> None:
    _, _distribution = _one(synthesized, "AWS::CloudFront::Distribution")
    distribution_id = next(iter(synthesized.resources("AWS::CloudFront::Distribution")))
    preflights = [
        m["Properties"]
        for m in synthesized.resources("AWS::ApiGateway::Method").values()
        if m["Properties"]["HttpMethod"] == "OPTIONS"
    ]
    assert preflights
    for method in preflights:
        allowed = method["Integration"]["IntegrationResponses"][0]["ResponseParameters"][
            "method.response.header.Access-Control-Allow-Origin"
        ]
        assert distribution_id in str(allowed)
        assert "*" not in str(allowed)
    for response in synthesized.resources("AWS::ApiGateway::GatewayResponse").values():
        origin = response["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"]
        assert distribution_id in str(origin)
    api_functions = [
        f["Properties"]
        for f in synthesized.resources("AWS::Lambda::Function").values()
        if f["Properties"].get("Handler", "").startswith("functions.")
        and "PLAYRUNNER_USER_POOL_ID" not in str(f["Properties"])
    ]
    given = [f for f in api_functions if ENV_CONSOLE_ORIGIN in f["Environment"]["Variables"]]
    assert given, "the API functions are told the console's origin"
    for function in given:
        assert distribution_id in str(function["Environment"]["Variables"][ENV_CONSOLE_ORIGIN])
