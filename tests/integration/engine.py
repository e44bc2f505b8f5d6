"""Drive one execution in this process, step by step in the state machine's order, with the
real runner (ansible-runner, real hosts) against moto. The state machine itself is exercised
by the e2e tests on the local stack."""

import json
from pathlib import Path
from typing import Any

import boto3

from playrunner.composition.executions import execution_service
from playrunner.composition.jobs import job_service
from playrunner.composition.steps import execution_control, execution_steps
from playrunner.environment import running_with
from playrunner.local.provision import LocalResources
from playrunner.models.auth import Caller
from playrunner.models.execution import Execution, RelaunchRequest, RestartRequest, StartRequest
from playrunner.models.job import Job, JobSpec
from playrunner.naming import ENV_RUNNER_CLUSTER, ENV_RUNNER_TASK_DEFINITION, ENV_STATE_MACHINE_ARN
from playrunner.orchestration.contracts import RunOutcome, SliceState, StepError, StepState
from playrunner.runner.main import Runner
from playrunner.runner.source import SourceError
from playrunner.runner.workspace import Workspace
from playrunner.settings import RunnerSettings
from playrunner.store.artifacts import StdoutStore
from playrunner.store.dynamodb import Table
from playrunner.store.events import EventStore
from playrunner.store.executions import ExecutionStore

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


class Engine:
    """The services, composed by the same factories the functions use, from an environment
    that points them at this moto account."""

    def __init__(self, resources: LocalResources, work_dir: Path) -> None:
        self.resources = resources
        self.work_dir = work_dir
        self.service_state_machine_arn = _recording_state_machine()
        environment = {
            **resources.function_environment(),
            ENV_STATE_MACHINE_ARN: self.service_state_machine_arn,
            ENV_RUNNER_CLUSTER: "unused",
            ENV_RUNNER_TASK_DEFINITION: "unused",
        }
        with running_with(environment):
            self.service = execution_service()
            self.jobs = job_service()
            self.steps = execution_steps()
            self.control = execution_control()
        table = Table(resources.table_name)
        self.executions = ExecutionStore(table)
        self.events = EventStore(table)
        self.stdout = StdoutStore(resources.artifacts_bucket)

    def stdout_of(self, execution_id: str) -> str:
        """The execution's whole stdout, every run's."""
        data, _ = self.stdout.read_range("DEMO", execution_id, 0, 1 << 40)
        return data.decode("utf-8", "replace")

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
        """MarkInitializing -> PlanSlices -> each slice in turn (StartSlice -> the runner ->
        RecordSlice) -> Finalize."""
        state = StepState(execution_id=execution.execution_id, account_alias="DEMO", job_id=execution.job_id)
        state.limits = self.steps.initialize(state)
        state.plan = self.steps.plan(state)
        for number in state.plan.slices:
            self.run_slice(state, number)
        self.steps.finalize(state)
        return self.service.get("DEMO", execution.execution_id)

    def run_slice(self, state: StepState, number: int) -> None:
        ref = state.model_dump(include={"execution_id", "account_alias", "job_id", "limits"})
        sliced = SliceState.model_validate({**ref, "slice": number})
        if not self.steps.start_slice(sliced).run:
            return
        settings = RunnerSettings(
            execution_id=state.execution_id,
            account_alias="DEMO",
            slice=number,
            table_name=self.resources.table_name,
            secrets_key_arn=self.resources.secrets_key_arn,
            artifacts_bucket=self.resources.artifacts_bucket,
            work_dir=self.work_dir,
        )
        workspace = Workspace(settings.work_dir)
        try:
            result = Runner(settings).run(workspace)
            sliced.outcome = RunOutcome.model_validate({"status": result.status, "rc": result.rc})
        except SourceError as exc:
            sliced.error = StepError(error="PlaybookSourceError", cause=str(exc))
        finally:
            workspace.close()
        self.steps.record_slice(sliced)
