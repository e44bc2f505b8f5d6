"""Login reads the caller from the ID token Cognito answered with."""

import base64
import json

from playrunner.auth.cognito import token_claims


def test_a_logins_claims_are_read_from_its_token() -> None:
    claims = {"cognito:username": "ana", "custom:account_alias": "DEMO"}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert token_claims(f"header.{payload}.signature") == claims
