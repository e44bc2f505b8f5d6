"""What a runner task is given: ids, where the data lives, and how often to beat."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from playrunner.naming import ENV_PREFIX


class RunnerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    execution_id: str
    account_alias: str
    task_token: str | None = None
    table_name: str
    secrets_key_arn: str
    artifacts_bucket: str
    event_bus_name: str = ""
    callback_queue_url: str = ""
    # Where set (always, in AWS and on the local stack), data calls go through this role,
    # assumed with the account's session tag; without it, through the process's credentials.
    runner_tenant_role_arn: str = ""
    runner_heartbeat_seconds: int = Field(default=60, ge=3)
    work_dir: Path | None = None
