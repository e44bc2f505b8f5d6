"""After a restart, executions the previous process was running have no state machine any
more (moto keeps none across restarts): they end FAILURE, with the reason, not RUNNING forever."""

from typing import Any

from playrunner.models.execution import ACTIVE_STATUSES, Timer
from playrunner.services.clock import now_ms
from playrunner.store.dynamodb import Table
from playrunner.store.executions import ExecutionRecord, ExecutionStore, from_item

REASON = "the local stack stopped while this execution ran"


def fail_orphaned_executions(table: Table) -> int:
    store = ExecutionStore(table)
    paginator = table.client.get_paginator("scan")
    orphans: list[ExecutionRecord] = []
    for page in paginator.paginate(
        TableName=table.name,
        FilterExpression="#entity = :execution",
        ExpressionAttributeNames={"#entity": "entity"},
        ExpressionAttributeValues={":execution": {"S": "execution"}},
    ):
        orphans += [r for r in map(from_item, page["Items"]) if r.execution.status in ACTIVE_STATUSES]

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
