"""What each callback level is sent, when a delivery is retried, and how it is signed."""

import random
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from playrunner.callbacks.notices import deliveries, events_notices, status_notice
from playrunner.callbacks.policy import outcome, retry_delay
from playrunner.callbacks.sender import Answer, retry_after_seconds
from playrunner.callbacks.signing import new_signing_secret, signed_headers
from playrunner.models.delivery import DeliveryBody
from playrunner.models.execution import Execution, ExecutionEvent
from playrunner.models.job import Callback

CALLBACKS = [
    Callback.model_validate({"url": "https://hooks.example.com/debug", "level": "DEBUG"}),
    Callback.model_validate({"url": "https://hooks.example.com/error", "level": "ERROR"}),
    Callback.model_validate({"url": "https://hooks.example.com/result", "level": "RESULT"}),
]


def an_execution(status: str = "RUNNING") -> Execution:
    return Execution.model_validate(
        {
            "execution_id": "e1",
            "job_id": "j1",
            "account_alias": "DEMO",
            "status": status,
            "failed_hosts": ["web2"] if status == "FAILURE" else [],
            "created_time": 1,
            "last_updated_time": 2,
        }
    )


def an_event(seq: int, host: str | None, status: str | None, event: str = "runner_on_ok") -> ExecutionEvent:
    return ExecutionEvent.model_validate({"seq": seq, "time": seq, "event": event, "host": host, "status": status})


def types_by_url(planned: dict[str, list[DeliveryBody]]) -> dict[str, list[str]]:
    return {url.rsplit("/", 1)[1]: [body.type for body in bodies] for url, bodies in planned.items()}


def test_a_status_change_goes_to_debug_and_the_final_one_brings_the_result_to_every_level() -> None:
    running = status_notice("INITIALIZING", an_execution("RUNNING"), CALLBACKS)
    assert running is not None
    assert types_by_url(deliveries(running)) == {"debug": ["execution.status"]}

    failed = status_notice("RUNNING", an_execution("FAILURE"), CALLBACKS)
    assert failed is not None
    assert types_by_url(deliveries(failed)) == {
        "debug": ["execution.status", "execution.result"],
        "error": ["execution.result"],
        "result": ["execution.result"],
    }
    (result,) = deliveries(failed)["https://hooks.example.com/result"]
    assert result.data["failed_hosts"] == ["web2"]


def test_host_results_go_to_debug_and_failures_to_error_too() -> None:
    events = [
        an_event(1, None, None, "playbook_on_task_start"),
        an_event(2, "web1", "ok"),
        an_event(3, "web2", "failed", "runner_on_failed"),
        an_event(4, "web3", "unreachable", "runner_on_unreachable"),
    ]
    (notice,) = events_notices(an_execution(), CALLBACKS, events)
    assert types_by_url(deliveries(notice)) == {
        "debug": ["host.result", "host.failure", "host.failure"],
        "error": ["host.failure", "host.failure"],
    }


def test_nothing_is_queued_for_what_no_callback_wants() -> None:
    result_only = CALLBACKS[2:]
    assert status_notice("PENDING", an_execution("RUNNING"), result_only) is None
    assert events_notices(an_execution(), result_only, [an_event(1, "web1", "failed")]) == []
    assert status_notice(None, an_execution("SUCCESS"), []) is None


def test_a_notice_makes_the_same_delivery_ids_each_time() -> None:
    notice = status_notice("RUNNING", an_execution("FAILURE"), CALLBACKS)
    assert notice is not None
    first = [body.id for body in deliveries(notice)["https://hooks.example.com/debug"]]
    again = [body.id for body in deliveries(notice)["https://hooks.example.com/debug"]]
    assert first == again
    assert len(set(first)) == 2


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Answer(200, 5), "delivered"),
        (Answer(204, 5), "delivered"),
        (Answer(410, 5), "disabled"),
        (Answer(500, 5), "retrying"),
        (Answer(503, 5), "retrying"),
        (Answer(429, 5), "retrying"),
        (Answer(None, 15000, "ReadTimeoutError"), "retrying"),
        (Answer(400, 5), "failed"),
        (Answer(404, 5), "failed"),
        (Answer(301, 5), "failed"),
        (Answer(None, 1, "unsafe URL", unsafe=True), "failed"),
    ],
)
def test_what_an_answer_means(answer: Answer, expected: str) -> None:
    assert outcome(answer) == expected


def test_retries_follow_the_schedule_with_jitter_and_honour_retry_after() -> None:
    schedule = [5, 300]
    rng = random.Random(7)
    first = retry_delay(1, schedule, Answer(500, 1), rng)
    assert first is not None
    assert 4 <= first <= 6
    second = retry_delay(2, schedule, Answer(500, 1), rng)
    assert second is not None
    assert 240 <= second <= 360
    assert retry_delay(3, schedule, Answer(500, 1), rng) is None  # spent
    assert retry_delay(1, schedule, Answer(429, 1, retry_after=120), rng) == 120


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("30") == 30
    now = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    assert retry_after_seconds("Thu, 01 Jan 2026 00:01:00 GMT", now=now) == 60
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_a_signature_verifies_with_the_secret_and_not_with_another() -> None:
    secret = new_signing_secret()
    payload = '{"id":"msg_1"}'
    headers = signed_headers("msg_1", payload, secret)
    assert Webhook(secret).verify(payload, headers) == {"id": "msg_1"}
    with pytest.raises(Exception, match="signature"):
        Webhook(new_signing_secret()).verify(payload, headers)
    assert "webhook-signature" not in signed_headers("msg_1", payload, None)
