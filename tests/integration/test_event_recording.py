"""Recording a run's events: every one, in order, numbered without a gap — loops item by item,
thousands of events, and DynamoDB throttling the batch writes on the way."""

import base64
from pathlib import Path
from typing import Any

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from playrunner.local.provision import LocalResources
from playrunner.runner.recorder import EventRecorder
from tests.integration.engine import Engine

LOCAL = {"ansible_connection": "local"}


def playbook(tasks: str) -> str:
    return base64.b64encode(f"- hosts: all\n  gather_facts: false\n  tasks:\n{tasks}".encode()).decode()


@pytest.fixture
def engine(aws: LocalResources, tmp_path: Path) -> Engine:
    return Engine(aws, tmp_path / "work")


def events_of(engine: Engine, execution_id: str) -> list[Any]:
    return engine.events.all("DEMO", execution_id)


def test_a_loop_records_one_event_per_item_in_order(engine: Engine) -> None:
    # Given a task looping over five items, the fourth of which fails (and is ignored)
    tasks = (
        "    - name: each item\n"
        "      command: test {{ item }} != d\n"
        "      loop: [a, b, c, d, e]\n"
        "      ignore_errors: true\n"
    )
    job = engine.create_job({"playbook": playbook(tasks), "hosts": [{"id": "web1", "hostVars": LOCAL}]})

    # When it runs
    execution = engine.run(engine.start(job))

    # Then each item has its own event, in the loop's order, with its result
    items = [e for e in events_of(engine, execution.execution_id) if e.event.startswith("runner_item_on_")]
    assert [(e.event, e.status) for e in items] == [
        ("runner_item_on_ok", "changed"),
        ("runner_item_on_ok", "changed"),
        ("runner_item_on_ok", "changed"),
        ("runner_item_on_failed", "failed"),
        ("runner_item_on_ok", "changed"),
    ]
    assert all(e.task == "each item" and e.host == "web1" for e in items)
    # And the items do not count twice in the host's results: the task ran once
    assert execution.host_summaries["web1"].model_dump() == {
        "ok": 1, "changed": 1, "failures": 0, "skipped": 0, "unreachable": 0,
    }  # fmt: skip


def test_the_event_stream_leaves_out_what_no_one_keeps_and_the_output_is_whole(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the stream as the runner reads it from the playbook's worker
    seen: list[str] = []
    handle = EventRecorder.handle

    def watched(self: EventRecorder, raw: dict[str, Any]) -> None:
        seen.append(str(raw.get("event")))
        handle(self, raw)

    monkeypatch.setattr(EventRecorder, "handle", watched)
    tasks = "    - name: say hello\n      debug:\n        msg: hello\n"
    job = engine.create_job({"playbook": playbook(tasks), "hosts": [{"id": "web1", "hostVars": LOCAL}]})

    # When a task runs on a host
    execution = engine.run(engine.start(job))

    # Then its result is an event, but a host's start of the task is not (runner/ansible_callbacks)
    assert execution.status == "SUCCESS"
    assert "runner_on_ok" in seen
    assert "runner_on_start" not in seen
    # And the output is Ansible's, whole
    output = engine.stdout_of(execution.execution_id)
    assert "TASK [say hello]" in output
    assert '"msg": "hello"' in output
    assert "PLAY RECAP" in output


THROTTLE = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "Rate of requests exceeds"}}


@pytest.fixture
def throttled_event_writes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """DynamoDB throttling the event writes: every fifth batch refused outright, every fifth
    (two later) taken only in part (the rest left unprocessed), as a busy table does."""
    original = BaseClient._make_api_call
    seen = {"batches": 0, "refused": 0, "partial": 0}

    def call(self: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation == "BatchWriteItem":
            (table, requests), *_ = params["RequestItems"].items()
            if "#EVENTS" in requests[0]["PutRequest"]["Item"]["pk"]["S"]:
                seen["batches"] += 1
                if seen["batches"] % 5 == 1:
                    seen["refused"] += 1
                    raise ClientError(THROTTLE, operation)
                if seen["batches"] % 5 == 3 and len(requests) > 1:
                    seen["partial"] += 1
                    half = len(requests) // 2
                    original(self, operation, {"RequestItems": {table: requests[:half]}})
                    return {"UnprocessedItems": {table: requests[half:]}}
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    return seen


def test_five_thousand_events_are_all_recorded_gapless_through_throttling(
    engine: Engine, throttled_event_writes: dict[str, int]
) -> None:
    # Given a run of some 5,000 events (a loop over 4,995 items, on one host)
    tasks = "    - name: many\n      debug:\n        msg: '{{ item }}'\n      loop: '{{ range(4995) | list }}'\n"
    job = engine.create_job({"playbook": playbook(tasks), "hosts": [{"id": "web1", "hostVars": LOCAL}]})

    # When it runs while DynamoDB throttles the event writes
    execution = engine.run(engine.start(job))

    # Then every event is recorded, numbered 1, 2, 3... without a gap or a repeat, items in order
    assert execution.status == "SUCCESS"
    events = events_of(engine, execution.execution_id)
    assert len(events) == 5000  # the start, play, task, 4,995 items, the task's result, the recap
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    items = [e.summary for e in events if e.event == "runner_item_on_ok"]
    assert items == [str(n) for n in range(4995)]
    # And the throttling did happen, both ways
    assert throttled_event_writes["refused"] >= 1
    assert throttled_event_writes["partial"] >= 1
