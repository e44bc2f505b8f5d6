"""Settings are models, read from the environment once per function and validated."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from playrunner.naming import ENV_PREFIX


class _Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)


class StoreSettings(_Settings):
    table_name: str


class SecretsSettings(_Settings):
    secrets_key_arn: str


class AuthSettings(_Settings):
    user_pool_id: str
    user_pool_client_id: str


@lru_cache
def store_settings() -> StoreSettings:
    return StoreSettings()  # read from the environment


@lru_cache
def secrets_settings() -> SecretsSettings:
    return SecretsSettings()


@lru_cache
def auth_settings() -> AuthSettings:
    return AuthSettings()
