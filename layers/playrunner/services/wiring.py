"""Build each service once per function instance, from its settings, on first use."""

from functools import lru_cache

from playrunner.auth.cognito import CognitoLogin
from playrunner.secrets.envelope import SecretBox
from playrunner.services.jobs import JobService
from playrunner.settings import auth_settings, secrets_settings, store_settings
from playrunner.store.dynamodb import Table
from playrunner.store.jobs import JobStore


@lru_cache
def table() -> Table:
    return Table(store_settings().table_name)


@lru_cache
def secret_box() -> SecretBox:
    return SecretBox(secrets_settings().secrets_key_arn)


@lru_cache
def job_service() -> JobService:
    return JobService(JobStore(table()), secret_box())


@lru_cache
def cognito_login() -> CognitoLogin:
    return CognitoLogin(auth_settings().user_pool_client_id)
