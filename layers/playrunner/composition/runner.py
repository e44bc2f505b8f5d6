"""What a runner task works with: its data through the tenant role (scoped to the execution's
account), its callbacks' queue and its task token."""

from dataclasses import dataclass

from playrunner.callbacks.queue import CallbackQueue
from playrunner.orchestration.task_tokens import TaskToken
from playrunner.runner.tenant_session import tenant_session
from playrunner.secrets.envelope import SecretBox
from playrunner.settings import RunnerSettings
from playrunner.store.artifacts import StdoutStore
from playrunner.store.dynamodb import Table
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionStore
from playrunner.store.host_results import HostResultStore
from playrunner.store.jobs import JobStore


@dataclass(frozen=True)
class RunnerServices:
    jobs: JobStore
    executions: ExecutionStore
    events: EventStore
    host_results: HostResultStore
    stdout: StdoutStore
    box: SecretBox
    callbacks: CallbackQueue
    token: TaskToken | None


def runner_services(settings: RunnerSettings) -> RunnerServices:
    # Where set (always, in AWS and on the local stack), data calls go through the tenant role;
    # without it (the integration tests), through the process's own credentials.
    data = (
        tenant_session(settings.runner_tenant_role_arn, settings.account_alias, settings.execution_id)
        if settings.runner_tenant_role_arn
        else None
    )
    table = Table(settings.table_name, client=data.client("dynamodb") if data else None)
    return RunnerServices(
        jobs=JobStore(table),
        executions=ExecutionStore(table),
        events=EventStore(table),
        host_results=HostResultStore(table),
        stdout=StdoutStore(settings.artifacts_bucket, client=data.client("s3") if data else None),
        box=SecretBox(settings.secrets_key_arn, session=data),
        callbacks=CallbackQueue(settings.callback_queue_url),
        token=TaskToken(settings.task_token) if settings.task_token else None,
    )
