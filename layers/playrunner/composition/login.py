"""Logging in: Cognito's user pool client."""

from playrunner.auth.cognito import CognitoLogin
from playrunner.composition.instance import per_function
from playrunner.environment import settings
from playrunner.settings import AuthSettings


@per_function
def cognito_login() -> CognitoLogin:
    return CognitoLogin(settings(AuthSettings).user_pool_client_id)
