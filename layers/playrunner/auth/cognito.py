"""Login against the Cognito user pool."""

import base64
import json
from typing import Any

from botocore.exceptions import ClientError

from playrunner.auth.claims import caller_from_claims
from playrunner.aws import AwsClient
from playrunner.errors import Unauthorized
from playrunner.models.auth import LoginResponse


def token_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, read without checking its signature (no JWT library to load for it)."""
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


_BAD_CREDENTIALS = {"NotAuthorizedException", "UserNotFoundException", "PasswordResetRequiredException"}


class CognitoLogin(AwsClient):
    service = "cognito-idp"

    def __init__(self, client_id: str, client: Any = None) -> None:
        super().__init__(client)
        self._client_id = client_id

    def login(self, username: str, password: str) -> LoginResponse:
        try:
            answer = self.client.initiate_auth(
                ClientId=self._client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _BAD_CREDENTIALS:
                raise Unauthorized("wrong username or password", error_code="BAD_CREDENTIALS") from exc
            raise
        if "AuthenticationResult" not in answer:
            raise Unauthorized(
                f"this user must first complete the {answer.get('ChallengeName')} challenge",
                error_code="CHALLENGE_REQUIRED",
            )
        token = answer["AuthenticationResult"]["IdToken"]
        # The token comes straight from Cognito; every later request has it verified by the authorizer.
        caller = caller_from_claims(token_claims(token))
        return LoginResponse(
            user_name=caller.user_name,
            account_alias=caller.account_alias,
            roles=caller.roles,
            bearer_token=token,
        )
