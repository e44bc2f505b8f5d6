"""Workflows and their runs: each workflow's state machine, the runs' records, and the
executions their tasks start."""

from playrunner import environment
from playrunner.composition.executions import execution_service
from playrunner.composition.instance import per_function
from playrunner.composition.stores import table
from playrunner.orchestration.workflow_machines import WorkflowMachines
from playrunner.services.workflow_runs import WorkflowRuns
from playrunner.services.workflows import WorkflowService
from playrunner.settings import WorkflowMakingSettings, WorkflowSettings
from playrunner.store.jobs import JobStore
from playrunner.store.workflow_runs import WorkflowRunStore
from playrunner.store.workflows import WorkflowStore


@per_function
def workflow_machines() -> WorkflowMachines:
    declared = environment.declares(WorkflowMakingSettings)
    making = environment.settings(WorkflowMakingSettings) if declared else None
    return WorkflowMachines(environment.settings(WorkflowSettings), making=making)


@per_function
def workflow_service() -> WorkflowService:
    shared = table()
    return WorkflowService(WorkflowStore(shared), JobStore(shared), workflow_machines())


@per_function
def workflow_runs() -> WorkflowRuns:
    from playrunner.composition.steps import execution_control, workflow_tasks

    shared = table()
    return WorkflowRuns(
        WorkflowStore(shared),
        WorkflowRunStore(shared),
        execution_service(),
        workflow_machines(),
        workflow_tasks(),
        kill=lambda *execution: execution_control().kill(*execution),  # built on a first kill only
    )
