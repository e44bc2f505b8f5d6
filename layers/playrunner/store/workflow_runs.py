"""Workflow runs in the table: the run entity, the workflow as it was when the run (or its
latest resume) began, and a version every change is conditional on."""

from collections.abc import Callable

from playrunner.errors import Conflict, NotFound
from playrunner.models.base import Model
from playrunner.models.workflow import WorkflowSpec
from playrunner.models.workflow_run import WorkflowRun
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import list_sort_key, workflow_run_key, workflow_runs_collection
from playrunner.store.schema import LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY
from playrunner.store.versioned import create_once, delete_existing, replace_at_version, until_written


class WorkflowRunRecord(Model):
    run: WorkflowRun
    spec: WorkflowSpec
    version: int = 1


def _to_item(record: WorkflowRunRecord) -> Item:
    run = record.run
    return {
        **workflow_run_key(run.account_alias, run.id),
        LIST_INDEX_PARTITION_KEY: {"S": workflow_runs_collection(run.account_alias, run.workflow)},
        LIST_INDEX_SORT_KEY: {"S": list_sort_key(run.metrics.start_time, run.id)},
        "entity": {"S": "workflow_run"},
        "status": {"S": run.status},
        "version": {"N": str(record.version)},
        "body": {"S": run.model_dump_json()},
        "spec": {"S": record.spec.model_dump_json(by_alias=True)},
    }


def from_item(item: Item) -> WorkflowRunRecord:
    return WorkflowRunRecord(
        run=WorkflowRun.model_validate_json(item["body"]["S"]),
        spec=WorkflowSpec.model_validate_json(item["spec"]["S"]),
        version=int(item["version"]["N"]),
    )


def run_not_found(account_alias: str, run_id: str) -> NotFound:
    return NotFound(f"workflow run {run_id} not found in account {account_alias}", error_code="RUN_NOT_FOUND")


class WorkflowRunStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, record: WorkflowRunRecord) -> None:
        create_once(self._table, _to_item(record), f"workflow run {record.run.id}")

    def get(self, account_alias: str, run_id: str) -> WorkflowRunRecord:
        item = self._table.get(workflow_run_key(account_alias, run_id))
        if item is None:
            raise run_not_found(account_alias, run_id)
        return from_item(item)

    def delete(self, account_alias: str, run_id: str) -> None:
        delete_existing(self._table, workflow_run_key(account_alias, run_id), run_not_found(account_alias, run_id))

    def change(
        self, account_alias: str, run_id: str, change: Callable[[WorkflowRunRecord], WorkflowRunRecord | None]
    ) -> WorkflowRunRecord:
        """Apply CHANGE to the stored run at its version; a lost race reads it again and retries.
        CHANGE answers None to leave the run as it is, or raises (a Conflict, say) to refuse."""

        def attempt() -> WorkflowRunRecord | None:
            current = self.get(account_alias, run_id)
            changed = change(current)
            if changed is None:
                return current
            written = changed.model_copy(update={"version": current.version + 1})
            try:
                replace_at_version(self._table, _to_item(written), current.version, f"workflow run {run_id}")
            except Conflict:
                return None
            return written

        return until_written(attempt, f"workflow run {run_id}")
