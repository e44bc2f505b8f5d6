"""Callbacks on a real run: what each level receives, signatures, retries, 410 and a dead receiver."""

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from playrunner.naming import ENV_CALLBACK_RETRY_SCHEDULE, ENV_CALLBACK_TIMEOUT_SECONDS
from tests.e2e.stack import RunningStack, start_stack
from tests.receiver import Receiver, running_receiver

LOCAL = {"ansible_connection": "local"}
ONE_HOST_FAILS = base64.b64encode(
    b"""- hosts: all
  gather_facts: false
  tasks:
    - ping:
    - fail:
        msg: web2 is broken
      when: inventory_hostname == 'web2'
"""
).decode()
FINAL = {"SUCCESS", "FAILURE", "STOPPED", "KILLED"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    root = tmp_path_factory.mktemp("callbacks")
    # Seconds-long retries and a short attempt timeout, so the test sees them happen.
    settings = {ENV_CALLBACK_RETRY_SCHEDULE: "1,1,1", ENV_CALLBACK_TIMEOUT_SECONDS: "3"}
    running = start_stack(root / "data", root / "serve.log", settings=settings)
    yield running
    running.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def run_job(stack: RunningStack, token: str, callbacks: list[dict[str, str]]) -> tuple[dict[str, Any], str]:
    document = {
        "playbook": ONE_HOST_FAILS,
        "hosts": [{"id": "web1", "hostVars": LOCAL}, {"id": "web2", "hostVars": LOCAL}],
        "callbacks": callbacks,
    }
    created = stack.call("POST", "/jobs/DEMO", token, json=document)
    assert created.status_code == 201, created.text
    job = created.json()
    execution_id = stack.call("POST", f"/jobs/DEMO/{job['id']}/start", token, json={}).json()["execution_id"]
    return job, execution_id


def bodies(received: list[Any]) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in received]


def test_each_level_receives_its_deliveries_signed_in_order(
    stack: RunningStack, token: str, receiver: Receiver
) -> None:
    # Given a job with a callback at each level, and a run in which web2 fails
    callbacks = [
        {"url": f"{receiver.url}/debug", "level": "DEBUG"},
        {"url": f"{receiver.url}/error", "level": "ERROR"},
        {"url": f"{receiver.url}/result", "level": "RESULT"},
    ]
    job, execution_id = run_job(stack, token, callbacks)
    secret = job["callbackSecret"]
    assert secret.startswith("whsec_")
    assert "callbackSecret" not in stack.call("GET", f"/jobs/DEMO/{job['id']}", token).json()
    final = stack.wait_for_status(token, job["id"], execution_id, FINAL)
    assert final["status"] == "FAILURE"

    # Then RESULT gets only the result
    (result,) = bodies(receiver.wait_for("/result", 1))
    assert result["type"] == "execution.result"
    assert result["data"]["status"] == "FAILURE"
    assert result["data"]["failed_hosts"] == ["web2"]
    assert result["data"]["host_summaries"]["web1"]["ok"] == 1
    assert (result["execution_id"], result["job_id"], result["account_alias"]) == (execution_id, job["id"], "DEMO")

    # And ERROR gets web2's failure, then the result
    error = bodies(receiver.wait_for("/error", 2))
    assert [b["type"] for b in error] == ["host.failure", "execution.result"]
    assert error[0]["data"]["host"] == "web2"
    assert error[0]["data"]["status"] == "failed"

    # And DEBUG gets every status change, every host result, the failure and the result, in order
    debug = bodies(receiver.wait_for("/debug", 9))
    time.sleep(1)
    debug = bodies(receiver.at("/debug"))
    statuses = [b["data"]["status"] for b in debug if b["type"] == "execution.status"]
    assert statuses == ["PENDING", "INITIALIZING", "RUNNING", "FAILURE"]
    host_events = [(b["data"]["host"], b["data"]["status"]) for b in debug if b["type"].startswith("host.")]
    assert sorted(host_events) == [("web1", "ok"), ("web1", "skipped"), ("web2", "failed"), ("web2", "ok")]
    types = [b["type"] for b in debug]
    assert types[:3] == ["execution.status"] * 3
    assert types[-2:] == ["execution.status", "execution.result"]
    assert types.count("host.failure") == 1

    # And every delivery is signed with the job's secret, over its id, timestamp and body
    webhook = Webhook(secret)
    for received in receiver.received:
        assert webhook.verify(received.body, received.headers)["id"] == received.headers["webhook-id"]

    # And the delivery log shows each one, delivered on the first attempt
    log = stack.call("GET", f"/jobs/DEMO/{job['id']}/executions/{execution_id}/deliveries", token)
    assert log.status_code == 200, log.text
    attempts = log.json()["deliveries"]
    assert len(attempts) == len(receiver.received)
    assert {(a["outcome"], a["status_code"], a["attempt"]) for a in attempts} == {("delivered", 200, 1)}

    # And the signing secret is nowhere in the table or the logs
    assert secret not in json.dumps(stack.table_items())
    assert secret not in stack.log()


