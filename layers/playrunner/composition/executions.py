"""The execution service: start, read, relaunch; events, stdout and deliveries."""

from playrunner.composition.instance import per_function
from playrunner.composition.stores import secret_box, table
from playrunner.environment import settings
from playrunner.orchestration.runs import StateMachine
from playrunner.services.executions import ExecutionService
from playrunner.services.host_results import HostResults
from playrunner.settings import ArtifactsSettings, OrchestrationSettings
from playrunner.store.artifacts import StdoutStore
from playrunner.store.deliveries import DeliveryStore
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionStore
from playrunner.store.host_results import HostResultStore
from playrunner.store.jobs import JobStore


@per_function
def execution_service() -> ExecutionService:
    shared = table()
    return ExecutionService(
        JobStore(shared),
        ExecutionStore(shared),
        EventStore(shared),
        StdoutStore(settings(ArtifactsSettings).artifacts_bucket),
        secret_box(),
        StateMachine(settings(OrchestrationSettings).state_machine_arn),
        DeliveryStore(shared),
        HostResults(HostResultStore(shared)),
    )
