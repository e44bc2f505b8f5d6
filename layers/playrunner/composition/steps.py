"""The execution state machine's steps, the lifecycle that ends an execution, and the
execution control (restart, stop, kill) that ends one through them."""

from playrunner.composition.instance import per_function
from playrunner.composition.stores import secret_box, table
from playrunner.environment import settings
from playrunner.orchestration.runner_tasks import RunnerTasks
from playrunner.orchestration.runs import StateMachine
from playrunner.services.control import ExecutionControl
from playrunner.services.host_results import HostResults
from playrunner.services.lifecycle import ExecutionLifecycle
from playrunner.services.steps import ExecutionSteps
from playrunner.services.workflow_tasks import WorkflowTasks
from playrunner.settings import OrchestrationSettings, RunnerTaskSettings
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionStore
from playrunner.store.host_results import HostResultStore
from playrunner.store.jobs import JobStore
from playrunner.store.workflow_runs import WorkflowRunStore


@per_function
def workflow_tasks() -> WorkflowTasks:
    return WorkflowTasks(WorkflowRunStore(table()))


@per_function
def runner_tasks() -> RunnerTasks:
    return RunnerTasks(settings(RunnerTaskSettings))


@per_function
def host_results() -> HostResults:
    return HostResults(HostResultStore(table()))


@per_function
def execution_lifecycle() -> ExecutionLifecycle:
    shared = table()
    return ExecutionLifecycle(
        JobStore(shared),
        ExecutionStore(shared),
        runner_tasks(),
        host_results(),
        workflow_task_ended=workflow_tasks().execution_ended,
    )


@per_function
def execution_steps() -> ExecutionSteps:
    shared = table()
    return ExecutionSteps(
        JobStore(shared),
        ExecutionStore(shared),
        host_results(),
        EventStore(shared),
        runner_tasks(),
        execution_lifecycle(),
        heartbeat_seconds=settings(RunnerTaskSettings).runner_heartbeat_seconds,
    )


@per_function
def execution_control() -> ExecutionControl:
    shared = table()
    return ExecutionControl(
        JobStore(shared),
        ExecutionStore(shared),
        secret_box(),
        StateMachine(settings(OrchestrationSettings).state_machine_arn),
        execution_steps(),
        host_results(),
    )