def test_a_failing_receiver_gets_the_delivery_on_the_third_attempt(
    stack: RunningStack, token: str, receiver: Receiver
) -> None:
    # Given a receiver that answers 500 twice, then 200
    receiver.answers["/flaky"] = [500, 500]
    job, execution_id = run_job(stack, token, [{"url": f"{receiver.url}/flaky", "level": "RESULT"}])
    stack.wait_for_status(token, job["id"], execution_id, FINAL)

    # Then it gets the result three times, the same delivery id each time
    received = receiver.wait_for("/flaky", 3)
    assert len({r.headers["webhook-id"] for r in received}) == 1

    # And the delivery log shows all three attempts
    def logged() -> list[dict[str, Any]]:
        path = f"/jobs/DEMO/{job['id']}/executions/{execution_id}/deliveries"
        return list(stack.call("GET", path, token).json()["deliveries"])

    deadline = time.monotonic() + 10
    while len(logged()) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    attempts = logged()
    assert [(a["attempt"], a["status_code"], a["outcome"]) for a in attempts] == [
        (1, 500, "retrying"),
        (2, 500, "retrying"),
        (3, 200, "delivered"),
    ]
    assert all(a["latency_ms"] >= 0 for a in attempts)


def test_a_receiver_that_answers_410_is_disabled(stack: RunningStack, token: str, receiver: Receiver) -> None:
    receiver.answers["/gone"] = [410]
    job, execution_id = run_job(stack, token, [{"url": f"{receiver.url}/gone", "level": "DEBUG"}])
    stack.wait_for_status(token, job["id"], execution_id, FINAL)
    receiver.wait_for("/gone", 1)

    deadline = time.monotonic() + 10
    disabled: list[str] = []
    while not disabled and time.monotonic() < deadline:
        disabled = stack.call("GET", f"/jobs/DEMO/{job['id']}", token).json()["details"]["disabledCallbacks"]
        time.sleep(0.2)
    assert disabled == [f"{receiver.url}/gone"]
    time.sleep(2)
    assert len(receiver.at("/gone")) == 1  # nothing more was sent


def test_a_receiver_that_never_answers_does_not_delay_the_execution(
    stack: RunningStack, token: str, receiver: Receiver
) -> None:
    # Given the same job twice: one without callbacks, one calling a receiver that never answers
    receiver.silent.add("/silent")
    plain_job, plain = run_job(stack, token, [])
    started = time.monotonic()
    stack.wait_for_status(token, plain_job["id"], plain, FINAL)
    plain_seconds = time.monotonic() - started

    job, execution_id = run_job(stack, token, [{"url": f"{receiver.url}/silent", "level": "DEBUG"}])
    started = time.monotonic()
    final = stack.wait_for_status(token, job["id"], execution_id, FINAL)
    silent_seconds = time.monotonic() - started

    # Then the execution ends as soon as without callbacks, while the receiver is still being tried
    assert final["status"] == "FAILURE"
    assert silent_seconds < plain_seconds + 5, (silent_seconds, plain_seconds)
    receiver.wait_for("/silent", 1)
