"""The callback queues: notices in order (FIFO, one group per execution), retries delayed.

A status notice is queued by the notice publisher, which the table's change stream feeds: a send
that fails is raised, and the stream gives the change again. Events notices, sent by the runner
as it records events, are best effort: one that cannot be queued is logged, never raised into
the run.
"""

import hashlib
import math
from typing import Any

from playrunner.aws import AwsClient
from playrunner.callbacks.notices import EventsNotice, RetryNotice, StatusNotice, events_notices, status_notice
from playrunner.models.execution import Execution, ExecutionEvent
from playrunner.models.job import Callback
from playrunner.observability import logger
from playrunner.store.executions import ExecutionRecord

MAX_SQS_DELAY_SECONDS = 900


class CallbackQueue(AwsClient):
    service = "sqs"

    def __init__(self, queue_url: str, retry_queue_url: str = "", client: Any = None) -> None:
        super().__init__(client)
        self._queue_url = queue_url
        self._retry_queue_url = retry_queue_url

    def status_changed(self, previous: str | None, record: ExecutionRecord) -> None:
        notice = status_notice(previous, record.execution, record.callbacks)
        if notice is not None:
            self._send(notice)

    def events_recorded(self, execution: Execution, callbacks: list[Callback], events: list[ExecutionEvent]) -> None:
        for notice in events_notices(execution, callbacks, events):
            try:
                self._send(notice)
            except Exception:
                logger.exception("could not queue a callback notice", extra={"execution_id": notice.execution_id})

    def _send(self, notice: StatusNotice | EventsNotice) -> None:
        if not self._queue_url:
            return
        body = notice.model_dump_json()
        # The same notice given twice (the stream gives at least once) is one message.
        self.client.send_message(
            QueueUrl=self._queue_url,
            MessageBody=body,
            MessageGroupId=notice.execution_id,
            MessageDeduplicationId=hashlib.sha256(body.encode()).hexdigest(),
        )

    def retry(self, notice: RetryNotice, delay_seconds: float) -> None:
        """Queue NOTICE to come back after DELAY_SECONDS (SQS holds a message 15 minutes at most:
        a longer wait comes back early and is put off again until it is due)."""
        self.client.send_message(
            QueueUrl=self._retry_queue_url,
            MessageBody=notice.model_dump_json(),
            DelaySeconds=min(MAX_SQS_DELAY_SECONDS, max(0, math.ceil(delay_seconds))),
        )
