"""Drive one execution in this process, step by step in the state machine's order, with the
real runner (ansible-runner, real hosts) against moto. The state machine itself is exercised
by the e2e tests on the local stack."""

import json
from pathlib import Path
from typing import Any

import boto3

from playrunner.local.provision import LocalResources
from playrunner.models.auth import Caller
from playrunner.models.execution import Execution, RelaunchRequest, RestartRequest, StartRequest
from playrunner.models.job import Job, JobSpec
from playrunner.orchestration.runner_tasks import RunnerTasks
from playrunner.orchestration.runs import StateMachine
from playrunner.runner.main import Runner
from playrunner.runner.settings import RunnerSettings
from playrunner.runner.source import SourceError
from playrunner.runner.workspace import Workspace
from playrunner.secrets.envelope import SecretBox
from playrunner.services.control import ExecutionControl
from playrunner.services.executions import ExecutionService
from playrunner.services.jobs import JobService
from playrunner.services.schedules import ScheduleService
from playrunner.services.steps import ExecutionSteps, StepState
from playrunner.settings import RunnerTaskSettings
from playrunner.store.artifacts import StdoutStore
from playrunner.store.deliveries import DeliveryStore
from playrunner.store.dynamodb import Table
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionStore
from playrunner.store.jobs import JobStore

CALLER = Caller(user_name="tester", account_alias="DEMO")


def _recording_state_machine() -> str:
    # Starts are recorded by moto (its interpreter is off in-process); the steps run below.
    role = boto3.client("iam").create_role(RoleName="sfn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Pass", "End": True}}}
    return str(
        boto3.client("stepfunctions").create_state_machine(
            name="recording", definition=json.dumps(definition), roleArn=role
        )["stateMachineArn"]
    )


def _no_schedules() -> ScheduleService:
    raise AssertionError("the engine harness deletes no job")


class Engine:
    def __init__(self, resources: LocalResources, work_dir: Path) -> None:
        self.resources = resources
        self.work_dir = work_dir
        table = Table(resources.table_name)
        box = SecretBox(resources.secrets_key_arn)
        self.executions = ExecutionStore(table)
        self.events = EventStore(table)
        self.stdout = StdoutStore(resources.artifacts_bucket)
        state_machine = StateMachine(_recording_state_machine())
        self.service_state_machine_arn = state_machine.arn
        self.service = ExecutionService(
            JobStore(table), self.executions, self.events, self.stdout, box, state_machine, DeliveryStore(table)
        )
        self.jobs = JobService(JobStore(table), box, lambda: self.service, _no_schedules)
        tasks = RunnerTasks(RunnerTaskSettings(runner_cluster="unused", runner_task_definition="unused"))
        self.steps = ExecutionSteps(JobStore(table), self.executions, self.events, tasks, heartbeat_seconds=60)
        self.control = ExecutionControl(JobStore(table), self.executions, box, state_machine, tasks, self.steps)

    def create_job(self, document: dict[str, Any]) -> Job:
        return self.jobs.create("DEMO", JobSpec.model_validate(document), CALLER)

    def start(self, job: Job, request: dict[str, Any] | None = None) -> Execution:
        return self.service.start("DEMO", job.id, StartRequest.model_validate(request or {}), CALLER)

    def restart(self, execution: Execution, request: dict[str, Any] | None = None) -> Execution:
        restart = RestartRequest.model_validate(request or {})
        return self.control.restart("DEMO", execution.job_id, execution.execution_id, restart, CALLER)

    def relaunch(self, execution: Execution, request: dict[str, Any] | None = None) -> Execution:
        relaunch = RelaunchRequest.model_validate(request or {})
        return self.service.relaunch("DEMO", execution.job_id, execution.execution_id, relaunch, CALLER)

    def run(self, execution: Execution) -> Execution:
        """MarkInitializing -> RunPlaybook (the runner) -> RecordResults -> Finalize."""
        state: dict[str, Any] = {
            "execution_id": execution.execution_id,
            "account_alias": "DEMO",
            "job_id": execution.job_id,
        }
        state["limits"] = self.steps.initialize(StepState.model_validate(state)).model_dump()
        settings = RunnerSettings(
            execution_id=execution.execution_id,
            account_alias="DEMO",
            table_name=self.resources.table_name,
            secrets_key_arn=self.resources.secrets_key_arn,
            artifacts_bucket=self.resources.artifacts_bucket,
            work_dir=self.work_dir,
        )
        workspace = Workspace(settings.work_dir)
        try:
            result = Runner(settings).run(workspace)
            state["outcome"] = {"status": result.status, "rc": result.rc}
        except SourceError as exc:
            state["error"] = {"Error": "PlaybookSourceError", "Cause": str(exc)}
        finally:
            workspace.close()
        state["results"] = self.steps.record_results(StepState.model_validate(state)).model_dump()
        self.steps.finalize(StepState.model_validate(state))
        return self.service.get("DEMO", execution.execution_id)
