"""Executions in the table: the entity, the hosts it targets, its sealed keys and its version.

Every change of an execution is a conditional write on the version it was read at: two
racing requests cannot both win.

The hosts an execution targets (with their hostVars: the part of it that grows with its hosts)
are kept beside its item, in chunks under the execution's TARGETS partition, so that the item
stays small whatever the host count. A change of targets (a restart with other hosts) writes a
new generation of chunks before the item that names it: a lost race leaves the old one named.
"""

import json
from collections.abc import Callable, Collection
from typing import Any

from pydantic import Field, TypeAdapter

from playrunner.errors import Conflict, NotFound
from playrunner.models.base import DEFERRED, Model
from playrunner.models.execution import Execution, Target
from playrunner.models.job import Callback
from playrunner.models.workflow_run import TaskOutcome
from playrunner.store import collections
from playrunner.store.chunks import Chunks, fits_inline, new_generation
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import execution_key, executions_collection, list_sort_key, targets_partition
from playrunner.store.schema import LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY
from playrunner.store.versioned import create_once, delete_existing, replace_at_version, until_written

_TARGETS = TypeAdapter(list[Target], config=DEFERRED)
_CALLBACKS = TypeAdapter(list[Callback], config=DEFERRED)
# What the execution's item never holds: the hosts' own items do (store/host_results.py).
HOST_DETAILS = {"hosts", "failed_hosts", "host_summaries", "hosts_truncated"}


class WorkflowLink(Model):
    """The workflow task an execution runs for: whom to tell when it ends, and what to pass on."""

    run_id: str
    task_id: str
    task_token: str  # the workflow state machine's, never shown by the API
    inherited: dict[str, Any] = Field(default_factory=dict)  # set_stats data from the tasks before
    outcome: TaskOutcome | None = None  # set when the execution ends


class ExecutionRecord(Model):
    execution: Execution
    targets: list[Target] = Field(default_factory=list)  # every host the execution has run on
    run_hosts: list[str] | None = None  # the current run's hosts, when a restart runs only some
    sealed_secrets: str | None = None
    runner_tasks: dict[str, str] = Field(default_factory=dict)  # slice -> its runner task's ARN, while it runs
    slice_size: int = 0  # the current run's hosts per slice (0: not planned yet)
    budget: int | None = None  # how many of the run's hosts may fail before no new slice starts
    slice_error: str | None = None  # why the first slice that could not run its playbook failed
    stop_deadline: int | None = None  # epoch ms: when a graceful stop interrupts the current task
    run_name: str | None = None  # the current run's state machine execution, when not the execution id
    callbacks: list[Callback] = Field(default_factory=list)  # the job's, as it was when the execution began
    workflow: WorkflowLink | None = None
    version: int = 1
    targets_generation: int = 0  # which chunks hold the targets (0: in the item, as written before chunks)

    @property
    def state_machine_run(self) -> str:
        return self.run_name or self.execution.execution_id

    def run_targets(self) -> list[Target]:
        if self.run_hosts is None:
            return list(self.targets)
        chosen = set(self.run_hosts)
        return [target for target in self.targets if target.id in chosen]

    @property
    def run(self) -> int:
        """The current run: 1, then 2, 3... for each restart (a timer each)."""
        return max(1, len(self.execution.timers))

    def slice_targets(self, number: int) -> list[Target]:
        """The hosts slice NUMBER of the current run runs on."""
        targets = self.run_targets()
        if not self.slice_size:
            return targets
        return targets[number * self.slice_size : (number + 1) * self.slice_size]


def _to_item(record: ExecutionRecord) -> Item:
    execution = record.execution
    item: Item = {
        **execution_key(execution.account_alias, execution.execution_id),
        LIST_INDEX_PARTITION_KEY: {"S": executions_collection(execution.account_alias, execution.job_id)},
        LIST_INDEX_SORT_KEY: {"S": list_sort_key(execution.created_time, execution.execution_id)},
        "entity": {"S": "execution"},
        "status": {"S": execution.status},
        "version": {"N": str(record.version)},
        "body": {"S": execution.model_dump_json(exclude=HOST_DETAILS)},
        "targets_generation": {"N": str(record.targets_generation)},
    }
    if not record.targets_generation:  # few: in the item itself (store/chunks.py)
        item["targets"] = {"S": _TARGETS.dump_json(record.targets).decode()}
    if record.sealed_secrets:
        item["sealed_secrets"] = {"S": record.sealed_secrets}
    if record.runner_tasks:
        item["runner_tasks"] = {"S": json.dumps(record.runner_tasks)}
    if record.slice_size:
        item["slice_size"] = {"N": str(record.slice_size)}
    if record.budget is not None:
        item["budget"] = {"N": str(record.budget)}
    if record.slice_error:
        item["slice_error"] = {"S": record.slice_error}
    if record.run_hosts is not None:
        item["run_hosts"] = {"S": json.dumps(record.run_hosts)}
    if record.stop_deadline is not None:
        item["stop_deadline"] = {"N": str(record.stop_deadline)}
    if record.run_name:
        item["run_name"] = {"S": record.run_name}
    if record.callbacks:
        item["callbacks"] = {"S": _CALLBACKS.dump_json(record.callbacks, by_alias=True).decode()}
    if record.workflow is not None:
        item["workflow"] = {"S": record.workflow.model_dump_json()}
    return item


