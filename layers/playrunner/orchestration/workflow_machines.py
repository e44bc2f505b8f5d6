"""Each workflow's own state machine: made or brought up to date from the workflow, started
once per run attempt, stopped on cancel, deleted with the workflow."""

import hashlib
import json
import re
from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient
from playrunner.models.workflow import WorkflowSpec
from playrunner.orchestration.definition import logging_configuration
from playrunner.orchestration.runs import StateMachine
from playrunner.orchestration.workflow_definition import compile_workflow
from playrunner.settings import WorkflowSettings

MAX_NAME_LENGTH = 80
_MISSING = {"StateMachineDoesNotExist"}


class WorkflowMachines(AwsClient):
    service = "stepfunctions"

    def __init__(self, settings: WorkflowSettings, client: Any = None) -> None:
        super().__init__(client)
        self._settings = settings
        self._arn_prefix = settings.state_machine_arn.rsplit(":", 1)[0] + ":"

    def name(self, account_alias: str, workflow: str) -> str:
        """A readable name in the console; a hash keeps it unique when it must be shortened."""
        wanted = f"{self._settings.workflow_state_machine_prefix}{account_alias}-{workflow}"
        safe = re.sub(r"[^A-Za-z0-9_-]", "-", wanted)
        if safe == wanted and len(safe) <= MAX_NAME_LENGTH:
            return safe
        digest = hashlib.sha256(wanted.encode()).hexdigest()[:16]
        return f"{safe[: MAX_NAME_LENGTH - len(digest) - 1]}-{digest}"

    def arn(self, account_alias: str, workflow: str) -> str:
        return self._arn_prefix + self.name(account_alias, workflow)

    def definition(self, spec: WorkflowSpec) -> str:
        return json.dumps(
            compile_workflow(
                spec,
                task_function=self._settings.workflow_task_function_arn,
                finish_function=self._settings.workflow_finish_function_arn,
            ),
            indent=1,
        )

    def ensure(self, account_alias: str, spec: WorkflowSpec) -> str:
        """Create the workflow's state machine, or update it when its definition changed."""
        arn = self.arn(account_alias, spec.name)
        definition = self.definition(spec)
        try:
            current = self.client.describe_state_machine(stateMachineArn=arn)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in _MISSING:
                raise
            self.client.create_state_machine(
                name=self.name(account_alias, spec.name),
                definition=definition,
                roleArn=self._settings.workflow_role_arn,
                type="STANDARD",
                **self._logging(),
            )
            return arn
        if current.get("definition") != definition:
            self.client.update_state_machine(stateMachineArn=arn, definition=definition)
        return arn

    def _logging(self) -> dict[str, Any]:
        if not self._settings.workflow_log_group_arn:
            return {}
        return {"loggingConfiguration": logging_configuration(self._settings.workflow_log_group_arn)}

    def delete(self, account_alias: str, workflow: str) -> None:
        try:
            self.client.delete_state_machine(stateMachineArn=self.arn(account_alias, workflow))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in _MISSING:
                raise

    def machine(self, account_alias: str, workflow: str) -> StateMachine:
        return StateMachine(self.arn(account_alias, workflow), self.client)
