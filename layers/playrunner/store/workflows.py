"""Workflows in the table: one item per workflow, keyed by its name in the account."""

from playrunner.errors import Conflict, NotFound
from playrunner.models.base import Model
from playrunner.models.workflow import Workflow
from playrunner.store import collections
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import list_sort_key, workflow_key, workflows_collection
from playrunner.store.schema import LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY
from playrunner.store.versioned import create_once, delete_existing, replace_at_version


class WorkflowRecord(Model):
    workflow: Workflow
    version: int = 1


def _to_item(record: WorkflowRecord) -> Item:
    workflow = record.workflow
    return {
        **workflow_key(workflow.account_alias, workflow.name),
        LIST_INDEX_PARTITION_KEY: {"S": workflows_collection(workflow.account_alias)},
        LIST_INDEX_SORT_KEY: {"S": list_sort_key(workflow.created_time, workflow.name)},
        "entity": {"S": "workflow"},
        "version": {"N": str(record.version)},
        "body": {"S": workflow.model_dump_json()},
    }


def _from_item(item: Item) -> WorkflowRecord:
    return WorkflowRecord(
        workflow=Workflow.model_validate_json(item["body"]["S"], by_alias=True), version=int(item["version"]["N"])
    )


def _not_found(account_alias: str, name: str) -> NotFound:
    return NotFound(f"workflow {name} not found in account {account_alias}", error_code="WORKFLOW_NOT_FOUND")


class WorkflowStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, record: WorkflowRecord) -> None:
        create_once(self._table, _to_item(record), f"workflow {record.workflow.name}")

    def get(self, account_alias: str, name: str) -> WorkflowRecord:
        item = self._table.get(workflow_key(account_alias, name))
        if item is None:
            raise _not_found(account_alias, name)
        return _from_item(item)

    def replace(self, record: WorkflowRecord, expected_version: int) -> WorkflowRecord:
        written = record.model_copy(update={"version": expected_version + 1})
        try:
            replace_at_version(self._table, _to_item(written), expected_version, f"workflow {record.workflow.name}")
        except Conflict:
            self.get(record.workflow.account_alias, record.workflow.name)  # a deleted one is a 404
            raise
        return written

    def delete(self, account_alias: str, name: str) -> None:
        delete_existing(
            self._table,
            workflow_key(account_alias, name),
            _not_found(account_alias, name),
            workflows_collection(account_alias),
        )

    def count(self, account_alias: str) -> int:
        return collections.size(self._table, workflows_collection(account_alias))

    def page(
        self, account_alias: str, page: int, size: int, token: str | None = None
    ) -> tuple[list[WorkflowRecord], str | None]:
        items, after = collections.read_page(self._table, workflows_collection(account_alias), page, size, token)
        return [_from_item(item) for item in items], after
