"""Which changes of the table's stream are published, and the filter both homes apply."""

import json
from typing import Any

from playrunner.local.streams import matches
from playrunner.services.notices import EXECUTION_CHANGES, status_change


def record(event: str, new_status: str | None, old_status: str | None = None, entity: str = "execution") -> dict:
    change: dict[str, Any] = {"SequenceNumber": "1"}
    if new_status is not None:
        change["NewImage"] = {"entity": {"S": entity}, "status": {"S": new_status}}
    if old_status is not None:
        change["OldImage"] = {"entity": {"S": entity}, "status": {"S": old_status}}
    return {"eventName": event, "dynamodb": change}


def test_a_new_execution_is_a_change_from_nothing() -> None:
    change = status_change(record("INSERT", "INITIALIZING"))
    assert change is not None
    assert change[0] is None


def test_a_status_that_changed_is_published_with_the_one_before() -> None:
    change = status_change(record("MODIFY", "RUNNING", "INITIALIZING"))
    assert change is not None
    assert change[0] == "INITIALIZING"


def test_a_write_that_kept_the_status_is_not_published() -> None:
    assert status_change(record("MODIFY", "RUNNING", "RUNNING")) is None


def test_other_items_and_removals_are_not_published() -> None:
    assert status_change(record("MODIFY", "RUNNING", "INITIALIZING", entity="job")) is None
    assert status_change(record("REMOVE", None, "RUNNING")) is None


def test_the_filter_lets_through_execution_inserts_and_changes_only() -> None:
    assert matches(EXECUTION_CHANGES, record("INSERT", "INITIALIZING"))
    assert matches(EXECUTION_CHANGES, record("MODIFY", "RUNNING", "INITIALIZING"))
    assert not matches(EXECUTION_CHANGES, record("REMOVE", None, "RUNNING"))
    assert not matches(EXECUTION_CHANGES, record("INSERT", "x", entity="event"))


def test_the_local_stream_reader_splits_records_into_invocations_lambda_can_take() -> None:
    from playrunner.local.streams import MAX_PAYLOAD_BYTES, _batches

    # Given records of about 400 KB each, more than one invocation may carry
    big = [{"dynamodb": {"SequenceNumber": str(n), "NewImage": {"body": {"S": "x" * 400_000}}}} for n in range(40)]

    batches = _batches(big)

    # Then each batch fits, and together they hold every record in order
    assert len(batches) > 1
    assert all(len(json.dumps({"Records": batch})) <= MAX_PAYLOAD_BYTES + 1024 for batch in batches)
    assert [r["dynamodb"]["SequenceNumber"] for batch in batches for r in batch] == [str(n) for n in range(40)]
