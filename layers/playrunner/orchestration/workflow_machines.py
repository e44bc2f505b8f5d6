"""Each workflow's own state machine: made or brought up to date from the workflow, started
once per run attempt, stopped on cancel, deleted with the workflow.

Its name encodes (account, workflow) so that no two pairs share one: the account alias is
prefixed with its length (`acme` + `x-deploy` and `acme-x` + `deploy` differ), and a name too
long for Step Functions ends in a hash of the pair. It is tagged with both as well, and
playrunner never updates, starts or deletes a state machine whose tags name another account's
workflow: a name is not proof of ownership."""

import hashlib
import json
import re
from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient
from playrunner.errors import Conflict
from playrunner.models.workflow import WorkflowSpec
from playrunner.orchestration.definition import logging_configuration
from playrunner.orchestration.runs import StateMachine
from playrunner.orchestration.workflow_definition import compile_workflow
from playrunner.settings import WorkflowMakingSettings, WorkflowSettings

MAX_NAME_LENGTH = 80
_MISSING = {"StateMachineDoesNotExist"}
ACCOUNT_TAG = "playrunner:account_alias"
WORKFLOW_TAG = "playrunner:workflow"


class WorkflowMachines(AwsClient):
    service = "stepfunctions"

    def __init__(
        self, settings: WorkflowSettings, client: Any = None, making: WorkflowMakingSettings | None = None
    ) -> None:
        super().__init__(client)
        self._settings = settings
        self._making = making  # none: this function makes no state machine (the workflow steps)
        self._arn_prefix = settings.state_machine_arn.rsplit(":", 1)[0] + ":"

    def name(self, account_alias: str, workflow: str) -> str:
        """A readable name in the console, unambiguous for every (account, workflow)."""
        wanted = f"{self._settings.workflow_state_machine_prefix}{len(account_alias)}-{account_alias}-{workflow}"
        safe = re.sub(r"[^A-Za-z0-9_-]", "-", wanted)
        if safe == wanted and len(safe) <= MAX_NAME_LENGTH:
            return safe
        digest = hashlib.sha256(f"{account_alias}\0{workflow}".encode()).hexdigest()[:32]
        return f"{safe[: MAX_NAME_LENGTH - len(digest) - 1]}-{digest}"

    @staticmethod
    def tags(account_alias: str, workflow: str) -> list[dict[str, str]]:
        return [{"key": ACCOUNT_TAG, "value": account_alias}, {"key": WORKFLOW_TAG, "value": workflow}]

    def _check_owner(self, arn: str, account_alias: str, workflow: str) -> None:
        found = self.client.list_tags_for_resource(resourceArn=arn).get("tags", [])
        if sorted((t["key"], t["value"]) for t in found if t["key"] in {ACCOUNT_TAG, WORKFLOW_TAG}) != sorted(
            (t["key"], t["value"]) for t in self.tags(account_alias, workflow)
        ):
            raise Conflict(
                f"a state machine named for workflow {workflow} exists but is not this account's: it is left alone",
                error_code="STATE_MACHINE_NOT_OURS",
            )

    def arn(self, account_alias: str, workflow: str) -> str:
        return self._arn_prefix + self.name(account_alias, workflow)

    @property
    def making(self) -> WorkflowMakingSettings:
        if self._making is None:
            raise RuntimeError("this function makes no workflow state machine: it is given no WorkflowMakingSettings")
        return self._making

    def definition(self, spec: WorkflowSpec) -> str:
        return json.dumps(
            compile_workflow(
                spec,
                task_function=self.making.workflow_task_function_arn,
                finish_function=self.making.workflow_finish_function_arn,
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
                roleArn=self.making.workflow_role_arn,
                type="STANDARD",
                tags=self.tags(account_alias, spec.name),
                **self._logging(),
            )
            return arn
        self._check_owner(arn, account_alias, spec.name)
        if current.get("definition") != definition:
            self.client.update_state_machine(stateMachineArn=arn, definition=definition)
        return arn

    def _logging(self) -> dict[str, Any]:
        if not self.making.workflow_log_group_arn:
            return {}
        return {"loggingConfiguration": logging_configuration(self.making.workflow_log_group_arn)}

    def delete(self, account_alias: str, workflow: str) -> None:
        arn = self.arn(account_alias, workflow)
        try:
            self.client.describe_state_machine(stateMachineArn=arn)
            self._check_owner(arn, account_alias, workflow)
            self.client.delete_state_machine(stateMachineArn=arn)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in _MISSING:
                raise

    def machine(self, account_alias: str, workflow: str) -> StateMachine:
        return StateMachine(self.arn(account_alias, workflow), self.client)
