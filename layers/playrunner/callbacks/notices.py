"""What happened to an execution, as the callback queue carries it, and the deliveries it makes.

A notice carries everything its deliveries need (the callbacks the execution started with, the
status or the events) so the function that sends them reads nothing but the job's signing
secret. Which callback gets what, by its level:

- DEBUG: every status change, every host's task result (failures as `host.failure`), the result;
- ERROR: host failures (failed or unreachable) and the result;
- RESULT: only the result (the final status, failed hosts, host summaries and timers).
"""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from playrunner.models.base import DEFERRED, Model
from playrunner.models.delivery import DeliveryBody, DeliveryType
from playrunner.models.execution import FINAL_STATUSES, Execution, ExecutionEvent
from playrunner.models.job import Callback

# Events per notice: an SQS message holds 256 KB, an event at most ~1 KB.
EVENTS_PER_NOTICE = 100
_IDS = uuid.UUID("6f1e5f0c-8a43-4d43-9d4e-3f1f7c2b9a10")
_LEVELS: dict[DeliveryType, frozenset[str]] = {
    "execution.status": frozenset({"DEBUG"}),
    "host.result": frozenset({"DEBUG"}),
    "host.failure": frozenset({"DEBUG", "ERROR"}),
    "execution.result": frozenset({"DEBUG", "ERROR", "RESULT"}),
}
_FAILED = frozenset({"failed", "unreachable"})


class _Notice(Model):
    account_alias: str
    execution_id: str
    job_id: str
    callbacks: list[Callback]


class StatusNotice(_Notice):
    kind: Literal["status"] = "status"
    time: int
    status: str
    previous_status: str | None = None
    status_reason: str | None = None
    result: dict[str, Any] | None = None  # the summary, once the status is final


class EventsNotice(_Notice):
    kind: Literal["events"] = "events"
    events: list[ExecutionEvent]


class RetryNotice(Model):
    """A delivery that failed and is due again."""

    kind: Literal["retry"] = "retry"
    url: str
    body: DeliveryBody
    attempt: int  # the attempt this one will be
    due: int  # epoch ms


Notice = Annotated[StatusNotice | EventsNotice | RetryNotice, Field(discriminator="kind")]
NOTICE: TypeAdapter[StatusNotice | EventsNotice | RetryNotice] = TypeAdapter(Notice, config=DEFERRED)


def wants(level: str, delivery_type: DeliveryType) -> bool:
    return level in _LEVELS[delivery_type]


def _listening(callbacks: list[Callback], *types: DeliveryType) -> bool:
    return any(wants(callback.level, kind) for callback in callbacks for kind in types)


# What a final notice's result holds (its hosts only while they are few: composition/notices.py).
RESULT_FIELDS = {
    "status", "status_reason", "failed_hosts", "host_summaries", "timers", "hosts",
    "host_count", "host_counts", "hosts_truncated",
}  # fmt: skip


def status_notice(previous: str | None, execution: Execution, callbacks: list[Callback]) -> StatusNotice | None:
    """The notice of a status change, or None when no callback would be sent anything."""
    final = execution.status in FINAL_STATUSES
    if not _listening(callbacks, "execution.status") and not (final and callbacks):
        return None
    result = None
    if final:
        result = execution.model_dump(
            mode="json",
            include=RESULT_FIELDS,
        )
    return StatusNotice(
        account_alias=execution.account_alias,
        execution_id=execution.execution_id,
        job_id=execution.job_id,
        callbacks=callbacks,
        time=execution.last_updated_time,
        status=execution.status,
        previous_status=previous,
        status_reason=execution.status_reason,
        result=result,
    )


def _delivery_type(event: ExecutionEvent) -> DeliveryType | None:
    if event.host is None or event.status is None:
        return None  # a play or task starting, the stats: not a host's result
    return "host.failure" if event.status in _FAILED else "host.result"


def events_notices(execution: Execution, callbacks: list[Callback], events: list[ExecutionEvent]) -> list[EventsNotice]:
    """The notices of newly recorded events: only the events some callback wants, a hundred a notice."""
    wanted = [event for event in events if (kind := _delivery_type(event)) is not None and _listening(callbacks, kind)]
    return [
        EventsNotice(
            account_alias=execution.account_alias,
            execution_id=execution.execution_id,
            job_id=execution.job_id,
            callbacks=callbacks,
            events=wanted[start : start + EVENTS_PER_NOTICE],
        )
        for start in range(0, len(wanted), EVENTS_PER_NOTICE)
    ]


def _iso(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _body(notice: _Notice, delivery_type: DeliveryType, key: str, time: int, data: dict[str, Any]) -> DeliveryBody:
    # The same notice always makes the same id: a receiver can drop what a redelivery repeats.
    delivery_id = "msg_" + uuid.uuid5(_IDS, f"{notice.execution_id}/{delivery_type}/{key}").hex
    return DeliveryBody(
        id=delivery_id,
        type=delivery_type,
        timestamp=_iso(time),
        execution_id=notice.execution_id,
        job_id=notice.job_id,
        account_alias=notice.account_alias,
        data=data,
    )


def _bodies(notice: StatusNotice | EventsNotice) -> list[DeliveryBody]:
    if isinstance(notice, EventsNotice):
        bodies = []
        for event in notice.events:
            kind = _delivery_type(event)
            if kind is not None:
                data = event.model_dump(mode="json", exclude_none=True)
                bodies.append(_body(notice, kind, f"{event.seq}", event.time, data))
        return bodies
    key = f"{notice.status}/{notice.time}"
    change = {"status": notice.status, "previous_status": notice.previous_status, "status_reason": notice.status_reason}
    bodies = [_body(notice, "execution.status", key, notice.time, change)]
    if notice.result is not None:
        bodies.append(_body(notice, "execution.result", key, notice.time, notice.result))
    return bodies


def deliveries(notice: StatusNotice | EventsNotice) -> dict[str, list[DeliveryBody]]:
    """What each callback URL is to be sent for NOTICE, in order."""
    bodies = _bodies(notice)
    planned: dict[str, list[DeliveryBody]] = {}
    for callback in notice.callbacks:
        chosen = planned.setdefault(callback.url, [])  # a URL listed twice gets each body once
        for body in bodies:
            if wants(callback.level, body.type) and body not in chosen:
                chosen.append(body)
    return {url: chosen for url, chosen in planned.items() if chosen}
