"""After a restart, executions and workflow runs the previous process was running have no
state machine any more (moto keeps none across restarts): executions end FAILURE and runs end
in error (to be resumed), with the reason, rather than running forever."""

from collections.abc import Iterator
from typing import Any

from playrunner.models.execution import ACTIVE_STATUSES, Timer
from playrunner.services.clock import now_ms
from playrunner.services.workflow_tasks import WorkflowTasks
from playrunner.store.dynamodb import Item, Table
from playrunner.store.executions import ExecutionRecord, ExecutionStore, from_item
from playrunner.store.workflow_runs import WorkflowRunStore
from playrunner.store.workflow_runs import from_item as run_from_item

REASON = "the local stack stopped while this execution ran"
RUN_REASON = "the local stack stopped while this run was running: resume it"


def _running(table: Table, entity: str, statuses: set[str]) -> Iterator[Item]:
    """Every item of ENTITY whose status is one of STATUSES."""
    values = {f":status{i}": {"S": status} for i, status in enumerate(sorted(statuses))}
    paginator = table.client.get_paginator("scan")
    for page in paginator.paginate(
        TableName=table.name,
        FilterExpression=f"#entity = :entity AND #status IN ({', '.join(values)})",
        ExpressionAttributeNames={"#entity": "entity", "#status": "status"},
        ExpressionAttributeValues={":entity": {"S": entity}, **values},
    ):
        yield from page["Items"]


def fail_orphaned_runs(table: Table) -> int:
    tasks = WorkflowTasks(WorkflowRunStore(table))
    orphans = [run_from_item(item).run for item in _running(table, "workflow_run", {"running"})]
    for run in orphans:
        tasks.fail_run(run.account_alias, run.id, run.attempt, RUN_REASON)
    return len(orphans)


def fail_orphaned_executions(table: Table) -> int:
    store = ExecutionStore(table)
    orphans = [from_item(item) for item in _running(table, "execution", set(ACTIVE_STATUSES))]

    def fail(record: ExecutionRecord) -> ExecutionRecord:
        execution = record.execution
        timers = list(execution.timers)
        if timers and timers[-1].end is None:
            timers[-1] = Timer(start=timers[-1].start, end=now_ms())
        update: dict[str, Any] = {"status": "FAILURE", "status_reason": REASON, "timers": timers}
        return record.model_copy(update={"execution": execution.model_copy(update=update)})

    for record in orphans:
        store.transition(record.execution.account_alias, record.execution.execution_id, ACTIVE_STATUSES, fail)
    return len(orphans)
