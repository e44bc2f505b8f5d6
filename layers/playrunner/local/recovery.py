"""After a restart, executions and workflow runs the previous process was running have no
state machine any more (moto keeps none across restarts): executions end FAILURE and runs end
in error (to be resumed), with the reason, rather than running forever.

An execution is ended by the lifecycle, as Finalize ends one (composed from Finalize's own
environment): what its runner recorded is kept, its runner is stopped wherever it still runs,
its job's last run, its status event and its callbacks follow. The stack has already ended
every runner its predecessor left (local/tasks.py: reap) before this runs.
"""

from collections.abc import Iterator, Mapping

from playrunner.composition.steps import execution_steps, workflow_tasks
from playrunner.composition.stores import table
from playrunner.environment import running_with
from playrunner.models.execution import ACTIVE_STATUSES
from playrunner.orchestration.contracts import StepError, StepState
from playrunner.services.lifecycle import OWN_ERROR_PREFIX
from playrunner.store.dynamodb import Item, Table
from playrunner.store.executions import from_item
from playrunner.store.workflow_runs import from_item as run_from_item

REASON = "the local stack stopped while this execution ran"
RUN_REASON = "the local stack stopped while this run was running: resume it"
STACK_STOPPED = f"{OWN_ERROR_PREFIX}StackStopped"


def _running(shared: Table, entity: str, statuses: set[str]) -> Iterator[Item]:
    """Every item of ENTITY whose status is one of STATUSES."""
    values = {f":status{i}": {"S": status} for i, status in enumerate(sorted(statuses))}
    paginator = shared.client.get_paginator("scan")
    for page in paginator.paginate(
        TableName=shared.name,
        FilterExpression=f"#entity = :entity AND #status IN ({', '.join(values)})",
        ExpressionAttributeNames={"#entity": "entity", "#status": "status"},
        ExpressionAttributeValues={":entity": {"S": entity}, **values},
    ):
        yield from page["Items"]


def fail_orphaned_runs(environment: Mapping[str, str]) -> int:
    with running_with(environment):
        tasks = workflow_tasks()
        orphans = [run_from_item(item).run for item in _running(table(), "workflow_run", {"running"})]
    for run in orphans:
        tasks.fail_run(run.account_alias, run.id, run.attempt, RUN_REASON)
    return len(orphans)


def fail_orphaned_executions(environment: Mapping[str, str]) -> int:
    """End what was running; ENVIRONMENT: Finalize's (step_finalize), whose work this is."""
    with running_with(environment):
        steps = execution_steps()
        orphans = [from_item(item).execution for item in _running(table(), "execution", set(ACTIVE_STATUSES))]
    for execution in orphans:
        state = StepState(
            execution_id=execution.execution_id,
            account_alias=execution.account_alias,
            job_id=execution.job_id,
            error=StepError(error=STACK_STOPPED, cause=REASON),
        )
        steps.finalize(state)
    return len(orphans)
