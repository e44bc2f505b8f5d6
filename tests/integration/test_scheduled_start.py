"""A fired schedule starts its job once, however often Scheduler delivers the firing."""

import base64
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3

from playrunner.local.provision import LocalResources
from playrunner.models.schedule import ScheduledStart
from tests.integration.engine import Engine

PLAYBOOK = base64.b64encode(b"- hosts: all\n  tasks: []\n").decode()


def test_a_firing_delivered_twice_starts_one_execution(aws: LocalResources, tmp_path: Path) -> None:
    engine = Engine(aws, tmp_path)
    job = engine.create_job({"playbook": PLAYBOOK, "hosts": [{"id": "web1"}]})
    fired = ScheduledStart(account_alias="DEMO", job_id=job.id, schedule="s-1", scheduled_time="2026-11-23T10:00:00Z")

    with ThreadPoolExecutor(4) as pool:
        started = list(pool.map(lambda _: engine.service.start_scheduled(fired), range(4)))

    assert len({execution.execution_id for execution in started}) == 1
    assert started[0].launch_type == "schedule"
    assert engine.service.list("DEMO", job.id, 0, 10).total_size == 1
    runs = boto3.client("stepfunctions").list_executions(stateMachineArn=engine.service_state_machine_arn)
    assert len(runs["executions"]) == 1

    # And the next firing of the same schedule is a new execution
    later = fired.model_copy(update={"scheduled_time": "2026-11-24T10:00:00Z"})
    assert engine.service.start_scheduled(later).execution_id != started[0].execution_id
