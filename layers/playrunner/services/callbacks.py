"""Callback deliveries: sign each body, send it, log the attempt, and decide what comes next.

One notice is sent URL by URL in parallel and, for each URL, body by body in order. A failed
attempt goes back on the retry queue for later; it never holds up the bodies behind it.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playrunner.callbacks.notices import NOTICE, EventsNotice, RetryNotice, StatusNotice, deliveries
from playrunner.callbacks.policy import Outcome, outcome, retry_delay
from playrunner.callbacks.queue import CallbackQueue
from playrunner.callbacks.sender import Answer, post
from playrunner.callbacks.signing import SIGNING_SECRET_FIELD, signed_headers
from playrunner.errors import NotFound
from playrunner.models.delivery import DeliveryAttempt, DeliveryBody
from playrunner.observability import logger
from playrunner.secrets.envelope import SecretBox
from playrunner.services.clock import now_ms
from playrunner.services.secret_contexts import signing_context
from playrunner.settings import CallbackSettings
from playrunner.store.deliveries import DeliveryStore
from playrunner.store.jobs import JobStore

Sender = Callable[..., Answer]


@dataclass
class _JobCallbacks:
    """What a delivery needs of its job now: the signing secret, and which URLs are disabled."""

    secret: str | None
    disabled: set[str]


class CallbackDeliverer:
    def __init__(
        self,
        jobs: JobStore,
        log: DeliveryStore,
        secret_box: SecretBox,
        queue: CallbackQueue,
        settings: CallbackSettings,
        send: Sender = post,
    ) -> None:
        self._jobs = jobs
        self._log = log
        self._secret_box = secret_box
        self._queue = queue
        self._settings = settings
        self._send = send
        self._opened: dict[str, str] = {}  # sealed secret -> secret: KMS is asked once per secret
        self._lock = threading.Lock()

    def handle(self, message: dict[str, Any]) -> None:
        notice = NOTICE.validate_python(message)
        if isinstance(notice, RetryNotice):
            self._retry(notice)
        else:
            self._deliver(notice)

    def _deliver(self, notice: StatusNotice | EventsNotice) -> None:
        planned = deliveries(notice)
        if not planned:
            return
        try:
            job = self._job_callbacks(notice.account_alias, notice.job_id)
        except NotFound:
            return  # the job is gone, and its callbacks with it
        with ThreadPoolExecutor(max_workers=min(8, len(planned))) as pool:
            sent = [pool.submit(self._send_in_order, job, url, bodies) for url, bodies in planned.items()]
        for result in sent:
            result.result()  # a failure to log or to queue a retry is raised: SQS sends the notice again

    def _send_in_order(self, job: _JobCallbacks, url: str, bodies: list[DeliveryBody]) -> None:
        for index, body in enumerate(bodies):
            if url in job.disabled:
                return
            result, wait = self._attempt(job, url, body, attempt=1)
            if result == "disabled":
                job.disabled.add(url)
            elif result == "retrying" and wait is not None:
                # The receiver is failing: the bodies behind this one wait with it, in order, rather
                # than each waiting out a timeout now.
                due = now_ms() + int(wait * 1000)
                for offset, later in enumerate(bodies[index + 1 :], start=1):
                    self._queue.retry(RetryNotice(url=url, body=later, attempt=1, due=due + offset), wait)
                return

    def _retry(self, notice: RetryNotice) -> None:
        wait = (notice.due - now_ms()) / 1000
        if wait > 1:
            self._queue.retry(notice, wait)  # not due yet: SQS cannot hold it that long in one go
            return
        try:
            job = self._job_callbacks(notice.body.account_alias, notice.body.job_id)
        except NotFound:
            return
        if notice.url not in job.disabled:
            self._attempt(job, notice.url, notice.body, notice.attempt)

    def _attempt(self, job: _JobCallbacks, url: str, body: DeliveryBody, attempt: int) -> tuple[Outcome, float | None]:
        """Send BODY once, log the attempt, and queue the next one if there is to be one (and its wait)."""
        payload = body.model_dump_json()
        started = now_ms()
        headers = signed_headers(body.id, payload, job.secret, datetime.fromtimestamp(started / 1000, UTC))
        answer = self._send(
            url,
            payload.encode(),
            headers,
            timeout=self._settings.callback_timeout_seconds,
            allow_loopback=self._settings.callbacks_allow_loopback,
            refused_ports=self._settings.callbacks_stack_ports,
        )
        result = outcome(answer)
        wait = None
        if result == "retrying":
            wait = retry_delay(attempt, self._settings.retry_delays, answer)
            if wait is None:
                result = "failed"  # the schedule is spent
            else:
                due = now_ms() + int(wait * 1000)
                self._queue.retry(RetryNotice(url=url, body=body, attempt=attempt + 1, due=due), wait)
        elif result == "disabled":
            self._jobs.disable_callback(body.account_alias, body.job_id, url)
            logger.warning("a callback URL answered 410 Gone: disabled", extra={"job_id": body.job_id})
        self._log.record(
            body.account_alias,
            body.execution_id,
            DeliveryAttempt(
                delivery_id=body.id,
                url=url,
                type=body.type,
                attempt=attempt,
                time=started,
                status_code=answer.status_code,
                latency_ms=answer.latency_ms,
                error=answer.error,
                outcome=result,
            ),
        )
        return result, wait

    def _job_callbacks(self, account_alias: str, job_id: str) -> _JobCallbacks:
        record = self._jobs.get(account_alias, job_id)
        secret = None
        if record.sealed_signing_secret:
            secret = self._open(record.sealed_signing_secret, account_alias, job_id)
        return _JobCallbacks(secret, set(record.job.details.disabled_callbacks))

    def _open(self, sealed: str, account_alias: str, job_id: str) -> str:
        with self._lock:
            if sealed not in self._opened:
                opened = self._secret_box.open(sealed, signing_context(account_alias, job_id))
                self._opened[sealed] = opened[SIGNING_SECRET_FIELD]
            return self._opened[sealed]
