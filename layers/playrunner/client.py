"""A small client for the playrunner API, local or deployed."""

import time
from collections.abc import Callable
from typing import Any

import requests

from playrunner.models.execution import FINAL_STATUSES


class ApiError(Exception):
    def __init__(self, status: int, error_code: str, error_msg: str) -> None:
        super().__init__(f"{status} {error_code}: {error_msg}")
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg


class PlayrunnerClient:
    def __init__(self, url: str, token: str | None = None, timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._session = requests.Session()

    def request(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        answer = self._send(method, path, body, params)
        if answer.status_code == 204:
            return None
        if answer.headers.get("Content-Type", "").startswith("application/json"):
            return answer.json()
        return answer.text

    def stdout(self, account_alias: str, job_id: str, execution_id: str, offset: int = 0) -> tuple[str, int]:
        """A page of the execution's stdout from byte OFFSET, and the offset after it."""
        path = f"/jobs/{account_alias}/{job_id}/executions/{execution_id}/stdout"
        answer = self._send("GET", path, None, {"offset": offset})
        after = answer.headers.get("X-Stdout-Next-Offset") or answer.headers.get("X-Stdout-Total-Size")
        return answer.text, int(after) if after is not None else offset + len(answer.content)

    def _send(self, method: str, path: str, body: Any, params: dict[str, Any] | None) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        answer = self._session.request(
            method, f"{self.url}{path}", json=body, params=params, headers=headers, timeout=self.timeout
        )
        if answer.status_code >= 400:
            try:
                error = answer.json()
            except ValueError:
                error = {"error_code": "HTTP_ERROR", "error_msg": answer.text[:500]}
            raise ApiError(answer.status_code, error.get("error_code", ""), error.get("error_msg", ""))
        return answer

    def login(self, username: str, password: str) -> dict[str, Any]:
        answer: dict[str, Any] = self.request(
            "POST", "/authentication/login", {"username": username, "password": password}
        )
        self.token = answer["bearerToken"]
        return answer

    def create_job(self, account_alias: str, document: dict[str, Any]) -> dict[str, Any]:
        job: dict[str, Any] = self.request("POST", f"/jobs/{account_alias}", document)
        return job

    def start(self, account_alias: str, job_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        execution: dict[str, Any] = self.request("POST", f"/jobs/{account_alias}/{job_id}/start", body or {})
        return execution

    def restart(
        self, account_alias: str, job_id: str, execution_id: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        path = f"/jobs/{account_alias}/{job_id}/executions/{execution_id}/restart"
        execution: dict[str, Any] = self.request("POST", path, body or {})
        return execution

    def execution(self, account_alias: str, execution_id: str, *, host_details: bool = True) -> dict[str, Any]:
        params = None if host_details else {"hostDetails": "false"}
        execution: dict[str, Any] = self.request("GET", f"/executions/{account_alias}/{execution_id}", params=params)
        return execution

    def wait(
        self,
        account_alias: str,
        execution_id: str,
        *,
        timeout: float = 600,
        poll_seconds: float = 0.25,
        on_status: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Poll until the execution reaches a final status; call ON_STATUS at each change (with
        the execution without its host lists); return the final execution, hosts and all."""
        deadline = time.monotonic() + timeout
        seen = None
        while True:
            # The status alone while it runs: its host lists are read once, at the end.
            execution = self.execution(account_alias, execution_id, host_details=False)
            if execution["status"] != seen and on_status is not None:
                on_status(execution)
            seen = execution["status"]
            if seen in FINAL_STATUSES:
                return self.execution(account_alias, execution_id)
            if time.monotonic() > deadline:
                raise TimeoutError(f"execution {execution_id} is still {seen} after {timeout} s")
            time.sleep(poll_seconds)
