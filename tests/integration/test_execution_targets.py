"""An execution's hosts kept beside its item: the item stays small whatever the host count, and
a change of hosts (a restart) replaces them whole."""

import json

import pytest

from playrunner.errors import Conflict
from playrunner.local.provision import LocalResources
from playrunner.models.execution import Execution, Target
from playrunner.store.dynamodb import Table
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.keys import execution_key, targets_partition

HOSTS = 1_000


def an_execution(targets: list[Target]) -> ExecutionRecord:
    execution = Execution(
        execution_id="e1", job_id="j1", account_alias="DEMO", status="FAILURE", created_time=1, last_updated_time=1
    )
    return ExecutionRecord(execution=execution, targets=targets)


def item_bytes(table: Table) -> int:
    item = table.get(execution_key("DEMO", "e1"))
    assert item is not None
    return len(json.dumps(item))


@pytest.fixture
def store(aws: LocalResources) -> ExecutionStore:
    return ExecutionStore(Table(aws.table_name))


def test_a_thousand_hosts_with_their_vars_leave_the_item_small(store: ExecutionStore, aws: LocalResources) -> None:
    # Given an execution of 1,000 hosts, each with a few hostVars (about 400 KB of them in all)
    targets = [Target(id=f"web{n:04d}", host_vars={"role": "web", "note": "x" * 350}) for n in range(HOSTS)]
    store.create(an_execution(targets))

    # Then its item stays under 100 KB, and the execution reads back with every host
    assert item_bytes(Table(aws.table_name)) < 100_000
    assert store.get("DEMO", "e1").targets == targets


def test_a_change_of_hosts_replaces_them_and_leaves_no_old_chunk(store: ExecutionStore, aws: LocalResources) -> None:
    table = Table(aws.table_name)
    store.create(an_execution([Target(id=f"web{n:04d}", host_vars={"note": "x" * 350}) for n in range(HOSTS)]))

    # When a restart narrows the hosts to two
    fewer = [Target(id="web0001"), Target(id="web0002")]
    written = store.transition("DEMO", "e1", {"FAILURE"}, lambda record: record.model_copy(update={"targets": fewer}))

    # Then the execution reads back with those two only (in its item: they are few), and no old chunk is left
    assert store.get("DEMO", "e1").targets == fewer
    assert written.targets_generation == 0
    assert table.query_after(targets_partition("DEMO", "e1"), "G", "G", 1000) == []

    # And a change to other many hosts leaves only their own chunks
    other = [Target(id=f"db{n:04d}", host_vars={"note": "x" * 350}) for n in range(HOSTS)]
    written = store.transition("DEMO", "e1", {"FAILURE"}, lambda record: record.model_copy(update={"targets": other}))
    chunks = table.query_after(targets_partition("DEMO", "e1"), "G", "G", 1000)
    assert chunks
    assert all(chunk["sk"]["S"].startswith(f"G{written.targets_generation:06d}#") for chunk in chunks)


def test_a_change_refused_by_its_status_writes_no_hosts(store: ExecutionStore, aws: LocalResources) -> None:
    store.create(an_execution([Target(id="web1")]))
    with pytest.raises(Conflict):
        store.transition("DEMO", "e1", {"RUNNING"}, lambda record: record.model_copy(update={"targets": []}))
    assert store.get("DEMO", "e1").targets == [Target(id="web1")]


def test_a_few_hosts_stay_in_the_item_and_a_restart_to_many_moves_them_out(
    store: ExecutionStore, aws: LocalResources
) -> None:
    table = Table(aws.table_name)
    # Given an execution of two hosts: they are in its item, and no chunk is written
    written = store.create(an_execution([Target(id="web1"), Target(id="web2")]))
    assert written.targets_generation == 0
    assert table.query_after(targets_partition("DEMO", "e1"), "G", "G", 10) == []
    assert store.get("DEMO", "e1").targets == [Target(id="web1"), Target(id="web2")]
    # Even a read of the item alone has them: they cost no second call
    assert store.get("DEMO", "e1", with_targets=False).targets == [Target(id="web1"), Target(id="web2")]

    # When a change gives it a thousand hosts, they go to chunks; and back to two, into the item again
    many = [Target(id=f"web{n:04d}", host_vars={"note": "x" * 350}) for n in range(HOSTS)]
    moved = store.transition("DEMO", "e1", {"FAILURE"}, lambda record: record.model_copy(update={"targets": many}))
    assert moved.targets_generation != 0
    assert item_bytes(table) < 100_000
    assert store.get("DEMO", "e1").targets == many
    back = store.transition(
        "DEMO", "e1", {"FAILURE"}, lambda record: record.model_copy(update={"targets": [Target(id="web1")]})
    )
    assert back.targets_generation == 0
    assert store.get("DEMO", "e1").targets == [Target(id="web1")]
    assert table.query_after(targets_partition("DEMO", "e1"), "G", "G", 10) == []