def from_item(item: Item) -> ExecutionRecord:
    return ExecutionRecord(
        execution=Execution.model_validate_json(item["body"]["S"]),
        targets=_TARGETS.validate_json(item["targets"]["S"]) if "targets" in item else [],
        targets_generation=int(item.get("targets_generation", {}).get("N", "0")),
        sealed_secrets=item.get("sealed_secrets", {}).get("S"),
        runner_tasks=json.loads(item["runner_tasks"]["S"]) if "runner_tasks" in item else {},
        slice_size=int(item.get("slice_size", {}).get("N", "0")),
        budget=int(item["budget"]["N"]) if "budget" in item else None,
        slice_error=item.get("slice_error", {}).get("S"),
        run_hosts=json.loads(item["run_hosts"]["S"]) if "run_hosts" in item else None,
        stop_deadline=int(item["stop_deadline"]["N"]) if "stop_deadline" in item else None,
        run_name=item.get("run_name", {}).get("S"),
        callbacks=_CALLBACKS.validate_json(item["callbacks"]["S"]) if "callbacks" in item else [],
        workflow=WorkflowLink.model_validate_json(item["workflow"]["S"]) if "workflow" in item else None,
        version=int(item["version"]["N"]),
    )


def _not_found(account_alias: str, execution_id: str) -> NotFound:
    return NotFound(f"execution {execution_id} not found in account {account_alias}", error_code="EXECUTION_NOT_FOUND")


class ExecutionStore:
    """Each status written here is published from the table's change stream (functions/
    publish_notices), never by the writer: a status written is published even if its writer
    dies right after."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._chunks = Chunks(table, "targets")

    def create(self, record: ExecutionRecord) -> ExecutionRecord:
        record = self._write_targets(record)
        create_once(self._table, _to_item(record), f"execution {record.execution.execution_id}")
        return record

    def _write_targets(self, record: ExecutionRecord) -> ExecutionRecord:
        """RECORD naming where its targets are: in its item (few), or in a new generation of chunks."""
        targets = [target.model_dump_json() for target in record.targets]
        if fits_inline(targets):
            return record.model_copy(update={"targets_generation": 0})
        record = record.model_copy(update={"targets_generation": new_generation()})
        execution = record.execution
        self._chunks.write(
            targets_partition(execution.account_alias, execution.execution_id), record.targets_generation, targets
        )
        return record

    def _read_targets(self, account_alias: str, execution_id: str, generation: int) -> list[Target]:
        texts = self._chunks.read(targets_partition(account_alias, execution_id), generation)
        return [target for text in texts for target in _TARGETS.validate_json(text)]

    def _forget_targets(self, account_alias: str, execution_id: str, generation: int) -> None:
        if generation:
            self._chunks.forget(targets_partition(account_alias, execution_id), generation)

    def get(self, account_alias: str, execution_id: str, *, with_targets: bool = True) -> ExecutionRecord:
        """The execution; without its targets (read from their chunks) when only its item is wanted."""
        item = self._table.get(execution_key(account_alias, execution_id))
        if item is None:
            raise _not_found(account_alias, execution_id)
        record = from_item(item)
        if record.targets_generation and with_targets:
            targets = self._read_targets(account_alias, execution_id, record.targets_generation)
            record = record.model_copy(update={"targets": targets})
        return record

    def save(self, record: ExecutionRecord) -> ExecutionRecord:
        """Write RECORD if the stored one is still at its version and status; return what was written."""
        written = record.model_copy(update={"version": record.version + 1})
        replace_at_version(self._table, _to_item(written), record.version, f"execution {record.execution.execution_id}")
        return written

    def transition(
        self,
        account_alias: str,
        execution_id: str,
        allowed: Collection[str],
        change: Callable[[ExecutionRecord], ExecutionRecord],
    ) -> ExecutionRecord:
        """Apply CHANGE to the execution while its status is one of ALLOWED.

        A lost race re-reads and tries again; a status outside ALLOWED is a Conflict that names it.
        """

        def attempt() -> ExecutionRecord | None:
            current = self.get(account_alias, execution_id)
            status = current.execution.status
            if status not in allowed:
                raise Conflict(f"execution {execution_id} is {status}", error_code="EXECUTION_STATE_CONFLICT")
            changed = change(current).model_copy(update={"version": current.version})
            new_targets = changed.targets != current.targets
            if new_targets:  # a new generation of chunks (or none), named by the item only once it is written
                changed = self._write_targets(changed)
            try:
                written = self.save(changed)
            except Conflict:
                if new_targets:  # the next attempt writes its own
                    self._forget_targets(account_alias, execution_id, changed.targets_generation)
                return None
            if new_targets and current.targets_generation:
                self._forget_targets(account_alias, execution_id, current.targets_generation)
            return written

        return until_written(attempt, f"execution {execution_id}")

    def delete(self, record: ExecutionRecord) -> None:
        """Delete the execution just created (its start failed), with its targets."""
        execution = record.execution
        self._forget_targets(execution.account_alias, execution.execution_id, record.targets_generation)
        delete_existing(
            self._table,
            execution_key(execution.account_alias, execution.execution_id),
            _not_found(execution.account_alias, execution.execution_id),
            executions_collection(execution.account_alias, execution.job_id),
        )

    def count(self, account_alias: str, job_id: str) -> int:
        return collections.size(self._table, executions_collection(account_alias, job_id))

    def page(
        self, account_alias: str, job_id: str, page: int, size: int, token: str | None = None
    ) -> tuple[list[ExecutionRecord], str | None]:
        collection = executions_collection(account_alias, job_id)
        items, after = collections.read_page(self._table, collection, page, size, token)
        return [from_item(item) for item in items], after
