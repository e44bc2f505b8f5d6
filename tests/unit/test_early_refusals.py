"""What every function refuses before its body is parsed: size, media type, tenancy."""

import json
from collections.abc import Mapping

from playrunner.api.resolver import refuse_early
from playrunner.naming import MAX_BODY_BYTES


def event(
    body: str | None = None,
    *,
    content_type: str = "application/json",
    account: str = "DEMO",
    claims: Mapping[str, object] | None = None,
    resource: str = "/jobs/{accountAlias}",
    method: str = "POST",
) -> dict[str, object]:
    context: dict[str, object] = {}
    if claims is not None:
        context["authorizer"] = {"claims": dict(claims)}
    return {
        "resource": resource,
        "path": f"/jobs/{account}",
        "httpMethod": method,
        "headers": {"Content-Type": content_type},
        "pathParameters": {"accountAlias": account},
        "requestContext": context,
        "body": body,
    }


DEMO = {"cognito:username": "admin", "custom:account_alias": "DEMO"}


def refused(raw: dict[str, object]) -> tuple[int, str]:
    answer = refuse_early(raw)
    assert answer is not None
    return answer["statusCode"], json.loads(answer["body"])["error_code"]


def test_a_body_over_1_mib_is_413() -> None:
    assert refused(event("x" * (MAX_BODY_BYTES + 1), claims=DEMO)) == (413, "PAYLOAD_TOO_LARGE")


def test_a_body_that_is_not_json_is_415() -> None:
    assert refused(event("a=b", content_type="application/x-www-form-urlencoded", claims=DEMO)) == (
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    )


def test_no_claims_is_401() -> None:
    assert refused(event("{}")) == (401, "UNAUTHORIZED")


def test_another_account_is_403() -> None:
    assert refused(event("{}", account="OTHER", claims=DEMO)) == (403, "ACCOUNT_FORBIDDEN")


def test_the_callers_own_account_passes() -> None:
    assert refuse_early(event("{}", claims=DEMO)) is None


def test_login_needs_no_claims() -> None:
    assert refuse_early(event("{}", resource="/authentication/login")) is None
