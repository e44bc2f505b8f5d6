"""Publish each status change of an execution from the table's change stream: the status
event on the bus, and the callback notice to the queue.

The writer of a status publishes nothing: the stream gives every write, at least once, to this
publisher, so a status that was written is published even if its writer died right after.
Receivers already tell a repeat by its delivery id; a repeated notice is one FIFO message.
"""

from collections.abc import Callable
from typing import Any

from playrunner.callbacks.queue import CallbackQueue
from playrunner.models.execution import FINAL_STATUSES
from playrunner.orchestration.status_events import StatusEvents
from playrunner.store.dynamodb import Item
from playrunner.store.executions import ExecutionRecord, from_item

# Only these changes reach the publisher: in AWS the event source mapping's filter, on the
# local stack its stream reader's (local/streams.py), both from this one pattern.
EXECUTION_CHANGES: dict[str, Any] = {
    "eventName": ["INSERT", "MODIFY"],
    "dynamodb": {"NewImage": {"entity": {"S": ["execution"]}}},
}


def status_change(record: dict[str, Any]) -> tuple[str | None, Item] | None:
    """(the status before, the item now) when the stream RECORD changed an execution's status."""
    change = record.get("dynamodb", {})
    new: Item | None = change.get("NewImage")
    if new is None or new.get("entity", {}).get("S") != "execution":
        return None
    old: Item = change.get("OldImage") or {}
    previous = old.get("status", {}).get("S")
    if previous == new["status"]["S"]:
        return None
    return previous, new


# The ended execution with its hosts' results (services/host_results.py), which its item lacks.
WithHostResults = Callable[[ExecutionRecord], ExecutionRecord]


class NoticePublisher:
    def __init__(self, events: StatusEvents, callbacks: CallbackQueue, with_host_results: WithHostResults) -> None:
        self._events = events
        self._callbacks = callbacks
        self._with_host_results = with_host_results

    def publish(self, record: dict[str, Any]) -> None:
        """Publish the stream RECORD's status change, if it is one; raise when it cannot be."""
        change = status_change(record)
        if change is None:
            return
        previous, item = change
        execution = from_item(item)
        if execution.execution.status in FINAL_STATUSES:  # the result names its hosts
            execution = self._with_host_results(execution)
        self._events.changed(previous, execution)
        self._callbacks.status_changed(previous, execution)
