"""Login against the Cognito user pool."""

from typing import Any

import jwt
from botocore.exceptions import ClientError

from playrunner.auth.claims import caller_from_claims
from playrunner.aws import AwsClient
from playrunner.errors import Unauthorized
from playrunner.models.auth import LoginResponse

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
        caller = caller_from_claims(jwt.decode(token, options={"verify_signature": False}))
        return LoginResponse(
            user_name=caller.user_name,
            account_alias=caller.account_alias,
            roles=caller.roles,
            bearer_token=token,
        )
