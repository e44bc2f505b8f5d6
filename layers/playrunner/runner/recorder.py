"""ansible-runner's event stream, turned into execution events and written to the store in
batches, in order, as the run goes."""

import json
import threading
from collections.abc import Callable
from typing import Any

from playrunner.models.execution import EventStatus, ExecutionEvent
from playrunner.services.clock import now_ms
from playrunner.services.summary import STATS_EVENT, stats_summary
from playrunner.store.events import EventStore

SUMMARY_CHARS = 500

_HOST_RESULTS: dict[str, EventStatus] = {
    "runner_on_ok": "ok",
    "runner_on_failed": "failed",
    "runner_on_skipped": "skipped",
    "runner_on_unreachable": "unreachable",
    # A loop's items, one event each (the task's own result follows them).
    "runner_item_on_ok": "ok",
    "runner_item_on_failed": "failed",
    "runner_item_on_skipped": "skipped",
}
_RECORDED = {*_HOST_RESULTS, "playbook_on_start", "playbook_on_play_start", "playbook_on_task_start",
             "playbook_on_no_hosts_matched", STATS_EVENT}  # fmt: skip


def _result_summary(result: dict[str, Any]) -> str | None:
    # Module arguments (invocation) are never kept: they may carry what the playbook was given.
    for field in ("msg", "stderr", "reason"):
        value = result.get(field)
        if value is not None and value != "":  # a message of 0 or False is still one
            return str(value)[-SUMMARY_CHARS:]
    return None


def _status(name: str, data: dict[str, Any]) -> EventStatus | None:
    status = _HOST_RESULTS.get(name)
    if status == "ok" and data.get("res", {}).get("changed"):
        return "changed"
    if status == "failed" and data.get("ignore_errors"):
        return "ignored"
    return status


def to_event(raw: dict[str, Any], seq: int, run: int = 1, slice_index: int = 0) -> ExecutionEvent | None:
    name = raw.get("event")
    if name not in _RECORDED:
        return None
    data = raw.get("event_data") or {}
    if name == STATS_EVENT:
        summary: str | None = json.dumps(stats_summary(data))
    else:
        summary = _result_summary(data.get("res") or {}) if name in _HOST_RESULTS else None
    return ExecutionEvent(
        seq=seq,
        run=run,
        slice=slice_index,
        time=now_ms(),
        event=str(name),
        host=data.get("host"),
        play=data.get("play"),
        task=data.get("task"),
        status=_status(str(name), data),
        summary=summary,
    )


class EventRecorder:
    """Events are numbered when a batch is written (EventStore.reserve): the slices of a run
    share one sequence. A batch that could not be written keeps its numbers and goes first
    at the next flush."""

    def __init__(
        self,
        account_alias: str,
        execution_id: str,
        store: EventStore,
        run: int = 1,
        slice_index: int = 0,
        on_event: Callable[[str], None] | None = None,
        on_flush: Callable[[list[ExecutionEvent]], None] | None = None,
    ) -> None:
        self._account_alias = account_alias
        self._execution_id = execution_id
        self._store = store
        self._run = run
        self._slice = slice_index
        self._on_event = on_event
        self._on_flush = on_flush  # told of each batch once it is stored
        self._pending: list[ExecutionEvent] = []  # not numbered yet
        self._unwritten: list[ExecutionEvent] = []  # numbered, their write failed
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.recorded: list[ExecutionEvent] = []
        self.artifacts: dict[str, Any] = {}

    def handle(self, raw: dict[str, Any]) -> None:
        """Keep one event of ansible-runner's stream."""
        if raw.get("event") == "playbook_on_stats":
            # What the play's set_stats tasks left, aggregated: a workflow hands it to the next tasks.
            self.artifacts = dict(raw.get("event_data", {}).get("artifact_data") or {})
        with self._lock:
            event = to_event(raw, 0, self._run, self._slice)
            if event is not None:
                self._pending.append(event)
                self.recorded.append(event)
        if event is not None and self._on_event is not None:
            self._on_event(event.event)

    def flush(self) -> None:
        with self._write_lock:  # batches reach the store in the order they were taken
            with self._lock:
                fresh, self._pending = self._pending, []
            if fresh:
                try:
                    first = self._store.reserve(self._account_alias, self._execution_id, len(fresh))
                except Exception:
                    with self._lock:  # numbered at the next flush, still ahead of what came since
                        self._pending = fresh + self._pending
                    raise
                for offset, event in enumerate(fresh):
                    event.seq = first + offset
            batch, self._unwritten = self._unwritten + fresh, []
            if batch:
                try:
                    self._store.append(self._account_alias, self._execution_id, batch)
                except Exception:
                    self._unwritten = batch  # written first at the next flush, with their numbers
                    raise
                if self._on_flush is not None:
                    self._on_flush(batch)
