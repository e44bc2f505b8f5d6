"""Build each service once per function instance, from its settings, on first use."""

from functools import lru_cache

from playrunner.auth.cognito import CognitoLogin
from playrunner.callbacks.queue import CallbackQueue
from playrunner.orchestration.runner_tasks import RunnerTasks
from playrunner.orchestration.runs import StateMachine
from playrunner.orchestration.status_events import StatusEvents
from playrunner.orchestration.workflow_machines import WorkflowMachines
from playrunner.schedules.scheduler import JobScheduler
from playrunner.secrets.envelope import SecretBox
from playrunner.services.callbacks import CallbackDeliverer
from playrunner.services.control import ExecutionControl
from playrunner.services.executions import ExecutionService
from playrunner.services.jobs import JobService
from playrunner.services.schedules import ScheduleService
from playrunner.services.steps import ExecutionSteps
from playrunner.services.workflow_runs import WorkflowRuns
from playrunner.services.workflow_tasks import WorkflowTasks
from playrunner.services.workflows import WorkflowService
from playrunner.settings import (
    artifacts_settings,
    auth_settings,
    callback_settings,
    event_settings,
    orchestration_settings,
    runner_task_settings,
    scheduler_settings,
    secrets_settings,
    store_settings,
    workflow_settings,
)
from playrunner.store.artifacts import StdoutStore
from playrunner.store.deliveries import DeliveryStore
from playrunner.store.dynamodb import Table
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionStore
from playrunner.store.jobs import JobStore
from playrunner.store.schedules import ScheduleStore
from playrunner.store.workflow_runs import WorkflowRunStore
from playrunner.store.workflows import WorkflowStore


@lru_cache
def table() -> Table:
    return Table(store_settings().table_name)


@lru_cache
def secret_box() -> SecretBox:
    return SecretBox(secrets_settings().secrets_key_arn)


@lru_cache
def job_service() -> JobService:
    return JobService(
        JobStore(table()),
        secret_box(),
        execution_service,
        schedule_service,
        allow_loopback_callbacks=callback_settings().callbacks_allow_loopback,
        refused_callback_ports=callback_settings().callbacks_stack_ports,
    )


@lru_cache
def schedule_service() -> ScheduleService:
    shared = table()
    return ScheduleService(JobStore(shared), ScheduleStore(shared), JobScheduler(scheduler_settings()))


@lru_cache
def cognito_login() -> CognitoLogin:
    return CognitoLogin(auth_settings().user_pool_client_id)


@lru_cache
def status_events() -> StatusEvents:
    return StatusEvents(event_settings().event_bus_name)


@lru_cache
def callback_queue() -> CallbackQueue:
    settings = callback_settings()
    return CallbackQueue(settings.callback_queue_url, settings.callback_retry_queue_url)


def execution_store() -> ExecutionStore:
    return ExecutionStore(table(), on_status_change=(status_events().changed, callback_queue().status_changed))


@lru_cache
def execution_service() -> ExecutionService:
    shared = table()
    return ExecutionService(
        JobStore(shared),
        execution_store(),
        EventStore(shared),
        StdoutStore(artifacts_settings().artifacts_bucket),
        secret_box(),
        StateMachine(orchestration_settings().state_machine_arn),
        DeliveryStore(shared),
    )


@lru_cache
def callback_deliverer() -> CallbackDeliverer:
    shared = table()
    return CallbackDeliverer(
        JobStore(shared), DeliveryStore(shared), secret_box(), callback_queue(), callback_settings()
    )


@lru_cache
def execution_control() -> ExecutionControl:
    shared = table()
    return ExecutionControl(
        JobStore(shared),
        execution_store(),
        secret_box(),
        StateMachine(orchestration_settings().state_machine_arn),
        RunnerTasks(runner_task_settings()),
        execution_steps(),
    )


@lru_cache
def execution_steps() -> ExecutionSteps:
    shared = table()
    settings = runner_task_settings()
    return ExecutionSteps(
        JobStore(shared),
        execution_store(),
        EventStore(shared),
        RunnerTasks(settings),
        heartbeat_seconds=settings.runner_heartbeat_seconds,
        workflow_task_ended=workflow_tasks().execution_ended,
    )


@lru_cache
def workflow_machines() -> WorkflowMachines:
    return WorkflowMachines(workflow_settings())


@lru_cache
def workflow_service() -> WorkflowService:
    shared = table()
    return WorkflowService(WorkflowStore(shared), JobStore(shared), workflow_machines())


@lru_cache
def workflow_runs() -> WorkflowRuns:
    shared = table()
    return WorkflowRuns(
        WorkflowStore(shared),
        WorkflowRunStore(shared),
        execution_service(),
        workflow_machines(),
        workflow_tasks(),
        kill=lambda *args: execution_control().kill(*args),
    )


@lru_cache
def workflow_tasks() -> WorkflowTasks:
    return WorkflowTasks(WorkflowRunStore(table()))
