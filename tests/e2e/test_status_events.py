"""Every status change of an execution reaches the stack's EventBridge bus, and through a rule
any target (here an SQS queue in the local stack's moto)."""

import base64
import json
import time
from typing import Any

from tests.e2e.stack import RunningStack

PLAYBOOK = base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n").decode()


def test_status_changes_reach_a_rules_target(stack: RunningStack, token: str) -> None:
    # Given a rule on the stack's bus sending playrunner's status events to a queue
    sqs, events = stack.aws("sqs"), stack.aws("events")
    queue_url = sqs.create_queue(QueueName="status-changes")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = stack.state["compute"]["event_bus_name"]
    events.put_rule(
        Name="playrunner-status",
        EventBusName=bus,
        EventPattern=json.dumps({"source": ["playrunner"], "detail-type": ["Execution Status Change"]}),
    )
    events.put_targets(Rule="playrunner-status", EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])

    # When a job runs to the end
    document = {"playbook": PLAYBOOK, "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}]}
    job_id = stack.call("POST", "/jobs/DEMO", token, json=document).json()["id"]
    execution_id = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={}).json()["execution_id"]
    assert stack.wait_for_status(token, job_id, execution_id, {"SUCCESS", "FAILURE"})["status"] == "SUCCESS"

    # Then each of its status changes arrived, in order, with the execution's ids
    details: list[dict[str, Any]] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not details or details[-1]["status"] != "SUCCESS"):
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
            event = json.loads(message["Body"])
            if event["detail"]["execution_id"] == execution_id:
                details.append(event["detail"])
        time.sleep(0.2)
    assert [d["status"] for d in details] == ["PENDING", "INITIALIZING", "RUNNING", "SUCCESS"]
    assert [d["previous_status"] for d in details] == [None, "PENDING", "INITIALIZING", "RUNNING"]
    assert {(d["job_id"], d["account_alias"]) for d in details} == {(job_id, "DEMO")}
