"""Every status change of an execution reaches the stack's EventBridge bus, and through a rule
any target (here an SQS queue in the local stack's moto)."""

import base64
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from typing import Any

from playrunner.local.stack import aws_environment
from tests.e2e.stack import RunningStack
from tests.receiver import running_receiver

PLAYBOOK = base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n").decode()


# A writer of one execution's status that dies the instant its write is done: SIGKILL, no
# handler, nothing of it runs after the write.
WRITER = """
import os, signal, sys, time
from playrunner.models.execution import Execution
from playrunner.models.job import Callback
from playrunner.store.dynamodb import Table
from playrunner.store.executions import ExecutionRecord, ExecutionStore

table, execution_id, job_id, url = sys.argv[1:]
now = int(time.time() * 1000)
execution = Execution(
    execution_id=execution_id, job_id=job_id, account_alias="DEMO", status="FAILURE",
    status_reason="written by a writer that died", created_time=now, last_updated_time=now,
)
ExecutionStore(Table(table)).create(ExecutionRecord(execution=execution, callbacks=[Callback(url=url)]))
os.kill(os.getpid(), signal.SIGKILL)
"""


def _status_queue(stack: RunningStack, name: str) -> str:
    """A rule on the stack's bus sending playrunner's status events to a new queue."""
    sqs, events = stack.aws("sqs"), stack.aws("events")
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = stack.state["compute"]["event_bus_name"]
    events.put_rule(
        Name=name,
        EventBusName=bus,
        EventPattern=json.dumps({"source": ["playrunner"], "detail-type": ["Execution Status Change"]}),
    )
    events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    return str(queue_url)


def _details_of(stack: RunningStack, queue_url: str, execution_id: str, until: str) -> list[dict[str, Any]]:
    sqs = stack.aws("sqs")
    details: list[dict[str, Any]] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not details or details[-1]["status"] != until):
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
            event = json.loads(message["Body"])
            if event["detail"]["execution_id"] == execution_id:
                details.append(event["detail"])
        time.sleep(0.2)
    return details


def test_a_status_is_published_though_its_writer_died_right_after_writing_it(stack: RunningStack, token: str) -> None:
    queue_url = _status_queue(stack, "status-of-dead-writers")
    with running_receiver() as receiver:
        # Given a job with a callback
        document = {
            "playbook": PLAYBOOK,
            "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}],
            "callbacks": [{"url": f"{receiver.url}/hook"}],
        }
        job_id = stack.call("POST", "/jobs/DEMO", token, json=document).json()["id"]
        # ... and a writer that writes an execution's final status and is killed the instant after
        execution_id = str(uuid.uuid4())
        done = subprocess.run(
            [sys.executable, "-c", WRITER, stack.state["resources"]["table_name"], execution_id, job_id,
             f"{receiver.url}/hook"],
            env={**os.environ, **aws_environment(stack.state["aws_endpoint"])},
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
        assert done.returncode == -signal.SIGKILL, done.stderr

        # Then its status event reached the bus, and its callback the receiver
        details = _details_of(stack, queue_url, execution_id, until="FAILURE")
        assert [(d["status"], d["previous_status"]) for d in details] == [("FAILURE", None)]
        delivered = [json.loads(r.body) for r in receiver.wait_for("/hook", 2, timeout=30)]
        assert {(d["type"], d["execution_id"], d["data"]["status"]) for d in delivered} == {
            ("execution.status", execution_id, "FAILURE"),
            ("execution.result", execution_id, "FAILURE"),
        }


def test_status_changes_reach_a_rules_target(stack: RunningStack, token: str) -> None:
    # Given a rule on the stack's bus sending playrunner's status events to a queue
    queue_url = _status_queue(stack, "playrunner-status")

    # When a job runs to the end
    document = {"playbook": PLAYBOOK, "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}]}
    job_id = stack.call("POST", "/jobs/DEMO", token, json=document).json()["id"]
    execution_id = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={}).json()["execution_id"]
    assert stack.wait_for_status(token, job_id, execution_id, {"SUCCESS", "FAILURE"})["status"] == "SUCCESS"

    # Then each of its status changes arrived, in order, with the execution's ids
    details = _details_of(stack, queue_url, execution_id, until="SUCCESS")
    assert [d["status"] for d in details] == ["PENDING", "INITIALIZING", "RUNNING", "SUCCESS"]
    assert [d["previous_status"] for d in details] == [None, "PENDING", "INITIALIZING", "RUNNING"]
    assert {(d["job_id"], d["account_alias"]) for d in details} == {(job_id, "DEMO")}
