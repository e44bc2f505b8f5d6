"""Executions of the state machine: started by name, so a retried start cannot run twice."""

import json
from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient
from playrunner.errors import Conflict

_ALREADY_GONE = {"ExecutionDoesNotExist", "ExecutionNotFound"}


class StateMachine(AwsClient):
    service = "stepfunctions"

    def __init__(self, arn: str, client: Any = None) -> None:
        super().__init__(client)
        self.arn = arn

    def execution_arn(self, name: str) -> str:
        return self.arn.replace(":stateMachine:", ":execution:") + f":{name}"

    def start(self, name: str, state: dict[str, Any]) -> str:
        try:
            answer = self.client.start_execution(stateMachineArn=self.arn, name=name, input=json.dumps(state))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ExecutionAlreadyExists":
                raise Conflict(f"a run named {name} was already started") from exc
            raise
        return str(answer["executionArn"])

    def stop(self, name: str, *, error: str, cause: str) -> None:
        try:
            self.client.stop_execution(executionArn=self.execution_arn(name), error=error, cause=cause)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in _ALREADY_GONE:
                raise
