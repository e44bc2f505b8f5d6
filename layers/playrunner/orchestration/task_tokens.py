"""Answering a state machine's task token: heartbeats while the run goes on, then its outcome."""

import json
from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient

_GONE = {"TaskTimedOut", "TaskDoesNotExist", "InvalidToken"}


class TaskTokenGone(Exception):
    """The state machine no longer waits for this token (timed out, stopped, or answered)."""


class TaskToken(AwsClient):
    service = "stepfunctions"

    def __init__(self, token: str, client: Any = None) -> None:
        super().__init__(client)
        self._token = token

    def _call(self, method: str, **kwargs: Any) -> None:
        try:
            getattr(self.client, method)(taskToken=self._token, **kwargs)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _GONE:
                raise TaskTokenGone(str(exc)) from exc
            raise

    def heartbeat(self) -> None:
        self._call("send_task_heartbeat")

    def succeed(self, output: dict[str, Any]) -> None:
        self._call("send_task_success", output=json.dumps(output))

    def fail(self, error: str, cause: str) -> None:
        self._call("send_task_failure", error=error[:256], cause=cause[:32768])
